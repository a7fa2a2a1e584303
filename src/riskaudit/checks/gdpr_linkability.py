"""gdpr.linkability: the worst measured linkage rate in ``results.linkage``.

Candidates (whichever ran): exact linkage ``exact.correct_rate`` (else ``exact.unique_match_rate``), fuzzy linkage
``fuzzy.correct_rate`` (else ``fuzzy.link_rate``) and Anonymeter ``anonymeter.linkability.risk.value``.
"""

from ..findings import get
from ._registry import Rule

_PATHS = (
    (("exact", "correct_rate"), ("exact", "unique_match_rate")),
    (("fuzzy", "correct_rate"), ("fuzzy", "link_rate")),
    (("anonymeter", "linkability", "risk", "value"),),
)


def _candidates(lk) -> list[tuple[str, float]]:
    out = []
    for paths in _PATHS:
        for p in paths:
            v = get(lk, *p)
            if isinstance(v, int | float):
                out.append((".".join(p), float(v)))
                break
    return out


class Linkability(Rule):
    id = "gdpr.linkability"
    scanner = "linkage"
    title = "linkability"
    source = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (linkability)"

    def check(self, results, cfg, params):
        cands = _candidates(results["linkage"])
        if not cands:
            return [self.not_measured(cfg, reason="no linkage attack ran (linkage.aux or linkage.anonymeter.release)")]
        path, v = max(cands, key=lambda t: t[1])
        return [self.threshold(v, cfg, what=f"share of records linked ({path})", fmt="{:.4f}")]


evaluate = Linkability.instance().evaluate
