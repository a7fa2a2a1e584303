"""croissant-rai.json: Croissant 1.1 metadata with the RAI 1.0 extension (file object with sha256, RAI properties).

Validated with ``mlcroissant`` in the tests. The ``@context`` is the standard Croissant 1.1 context (mlcroissant
warns about any other). RAI fields carry what they are defined for: ``rai:personalSensitiveInformation`` the
columns with personal or sensitive data, ``rai:dataBiases`` the bias findings, ``rai:dataLimitations`` the other
failing checks, ``rai:dataUseCases`` the license's uses, ``rai:dataManipulationProtocol`` the de-identification
claimed and measured, ``rai:dataSocialImpact`` the measured privacy risk to the people in the data; the verdict
goes in the description, not in an RAI field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .._safe import shown_message, shown_name, xml_clean
from ..scorecard import Scorecard
from . import _facts
from ._common import repo_relative
from ._page1 import areas
from ._registry import register_renderer

#: the standard Croissant 1.1 JSON-LD context (Croissant specification, section "JSON-LD context")
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
CONFORMS_TO = ["http://mlcommons.org/croissant/1.1", "http://mlcommons.org/croissant/RAI/1.0"]


@register_renderer("croissant", "croissant-rai.json")
def render_croissant(sc: Scorecard) -> str:
    d = sc.dataset
    lic = sc.license or {}
    sens = _facts.sensitive_columns(sc)
    rel = repo_relative(d.path)
    limitations = [
        f"{c.id}{f' [{shown_name(c.column)}]' if c.column else ''}: {shown_message(c.message)}"
        for c in sc.checks
        if c.status in ("fail", "error") and c.scanner != "bias"
    ]
    by_area = {a.key: a for a in areas(sc)}
    risk = [
        f"{by_area[k].title}: {by_area[k].headline} ({by_area[k].status.replace('_', ' ')})"
        for k in ("reident", "linkage")
        if by_area[k].status != "not_run"
    ]
    policy = sc.policy.name if sc.policy else "none"
    doc = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": lic.get("dataset") or Path(rel).name,
        "description": (
            f"Due-diligence audit by riskaudit {sc.tool.version} under policy {policy}: verdict {sc.verdict} "
            f"({d.rows:,} rows x {d.columns} columns, sha256 {d.sha256})."
        ),
        "conformsTo": CONFORMS_TO,
        "license": lic.get("declared_license") or "NOASSERTION",
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": re.sub(r"[^A-Za-z0-9._/-]", "_", rel) or "dataset",
                "name": Path(rel).name,
                "contentUrl": rel,
                "encodingFormat": {
                    "csv": "text/csv",
                    "tsv": "text/tab-separated-values",
                    "parquet": "application/x-parquet",
                    "jsonl": "application/jsonlines",
                }.get(d.format, "application/octet-stream"),
                "sha256": d.sha256,
            }
        ],
        "rai:personalSensitiveInformation": [f"{shown_name(col)}: {', '.join(r)}" for col, r in sens.items()]
        or ["none found"],
        "rai:dataBiases": _facts.known_biases(sc) or ["none found by the policy's bias checks"],
        "rai:dataLimitations": limitations or ["none found by the policy's checks"],
        "rai:dataUseCases": lic.get("intended_uses") or lic.get("permitted_uses") or ["not stated"],
        "rai:dataManipulationProtocol": "; ".join(_facts.anonymization_methods(sc)),
        "rai:dataSocialImpact": ("Privacy risk to the people in the data, as measured: " + "; ".join(risk))
        if risk
        else "Privacy risk to the people in the data was not measured (no re-identification or linkage check).",
    }
    return json.dumps(xml_clean(doc), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
