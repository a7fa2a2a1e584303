"""gdpr.inference: sensitive values inferable from the quasi-identifiers (lowest distinct l-diversity)."""

from ..findings import get
from ._registry import Rule


def _min_l(ld):
    """Smallest distinct-l over sensitive attributes, whatever the exact shape of results.reident.l_diversity."""
    if ld is None:
        return None
    if hasattr(ld, "model_dump"):
        ld = ld.model_dump(mode="json")
    vals = []
    items = ld.values() if isinstance(ld, dict) else ld if isinstance(ld, list) else []
    for v in items:
        x = v if isinstance(v, int | float) else (get(v, "distinct_l") if get(v, "distinct_l") is not None else get(v, "distinct"))
        if isinstance(x, dict):
            x = x.get("l") or x.get("min")
        if isinstance(x, int | float):
            vals.append(float(x))
    return min(vals) if vals else None


class Inference(Rule):
    id = "gdpr.inference"
    scanner = "reident"
    title = "inference (l-diversity)"
    direction = "lower_is_worse"
    source = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (inference); Machanavajjhala et al. 2007 (l-diversity)"

    def check(self, results, cfg, params):
        r = results["reident"]
        ld = get(r, "l_diversity")
        if ld is None and getattr(r, "model_extra", None):
            ld = r.model_extra.get("l_diversity")
        v = _min_l(ld)
        if v is None:
            return [self.not_measured(cfg, reason="no sensitive attributes configured (columns.sensitive)")]
        return [self.threshold(v, cfg, what="smallest distinct l-diversity of a sensitive attribute", fmt="{:g}")]


evaluate = Inference.instance().evaluate
