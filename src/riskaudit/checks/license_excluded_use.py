"""license.excluded_use: an intended use that the license excludes (or does not permit)."""

from ..scorecard import Check
from ._registry import register_rule
from ._terms import license_terms

ID = "license.excluded_use"
SOURCE = "License field-of-use clause (Montreal Data License rights; CDLA; DPS intended_use)"


def _norm(s: str) -> str:
    return s.strip().lower().replace("-", "_").replace(" ", "_")


@register_rule(ID, scanner="license", title="intended use allowed by the license", direction="none", source=SOURCE)
def evaluate(results, cfg):
    terms = license_terms(results)
    if terms is None:
        return []
    fu = terms.fields_of_use
    src = cfg.source or SOURCE
    excluded = {_norm(x) for x in fu.excluded}
    permitted = {_norm(x) for x in fu.permitted}
    out = []
    for use in fu.intended:
        u = _norm(use)
        if u in excluded:
            out.append(Check(id=ID, status="fail", value=use, scanner="license", source=src,
                             message=f"intended use '{use}' is excluded by the license (fields_of_use.excluded)"))
        elif permitted and u not in permitted:
            out.append(Check(id=ID, status="warn", value=use, scanner="license", source=src,
                             message=f"intended use '{use}' is not among the permitted uses; rights not granted are reserved"))
    if not out:
        shown = ", ".join(fu.intended) or "none declared"
        out.append(Check(id=ID, status="pass", value=len(fu.intended), scanner="license", source=src,
                         message=f"intended uses within the license: {shown}"))
    return out
