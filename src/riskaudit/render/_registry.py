"""Output formats: each renderer turns a finished scorecard into one file. Renderers never judge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..scorecard import Scorecard

__all__ = ["Renderer", "register_renderer", "renderers"]


@dataclass(frozen=True)
class Renderer:
    format: str
    filename: str
    render: Callable[[Scorecard], str | bytes]


_RENDERERS: dict[str, Renderer] = {}


def register_renderer(format: str, filename: str) -> Callable:
    def deco(fn: Callable[[Scorecard], str | bytes]) -> Callable[[Scorecard], str | bytes]:
        _RENDERERS[format] = Renderer(format=format, filename=filename, render=fn)
        return fn

    return deco


def renderers() -> dict[str, Renderer]:
    return dict(_RENDERERS)
