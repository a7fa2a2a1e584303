"""license.excluded_use: an intended use that the license excludes (or does not permit)."""

from ._registry import Rule
from ._terms import license_terms


def _norm(s: str) -> str:
    return s.strip().lower().replace("-", "_").replace(" ", "_")


class ExcludedUse(Rule):
    id = "license.excluded_use"
    scanner = "license"
    title = "intended use allowed by the license"
    direction = "none"
    source = "License field-of-use clause (Montreal Data License rights; CDLA; DPS intended_use)"

    def check(self, results, cfg, params):
        terms = license_terms(results)
        if terms is None:
            return []
        fu = terms.fields_of_use
        excluded = {_norm(x) for x in fu.excluded}
        permitted = {_norm(x) for x in fu.permitted}
        out = []
        for use in fu.intended:
            u = _norm(use)
            if u in excluded:
                out.append(
                    self.result(
                        cfg,
                        status="fail",
                        value=use,
                        message=f"intended use '{use}' is excluded by the license (fields_of_use.excluded)",
                    )
                )
            elif permitted and u not in permitted:
                out.append(
                    self.result(
                        cfg,
                        status="warn",
                        value=use,
                        message=f"intended use '{use}' is not among the permitted uses; rights not granted are reserved",
                    )
                )
        if not out:
            shown = ", ".join(fu.intended) or "none declared"
            out.append(
                self.result(
                    cfg,
                    status="pass",
                    value=len(fu.intended),
                    message=f"intended uses within the license: {shown}",
                )
            )
        return out
