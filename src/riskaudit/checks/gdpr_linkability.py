"""gdpr.linkability: the worst measured linkage rate in ``results.linkage``.

Candidates (whichever ran): exact linkage ``exact.correct_rate`` (else ``exact.unique_match_rate``), fuzzy linkage
``fuzzy.correct_rate`` (else ``fuzzy.link_rate``) and Anonymeter ``anonymeter.linkability.risk.value``.
"""

from ..findings import get
from ._registry import not_measured, register_rule, threshold_check

ID = "gdpr.linkability"
SOURCE = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (linkability)"


def _candidates(lk) -> list[tuple[str, float]]:
    out = []
    for name, paths in (
        ("exact", (("exact", "correct_rate"), ("exact", "unique_match_rate"))),
        ("fuzzy", (("fuzzy", "correct_rate"), ("fuzzy", "link_rate"))),
        ("anonymeter", (("anonymeter", "linkability", "risk", "value"),)),
    ):
        for p in paths:
            v = get(lk, *p)
            if isinstance(v, int | float):
                out.append((".".join(p), float(v)))
                break
        _ = name
    return out


@register_rule(ID, scanner="linkage", title="linkability", direction="higher_is_worse", source=SOURCE)
def evaluate(results, cfg):
    cands = _candidates(results["linkage"])
    if not cands:
        return [not_measured(ID, cfg, what="linkability", source=SOURCE,
                             reason="no linkage attack ran (linkage.aux or linkage.anonymeter.release)")]
    path, v = max(cands, key=lambda t: t[1])
    return [threshold_check(ID, v, cfg, what=f"share of records linked ({path})", fmt="{:.4f}")]
