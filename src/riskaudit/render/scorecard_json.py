"""scorecard.json: the canonical, byte-reproducible scorecard."""

from ..scorecard import Scorecard
from ._registry import register_renderer


@register_renderer("json", "scorecard.json")
def render_json(scorecard: Scorecard) -> str:
    return scorecard.to_json()
