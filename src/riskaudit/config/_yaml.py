"""YAML loading that remembers the line of every key, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

__all__ = ["load_yaml_with_lines", "line_for"]

LineMap = dict[tuple[Any, ...], int]


class _DuplicateKey(Exception):
    def __init__(self, path: tuple[Any, ...], line: int, first: int) -> None:
        super().__init__(path)
        self.path, self.line, self.first = path, line, first


def _walk(node: yaml.Node, path: tuple[Any, ...], lines: LineMap) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                # PyYAML keeps the last value silently; a repeated key is almost always an edit mistake
                raise _DuplicateKey(path + (key,), line, seen[key])
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines)


def load_yaml_with_lines(path: str | Path) -> tuple[Any, LineMap]:
    """Parse a YAML file; return the data and a map from key path to 1-based line number."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: file not found; check the path") from None
    except IsADirectoryError:
        raise ConfigError(f"{p}: is a directory, expected a YAML file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: not valid UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{p}{where}: invalid YAML: {problem}; fix the syntax at that line") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: invalid YAML: {exc}") from None
    lines: LineMap = {}
    if node is not None:
        try:
            _walk(node, (), lines)
        except _DuplicateKey as dup:
            key = ".".join(str(k) for k in dup.path)
            raise ConfigError(
                f"{p}:{dup.line}: {key}: key appears twice (first on line {dup.first}); keep one of them"
            ) from None
    return (data if data is not None else {}), lines


def line_for(lines: LineMap, loc: tuple[Any, ...]) -> int | None:
    """Line of the longest prefix of ``loc`` that appears in the YAML."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
