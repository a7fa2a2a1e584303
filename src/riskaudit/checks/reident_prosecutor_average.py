"""reident.prosecutor_average: records-weighted average prosecutor risk (classes / records)."""

from ._registry import Rule


class ProsecutorAverage(Rule):
    id = "reident.prosecutor_average"
    scanner = "reident"
    title = "average prosecutor risk"
    source = "El Emam; ARX RiskModelSampleSummary (records-weighted)"

    def check(self, results, cfg, params):
        r = results["reident"]
        return [
            self.threshold(
                r.prosecutor.average_records_weighted, cfg, what="average prosecutor risk (classes/records)"
            )
        ]
