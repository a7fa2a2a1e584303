"""quality.id_like_columns: columns other than the configured id whose every row holds a distinct value (an id
or a free-text field: a model memorises it, and it may identify people)."""

from ._registry import Rule


class IdLikeColumns(Rule):
    id = "quality.id_like_columns"
    scanner = "quality"
    title = "id-like columns"
    source = "ydata-profiling UNIQUE alert (n_distinct = n)"

    def check(self, results, cfg, params):
        q = results["quality"]
        cols = [c for c in q.columns.id_like if c != q.id]
        shown = f": {', '.join(cols[:10])}" + (" ..." if len(cols) > 10 else "") if cols else ""
        return [
            self.threshold(
                len(cols), cfg, fmt="{:d}", what=f"id-like columns besides the configured id{shown}; count"
            )
        ]
