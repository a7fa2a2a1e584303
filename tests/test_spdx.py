"""SPDX 3.0.1 dataset document (validated with spdx-python-model) and the Croissant-RAI snippet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from scorecard_fixtures import audit_all_formats

pytest.importorskip("spdx_python_model", reason="spdx-python-model is a test dependency")
from spdx_python_model import v3_0_1 as spdx


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return audit_all_formats(tmp_path_factory.mktemp("spdx"))


def _roundtrip(path: Path):
    objset = spdx.SHACLObjectSet()
    with open(path) as f:
        spdx.JSONLDDeserializer().read(f, objset)
    buf = io.BytesIO()
    spdx.JSONLDSerializer().write(objset, buf)  # serialization checks required properties
    return objset


def test_spdx_document_validates_and_carries_findings(out):
    objset = _roundtrip(out / "dataset.spdx.json")
    ds = [o for o in objset.objects if isinstance(o, spdx.dataset_DatasetPackage)]
    assert len(ds) == 1
    d = ds[0]
    sc = json.loads((out / "scorecard.json").read_text())
    assert d.dataset_hasSensitivePersonalInformation == spdx.PresenceType.yes
    assert (
        d.dataset_confidentialityLevel == spdx.dataset_ConfidentialityLevelType.red
    )  # identifiers + failing verdict
    assert "Intended: fine_tuning, evaluation" in d.dataset_intendedUse
    assert any("claimed: safe_harbor" in m for m in d.dataset_anonymizationMethodUsed)
    assert d.verifiedUsing[0].hashValue == sc["dataset"]["sha256"]
    rels = {o.relationshipType for o in objset.objects if isinstance(o, spdx.Relationship)}
    assert {spdx.RelationshipType.hasDeclaredLicense, spdx.RelationshipType.hasConcludedLicense} <= rels
    exprs = [
        o.simplelicensing_licenseExpression
        for o in objset.objects
        if isinstance(o, spdx.simplelicensing_LicenseExpression)
    ]
    assert exprs == ["LicenseRef-Example-Data-License-1.0"]


def test_spdx_known_bias_from_bias_checks(out):
    doc = json.loads((out / "dataset.spdx.json").read_text())
    sc = json.loads((out / "scorecard.json").read_text())
    ds = next(g for g in doc["@graph"] if g["type"] == "dataset_DatasetPackage")
    bias_findings = [
        c for c in sc["checks"] if c.get("scanner") == "bias" and c["status"] in ("warn", "fail")
    ]
    assert len(ds.get("dataset_knownBias", [])) == len(bias_findings)


def test_spdx_required_property_missing_is_rejected(out, tmp_path):
    doc = json.loads((out / "dataset.spdx.json").read_text())
    for g in doc["@graph"]:
        g.pop("dataset_datasetType", None)
    p = tmp_path / "broken.spdx.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(Exception, match="required"):
        _roundtrip(p)


def test_croissant_rai_snippet(out):
    doc = json.loads((out / "croissant-rai.json").read_text())
    sc = json.loads((out / "scorecard.json").read_text())
    assert doc["conformsTo"] == [
        "http://mlcommons.org/croissant/1.1",
        "http://mlcommons.org/croissant/RAI/1.0",
    ]
    assert doc["distribution"][0]["sha256"] == sc["dataset"]["sha256"]
    sens = " ".join(doc["rai:personalSensitiveInformation"])
    assert "ssn" in sens and "HIPAA (G)" in sens and "GDPR Art. 9 racial_or_ethnic_origin" in sens
    assert doc["rai:dataUseCases"] == ["fine_tuning", "evaluation"]
