"""gdpr.linkability: the worst measured linkage rate in ``results.linkage``.

Candidates (whichever ran, :meth:`LinkageResult.linkage_rates`): exact linkage ``exact.correct_rate`` (else
``exact.unique_match_rate``), fuzzy linkage ``fuzzy.correct_rate`` (else ``fuzzy.link_rate``) and Anonymeter
``anonymeter.linkability.risk.value``.
"""

from ._registry import Rule


class Linkability(Rule):
    id = "gdpr.linkability"
    scanner = "linkage"
    title = "linkability"
    source = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (linkability)"

    def check(self, results, cfg, params):
        cands = results["linkage"].linkage_rates()
        if not cands:
            return [
                self.not_measured(
                    cfg, reason="no linkage attack ran (linkage.aux or linkage.anonymeter.release)"
                )
            ]
        path, v = max(cands, key=lambda t: t[1])
        a = results["linkage"].anonymeter
        # the largest rate is a lower bound when the Anonymeter linkability rate, one of the candidates, is one
        bound = a.lower_bound_reason() if a is not None and a.linkability is not None else None
        return [
            self.threshold(v, cfg, what=f"share of records linked ({path})", fmt="{:.4f}", lower_bound=bound)
        ]


evaluate = Linkability.instance().evaluate
