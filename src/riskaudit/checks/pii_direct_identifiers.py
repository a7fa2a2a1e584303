"""pii.direct_identifiers: a dataset licensed for AI work should hold no direct identifier column."""

from ._registry import Rule


class DirectIdentifiers(Rule):
    id = "pii.direct_identifiers"
    scanner = "pii"
    title = "no direct identifiers"
    source = "HIPAA 45 CFR 164.514(b)(2); GDPR Art. 4(1) identifiers; ISO/IEC 20889 direct identifiers"

    def check(self, results, cfg, params):
        r = results["pii"]
        cols = [c for c, p in r.columns.items() if p.role == "direct_identifier"]
        status = (
            "fail"
            if cols and cfg.fail is not None and len(cols) > cfg.fail
            else ("warn" if cols and cfg.warn is not None and len(cols) > cfg.warn else "pass")
        )
        th = cfg.fail if status != "warn" else cfg.warn
        if not cols:
            return [
                self.result(
                    cfg, status="pass", value=0, threshold=th, message="no direct identifier column found"
                )
            ]
        out = []
        for c in cols:
            p = r.columns[c]
            out.append(
                self.result(
                    cfg,
                    status=status,
                    value=p.decision,
                    threshold=th,
                    column=c,
                    message=f"column '{c}' is a direct identifier ({p.decision}, confidence {p.confidence:.2f}): drop or pseudonymise it",
                )
            )
        return out
