"""## License: the terms bound to the scorecard."""

from __future__ import annotations

from ...scorecard import Scorecard
from ._fmt import DASH, _names, _num, _table, md_escape


def _license(out: list[str], sc: Scorecard) -> None:
    lic = sc.license
    if not lic:
        return
    terms = sc.results.license.terms if sc.results.license is not None else None
    out.append("## License")
    out.append("")
    term = lic.get("term") or {}
    rows = [
        ("dataset", _num(lic.get("dataset"))),
        ("declared license", _num(lic.get("declared_license"))),
        ("parties", _names(lic.get("parties"))),
        ("permitted uses", _names(lic.get("permitted_uses"))),
        ("excluded uses", _names(lic.get("excluded_uses"))),
        ("intended uses", _names(lic.get("intended_uses"))),
        ("origin (data subjects)", _names(lic.get("origin"))),
        ("processing", _names(lic.get("processing"))),
        ("storage", _names(lic.get("storage"))),
        ("transfer mechanism", _num(lic.get("transfer_mechanism"))),
    ]
    gov = terms.jurisdictions.governing_law if terms is not None else None
    if gov:
        rows.append(("governing law", md_escape(gov)))
    if isinstance(term, dict) and (term.get("start") or term.get("end")):
        rows.append(
            ("term", f"{_num(term.get('start'))} to {_num(term.get('end')) if term.get('end') else 'open'}")
        )
    rows += [
        ("de-identification claim", _num(lic.get("deidentification_claim"))),
    ]
    ref = terms.privacy.expert_determination_ref if terms is not None else None
    if ref:
        rows.append(("expert determination", md_escape(ref)))
    rows += [
        ("GDPR Art. 9 basis", _num(lic.get("art9_basis"))),
        ("residual rights in trained models", _num(lic.get("residual_model_rights"))),
        ("erasure propagation", _num(lic.get("erasure_propagation"))),
        (
            "no-re-identification covenant / flow-down",
            f"{_num(lic.get('no_reidentification_covenant'))} / {_num(lic.get('flow_down'))}",
        ),
        ("license file", f"{md_escape(lic['path'])}" if lic.get("path") else DASH),
        ("license file sha256", f"`{lic['sha256']}`" if lic.get("sha256") else DASH),
    ]
    _table(out, ["term", "value"], [[k, v] for k, v in rows])
