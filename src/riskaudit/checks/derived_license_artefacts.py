"""derived.license_artefacts: a synthetic release / trained model was assessed; does the license allow releasing it?"""

from ..scorecard import Check
from ._registry import not_measured, register_rule
from ._terms import license_terms

ID = "derived.license_artefacts"
SOURCE = "license terms: derived_artefacts (synthetic_release, trained_models)"


@register_rule(
    ID, scanner="derived", title="derived artefacts allowed by the license", direction="none", source=SOURCE
)
def evaluate(results, cfg):
    d = results["derived"]
    terms = license_terms(results)
    src = cfg.source or SOURCE
    if terms is None:
        return [
            not_measured(
                ID,
                cfg,
                what="derived artefacts allowed by the license",
                reason="no license given (license: license.yaml)",
            )
        ]
    out = []
    for kind, present, allowed in (
        ("synthetic_release", d.synthetic is not None, terms.derived_artefacts.synthetic_release),
        ("trained_models", d.model is not None, terms.derived_artefacts.trained_models),
    ):
        if not present:
            continue
        status = {"allowed": "pass", "not_allowed": "fail", "unspecified": "warn"}[allowed]
        msg = {
            "allowed": f"the license allows {kind.replace('_', ' ')}",
            "not_allowed": f"a {kind.replace('_', ' ')} was assessed but the license does not allow it (derived_artefacts.{kind}: not_allowed)",
            "unspecified": f"the license does not state whether {kind.replace('_', ' ')} are allowed (derived_artefacts.{kind})",
        }[allowed]
        out.append(
            Check(id=ID, status=status, value=allowed, scanner="derived", facet=kind, source=src, message=msg)
        )
    return out
