"""Marks for licensed copies: trap records and keyed watermarks per recipient, signed receipts, detection."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "DetectResult": "_result",
    "MarkResult": "_result",
    "WatermarkSpec": "_result",
    "detect_marks": "_api",
    "mark_dataset": "_api",
    "parse_watermarks": "_watermark",
    "verify_receipt": "_receipt",
    "is_receipt": "_receipt",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "DetectResult",
    "MarkResult",
    "WatermarkSpec",
    "detect_marks",
    "is_receipt",
    "mark_dataset",
    "parse_watermarks",
    "verify_receipt",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._api import detect_marks, mark_dataset
    from ._receipt import is_receipt, verify_receipt
    from ._result import DetectResult, MarkResult, WatermarkSpec
    from ._watermark import parse_watermarks
