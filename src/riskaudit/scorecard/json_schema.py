"""The published JSON Schema of scorecard.json, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from ._model import SCHEMA_VERSION, Scorecard

__all__ = ["scorecard_json_schema", "scorecard_json_schema_text"]


def scorecard_json_schema() -> dict[str, Any]:
    schema = Scorecard.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://riskaudit.dev/schemas/scorecard-{SCHEMA_VERSION}.schema.json"
    schema["title"] = f"riskaudit scorecard {SCHEMA_VERSION}"
    return schema


def scorecard_json_schema_text() -> str:
    return json.dumps(scorecard_json_schema(), indent=2, sort_keys=True) + "\n"
