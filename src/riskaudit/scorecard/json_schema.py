"""The published JSON Schema of scorecard.json, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from ._model import SCHEMA_VERSION, Scorecard

__all__ = ["scorecard_json_schema", "scorecard_json_schema_text"]


def _nullable(prop: dict[str, Any]) -> bool:
    t = prop.get("type")
    if t == "null" or (isinstance(t, list) and "null" in t):
        return True
    return any(_nullable(p) for p in prop.get("anyOf", []) if isinstance(p, dict))


def _optional_nulls(node: Any) -> None:
    """``to_json`` drops None values, so a nullable field may be absent: it cannot be required."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and isinstance(node.get("required"), list):
            node["required"] = [r for r in node["required"] if not _nullable(props.get(r, {}))]
            if not node["required"]:
                del node["required"]
        for v in node.values():
            _optional_nulls(v)
    elif isinstance(node, list):
        for v in node:
            _optional_nulls(v)


def scorecard_json_schema() -> dict[str, Any]:
    schema = Scorecard.model_json_schema(mode="serialization")
    _optional_nulls(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://riskaudit.dev/schemas/scorecard-{SCHEMA_VERSION}.schema.json"
    schema["title"] = f"riskaudit scorecard {SCHEMA_VERSION}"
    return schema


def scorecard_json_schema_text() -> str:
    return json.dumps(scorecard_json_schema(), indent=2, sort_keys=True) + "\n"
