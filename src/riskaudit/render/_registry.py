"""Output formats: each renderer turns a finished scorecard into one file. Renderers never judge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..scorecard import Scorecard

__all__ = ["Renderer", "register_renderer", "renderers"]


@dataclass(frozen=True)
class Renderer:
    format: str
    filename: str
    render: Callable[[Scorecard], str | bytes]
    #: further files written with this format: filename -> renderer (e.g. summary.md with report.md)
    extra: dict[str, Callable[[Scorecard], str | bytes]] = field(default_factory=dict)

    @property
    def filenames(self) -> tuple[str, ...]:
        return (self.filename, *self.extra)


_RENDERERS: dict[str, Renderer] = {}


def register_renderer(
    format: str, filename: str, extra: dict[str, Callable[[Scorecard], str | bytes]] | None = None
) -> Callable:
    def deco(fn: Callable[[Scorecard], str | bytes]) -> Callable[[Scorecard], str | bytes]:
        _RENDERERS[format] = Renderer(format=format, filename=filename, render=fn, extra=dict(extra or {}))
        return fn

    return deco


def renderers() -> dict[str, Renderer]:
    return dict(_RENDERERS)
