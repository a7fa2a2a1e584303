"""license.art9_basis: special-category data present but the license records no GDPR Art. 9(2) basis."""

from ..scorecard import Check
from ._registry import register_rule
from ._terms import license_terms, special_categories

ID = "license.art9_basis"
SOURCE = "GDPR Art. 9(1)-(2): processing special categories is prohibited unless an Art. 9(2) exception applies"


@register_rule(ID, scanner="license", title="Art. 9 basis for special-category data", direction="none", source=SOURCE)
def evaluate(results, cfg):
    terms = license_terms(results)
    if terms is None:
        return []
    found = special_categories(results)
    src = cfg.source or SOURCE
    if not found:
        return [Check(id=ID, status="pass", value=0, scanner="license", source=src,
                      message="no special-category (GDPR Art. 9) columns found")]
    cats = sorted({c for v in found.values() for c in v})
    where = ", ".join(f"{col} ({'/'.join(v)})" for col, v in found.items())
    if terms.privacy.art9_basis:
        return [Check(id=ID, status="pass", value=len(found), scanner="license", source=src,
                      message=f"special categories {', '.join(cats)} covered by Art. 9(2) basis '{terms.privacy.art9_basis}'")]
    return [Check(id=ID, status="fail", value=len(found), threshold=0, scanner="license", source=src, column=col,
                  message=f"column holds special-category data ({', '.join(v)}) but the license records no Art. 9(2) basis "
                          f"(privacy.art9_basis); all: {where}")
            for col, v in found.items()]
