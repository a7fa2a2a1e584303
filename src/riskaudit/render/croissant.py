"""croissant-rai.json: a Croissant 1.1 + RAI 1.0 snippet (file object with sha256, RAI properties)."""

from __future__ import annotations

import json

from .._safe import shown_message, shown_name, xml_clean
from ..scorecard import Scorecard
from . import _facts
from ._common import repo_relative
from ._registry import register_renderer


@register_renderer("croissant", "croissant-rai.json")
def render_croissant(sc: Scorecard) -> str:
    d = sc.dataset
    lic = sc.license or {}
    sens = _facts.sensitive_columns(sc)
    rel = repo_relative(d.path)
    limitations = [f"{c.id}{f' [{shown_name(c.column)}]' if c.column else ''}: {shown_message(c.message)}" for c in sc.checks
                   if c.status in ("fail", "error") and c.scanner != "bias"]
    doc = {
        "@context": {
            "@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
            "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
            "dct": "http://purl.org/dc/terms/",
        },
        "@type": "sc:Dataset",
        "name": lic.get("dataset") or rel,
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "dct:conformsTo": "http://mlcommons.org/croissant/RAI/1.0",
        "license": lic.get("declared_license") or "NOASSERTION",
        "distribution": [{
            "@type": "cr:FileObject", "@id": rel, "name": rel, "contentUrl": rel,
            "encodingFormat": {"csv": "text/csv", "tsv": "text/tab-separated-values", "parquet": "application/x-parquet",
                               "jsonl": "application/jsonlines"}.get(d.format, "application/octet-stream"),
            "sha256": d.sha256,
        }],
        "rai:personalSensitiveInformation": [f"{shown_name(col)}: {', '.join(r)}" for col, r in sens.items()] or ["none found"],
        "rai:dataBiases": _facts.known_biases(sc) or ["none found by the policy's bias checks"],
        "rai:dataLimitations": limitations or ["none found by the policy's checks"],
        "rai:dataUseCases": lic.get("intended_uses") or lic.get("permitted_uses") or ["not stated"],
        "rai:dataManipulationProtocol": "; ".join(_facts.anonymization_methods(sc)),
        "rai:dataSocialImpact": f"riskaudit {sc.tool.version} verdict under policy {sc.policy.name if sc.policy else 'none'}: {sc.verdict}",
    }
    return json.dumps(xml_clean(doc), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
