"""pii.free_text: share of free-text cells that name a person or hold an identifier."""

from ._registry import Rule


class FreeText(Rule):
    id = "pii.free_text"
    scanner = "pii"
    title = "PII in free text"
    source = "HIPAA 164.514(b)(2)(i): identifiers anywhere in the record, including notes"

    def check(self, results, cfg, params):
        r = results["pii"]
        if not r.free_text and r.free_text_analysis == "off":
            return [
                self.not_measured(
                    cfg,
                    reason="free-text analysis is off (pii.free_text.mode: off); set it to sample or full",
                )
            ]
        if not r.free_text:
            return [
                self.result(cfg, status="pass", value=0.0, threshold=cfg.fail, message="no free-text column")
            ]
        out = []
        for c, f in r.free_text.items():
            ents = ", ".join(f"{e} {v.row_share:.1%}" for e, v in f.entities.items()) or "none"
            out.append(
                self.threshold(
                    f.share_rows_with_pii,
                    cfg,
                    column=c,
                    fmt="{:.2%}",
                    what=f"share of {f.rows_analysed} {f.mode}d cells of '{c}' with PII ({ents})",
                )
            )
        return out
