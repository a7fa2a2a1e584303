"""Config loading: defaults documented truthfully, overrides, policy packs, line-precise errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from riskaudit.config import AuditConfig, config_digest, load_config
from riskaudit.errors import ConfigError


def _leaves(data: Any, prefix: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(data, dict) and data:
        out = []
        for k, v in data.items():
            out += _leaves(v, prefix + (k,))
        return out
    return [(prefix, data)]


def _default_at(model: BaseModel, path: tuple) -> Any:
    cur: Any = model
    for part in path:
        cur = cur[part] if isinstance(cur, dict) else getattr(cur, part)
    return cur.model_dump(mode="json") if isinstance(cur, BaseModel) else cur


def test_default_yaml_states_the_model_defaults(root):
    """riskaudit/configs/default.yaml says "the values below are the defaults": hold it to that (policy aside)."""
    data = yaml.safe_load((root / "src/riskaudit/configs" / "default.yaml").read_text(encoding="utf-8"))
    defaults = AuditConfig()
    checked = 0
    for path, value in _leaves({k: v for k, v in data.items() if k != "policy"}):
        assert _default_at(defaults, path) == value, ".".join(map(str, path))
        checked += 1
    assert checked >= 20
    assert data["policy"]["extends"] == ["default"]


def test_default_config_loads_with_the_default_policy(root):
    cfg = load_config(None)
    assert cfg.policy.name == "default" and "reident.k_anonymity" in cfg.policy.rules
    assert cfg.source_path is not None and Path(cfg.source_path).name == "default.yaml"


def test_overrides_merge_deeply(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("reident:\n  k: 7\n  risk_threshold: 0.1\ndataset:\n  delimiter: ';'\n")
    cfg = load_config(p, overrides={"reident": {"k": 3}, "columns": {"quasi_identifiers": ["zip"]}})
    assert (cfg.reident.k, cfg.reident.risk_threshold) == (3, 0.1)
    assert cfg.dataset.delimiter == ";" and cfg.columns.quasi_identifiers == ["zip"]


def test_digest_depends_on_content_not_location(tmp_path):
    text = "columns:\n  quasi_identifiers: [zip5, sex]\n"
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text("# a comment changes nothing\n" + text)
    a, b = load_config(tmp_path / "a.yaml"), load_config(tmp_path / "sub" / "b.yaml")
    assert a.source_path != b.source_path
    assert config_digest(a) == config_digest(b)
    c = load_config(tmp_path / "a.yaml", overrides={"reident": {"k": 11}})
    assert config_digest(c) != config_digest(a)


def test_inline_policy_rules_override_the_pack(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("policy:\n  extends: [default]\n  rules:\n    reident.k_anonymity: {fail: 11}\n")
    cfg = load_config(p)
    rule = cfg.policy.rules["reident.k_anonymity"]
    assert rule.fail == 11 and rule.warn == 11  # warn inherited from the pack, fail overridden


def test_config_with_bom_and_comments(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes("\ufeff# exported from a Windows editor\nreident:\n  k: 7\n".encode())
    assert load_config(p).reident.k == 7


@pytest.mark.parametrize(
    "text,where,words",
    [
        ("reident:\n  k: 5\n  k: 7\n", ":3:", ["reident.k", "twice", "line 2"]),
        ("columns:\n  quasi_identifiers: zip5\n", ":2:", ["columns.quasi_identifiers", "list"]),
        (
            "columns:\n  quasi_identifiers: [zip5, zip5]\n",
            ":2:",
            ["columns.quasi_identifiers", "listed twice"],
        ),
        (
            "pii:\n  free_text:\n    mode: sample\n    smaple_rows: 10\n",
            ":4:",
            ["pii.free_text.smaple_rows", "did you mean 'sample_rows'"],
        ),
        ("reident:\n  k: 0\n", ":2:", ["reident.k", "greater than or equal to 1"]),
        ("engine:\n  threads: -1\n", ":2:", ["engine.threads"]),
        ("outputs:\n  formats: [json, pdf]\n", ":2:", ["outputs.formats.1", "pdf"]),
        ("dataset:\n  header: maybe\n", ":2:", ["dataset.header", "boolean"]),
        ("policy:\n  extends: [no-such-pack]\n", "", ["no-such-pack", "available packs"]),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, text, where, words):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert "\n" not in msg
    if where:
        assert msg.startswith(f"{p}{where}"), msg
    for w in words:
        assert w in msg, msg


def test_bad_engine_settings_are_one_line_errors():
    from riskaudit.engine import connect
    from riskaudit.errors import EngineError

    cfg = load_config(None, overrides={"engine": {"memory_limit": "lots"}})
    with pytest.raises(EngineError, match=r"engine\.memory_limit.*memory_limit: 4GB"):
        connect(cfg.engine)


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, f in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out += _field_paths(ann, path + ".")
        else:
            out.append(path)
    return out


def test_config_reference_generator_covers_every_key(root):
    spec = importlib.util.spec_from_file_location(
        "config_reference", root / "scripts" / "config_reference.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = mod.render()
    paths = _field_paths(AuditConfig)
    assert len(paths) > 50 and "reident.drivers.max_subset_size" in paths
    for path in paths:
        assert f"`{path}`" in text, path
    assert "`policy.rules.<rule id>.fail`" in text
