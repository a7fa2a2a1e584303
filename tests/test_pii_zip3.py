"""A three-digit ZIP is permitted by Safe Harbor (164.514(b)(2)(i)(B)): not a (B) identifier, still a QI."""

from __future__ import annotations

import json

from helpers import cli


def test_zip3_is_not_hipaa_b_but_zip5_is(tmp_path):
    rows = ["zip3,zip5,amount"] + [
        f"{100 + i % 40:03d},{10001 + i % 97:05d},{(i * 37) % 1000}" for i in range(400)
    ]
    path = tmp_path / "geo.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = cli("pii", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    cols = json.loads(r.stdout)["columns"]
    assert "B" in cols["zip5"]["hipaa"]
    assert "B" not in cols["zip3"]["hipaa"]
    assert cols["zip3"]["role"] == "quasi_identifier"
