"""pii.free_text: share of free-text cells that name a person or hold an identifier."""

from ..scorecard import Check
from ._registry import register_rule, threshold_check

SOURCE = "HIPAA 164.514(b)(2)(i): identifiers anywhere in the record, including notes"
RULE = "pii.free_text"


@register_rule(RULE, scanner="pii", title="PII in free text", direction="higher_is_worse",
               source=SOURCE)
def evaluate(results, cfg):
    r = results["pii"]
    if not r.free_text:
        return [Check(id=RULE, status="pass", value=0.0, threshold=cfg.fail, scanner="pii", source=cfg.source or SOURCE,
                      message="no free-text column")]
    out = []
    for c, f in r.free_text.items():
        ents = ", ".join(f"{e} {v.row_share:.1%}" for e, v in f.entities.items()) or "none"
        out.append(threshold_check(RULE, f.share_rows_with_pii, cfg, column=c, fmt="{:.2%}",
                                   what=f"share of {f.rows_analysed} {f.mode}d cells of '{c}' with PII ({ents})"))
    return out
