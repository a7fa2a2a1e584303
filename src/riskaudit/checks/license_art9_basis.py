"""license.art9_basis: special-category data present but the license records no GDPR Art. 9(2) basis."""

from ._registry import Rule
from ._terms import license_terms, special_categories


class Art9Basis(Rule):
    id = "license.art9_basis"
    scanner = "license"
    title = "Art. 9 basis for special-category data"
    direction = "none"
    source = "GDPR Art. 9(1)-(2): processing special categories is prohibited unless an Art. 9(2) exception applies"

    def check(self, results, cfg, params):
        terms = license_terms(results)
        if terms is None:
            return []
        found = special_categories(results)
        if not found:
            return [
                self.result(
                    cfg, status="pass", value=0, message="no special-category (GDPR Art. 9) columns found"
                )
            ]
        cats = sorted({c for v in found.values() for c in v})
        where = ", ".join(f"{col} ({'/'.join(v)})" for col, v in found.items())
        if terms.privacy.art9_basis:
            return [
                self.result(
                    cfg,
                    status="pass",
                    value=len(found),
                    message=f"special categories {', '.join(cats)} covered by Art. 9(2) basis '{terms.privacy.art9_basis}'",
                )
            ]
        return [
            self.result(
                cfg,
                status="fail",
                value=len(found),
                threshold=0,
                column=col,
                message=f"column holds special-category data ({', '.join(v)}) but the license records no Art. 9(2) basis "
                f"(privacy.art9_basis); all: {where}",
            )
            for col, v in found.items()
        ]
