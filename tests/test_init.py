"""`riskaudit init DATA`: a commented config with the roles of a quick PII scan, loadable, non-interactive with
--yes, a policy by flag; never overwrites; no data value in the file."""

from __future__ import annotations

from helpers import cli
from riskaudit.config import load_config
from scorecard_fixtures import CANARY_EMAILS, CANARY_NAMES, CANARY_SSNS, make_dataset


def test_init_writes_a_loadable_commented_config_from_the_scan(tmp_path):
    data = make_dataset(tmp_path / "d.csv", n=150)
    out = tmp_path / "ra.yaml"
    r = cli("init", str(data), "--yes", "--out", str(out), "--policy", "hipaa-safe-harbor")
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    cfg = load_config(out)
    assert cfg.policy.name == "hipaa-safe-harbor" and 'extends: ["hipaa-safe-harbor"]' in text
    # the roles are the scan's: compare with the pii command run independently on the same data
    import json

    scan = json.loads(cli("pii", str(data), "--sample-size", "200", "--json").stdout)
    assert cfg.columns.quasi_identifiers == scan["suggested_quasi_identifiers"]
    assert set(cfg.columns.protected) == set(scan["suggested_protected"])
    assert {c for c, role in cfg.columns.roles.items() if role == "direct_identifier"} == set(
        scan["direct_identifiers"]
    )
    assert {"ssn", "email"} <= set(cfg.columns.roles)
    assert (
        "# label:" in text and "readmitted_30d" in text
    )  # label candidate by name, left for the user to confirm
    assert text.count("\n#") + text.count("  #") >= 8  # commented
    for v in [*CANARY_SSNS, *CANARY_EMAILS, *CANARY_NAMES]:
        assert v not in text


def test_init_never_overwrites_and_refuses_unknown_policy(tmp_path):
    data = make_dataset(tmp_path / "d.csv", n=60)
    out = tmp_path / "ra.yaml"
    out.write_text("keep: me\n")
    r = cli("init", str(data), "--yes", "--out", str(out))
    assert r.exit_code == 2 and "already exists" in r.stderr and out.read_text() == "keep: me\n"
    r = cli("init", str(data), "--yes", "--out", str(tmp_path / "x.yaml"), "--policy", "no-such-pack")
    assert r.exit_code == 2 and "no-such-pack" in r.stderr and not (tmp_path / "x.yaml").exists()
    assert len(r.stderr.strip().splitlines()) == 1
