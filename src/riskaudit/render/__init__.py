"""Renderers: scorecard -> files (JSON, Markdown, and more as they are registered)."""

from . import croissant, html, junit, markdown, sarif, scorecard_json, spdx  # noqa: F401  (registration)
from ._registry import Renderer, register_renderer, renderers

__all__ = ["Renderer", "register_renderer", "renderers"]
