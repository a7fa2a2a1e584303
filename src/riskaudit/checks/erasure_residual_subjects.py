"""erasure.residual_subjects: erasure requests still found in a release (any matching stage); for a
de-identified release, erased subjects whose quasi-identifier tuple is still unique ("possibly present").

Parameters: ``possibly_present`` (``warn`` default, or ``fail``): the status when only the QI test ran and
finds subjects (a unique QI tuple may belong to someone else, so it is a lead, not a finding of residue)."""

from typing import Literal

from pydantic import Field

from ..scorecard import Check
from ._registry import NoParams, not_measured, register_rule, registered_rules, threshold_check

ID = "erasure.residual_subjects"


class ErasureParams(NoParams):
    possibly_present: Literal["warn", "fail"] = Field(
        "warn",
        description="Status when erased subjects' QI tuples are still unique in a de-identified release.",
    )


@register_rule(
    ID,
    scanner="erasure",
    title="erased subjects still in the release",
    direction="higher_is_worse",
    source="GDPR Art. 17 (right to erasure); Art. 5(2) accountability",
    params=ErasureParams,
)
def evaluate(results, cfg):
    r = results["erasure"]
    if not r.key_matches_ledger:
        return [
            Check(
                id=ID,
                status="error",
                value=None,
                threshold=cfg.fail,
                scanner="erasure",
                source=cfg.source or registered_rules()[ID].source,
                message="erased subjects: the erasure key is not the one the ledger was made with; nothing was measured",
            )
        ]
    out = []
    if r.direct_measured:
        what = "erasure requests found in the release"
        if r.stages is not None:
            parts = [f"{r.stages.exact} exact", f"{r.stages.normalised} after normalisation"]
            if r.stages.fuzzy is not None:
                parts.append(f"{r.stages.fuzzy} fuzzy (Dice >= {r.threshold:g})")
            what += f" ({', '.join(parts)}; {len(r.residual_rows)} residual row(s)) of {r.requests}"
        out.append(threshold_check(ID, float(r.found or 0), cfg, what=what, fmt="{:.0f}"))
    if r.possibly_present is not None:
        n = r.possibly_present
        what = (
            f"erased subjects whose QI tuple ({', '.join(r.qi)}) is unique in the release (possibly present)"
        )
        level = ErasureParams.model_validate(dict(cfg.model_extra or {})).possibly_present
        status = "pass" if n == 0 else ("fail" if level == "fail" else "warn")
        out.append(
            Check(
                id=ID,
                status=status,
                value=n,
                threshold=0,
                scanner="erasure",
                facet="possibly_present",
                source=cfg.source or "GDPR Art. 17; WP29 Opinion 05/2014 singling out",
                message=f"{what}: {n} of {r.requests}"
                + ("" if n == 0 else " (a lead: each may be another person with the same QI)"),
            )
        )
    if not out:
        return [
            not_measured(
                ID,
                cfg,
                what="erased subjects",
                reason="no identifier columns (--id-cols) or QI (--qi) to verify on",
            )
        ]
    return out
