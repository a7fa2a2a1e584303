"""Typed results of the derived-release privacy measures (``results.derived`` in the scorecard).

Pure pydantic: no numpy/scipy here, so the scorecard model imports stay light."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AttackRisk",
    "DcrResult",
    "DerivedResult",
    "DistanceSummary",
    "DomiasResult",
    "MembershipMetrics",
    "ModelPrivacyResult",
    "SyntheticAttacks",
    "SynthPrivacyResult",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DistanceSummary(_Model):
    mean: float
    median: float
    p05: float = Field(description="5th percentile of the distances.")


class DcrResult(_Model):
    """Distance to closest record (DCR) of every synthetic row to train and to holdout."""

    distance: str = Field(
        "gower",
        description="Row distance: mean over columns of numeric |a-b|/range (range of the reference rows the distance is measured to, as SDMetrics: train's for the DCR to train, holdout's for the DCR to holdout; capped at 1; "
        "a constant column: 0 if equal else 1) and categorical 0 (equal) / 1 (different). NULL vs NULL = 0, "
        "NULL vs a value = 1 (a numeric-column value that does not parse counts as NULL).",
    )
    columns: list[str]
    numeric_columns: list[str] = Field(default_factory=list)
    categorical_columns: list[str] = Field(default_factory=list)
    rows: dict[str, int] = Field(
        description="Rows in each input and rows used (train_used, holdout_used, synthetic_used)."
    )
    equalised: bool = Field(
        description="True when train and holdout were brought to the same size by seeded sampling."
    )
    search: str = Field(
        description="'exact' (blocked exact nearest neighbours over all rows used) or 'sampled'."
    )
    search_note: str | None = None
    dcr_train: DistanceSummary
    dcr_holdout: DistanceSummary
    ims_train: float = Field(
        description="Identical match share: synthetic rows at distance 0 from a train row."
    )
    ims_holdout: float = Field(
        description="Identical match share: synthetic rows at distance 0 from a holdout row."
    )
    closer_to_train: float = Field(
        description="Share of synthetic rows strictly closer to train than to holdout (SDMetrics "
        "DCROverfittingProtection 'closer_to_training'; ties count as not closer)."
    )
    ties: float = Field(description="Share of synthetic rows exactly as close to train as to holdout.")
    dcr_share: float = Field(
        description="mostlyai-qa DCR share: closer_to_train + ties/2 (0.5 expected when the generator did not "
        "overfit)."
    )
    dcr_share_ci: tuple[float, float] = Field(
        description="Wilson interval of dcr_share over the synthetic rows used."
    )
    overfitting_protection: float = Field(
        description="SDMetrics DCROverfittingProtection score: min(2 (1 - closer_to_train), 1); 1 = no sign of "
        "overfitting, 0 = every synthetic row is closer to train."
    )
    nndr_train: float | None = Field(
        None,
        description="mostlyai-qa NNDR: 10th smallest ratio (d1 + 1e-8) / (d2 + 1e-8) of the distances of a "
        "synthetic row to its nearest and second-nearest train row (None with fewer than 10 rows).",
    )
    nndr_holdout: float | None = Field(
        None, description="The same against holdout (reference for nndr_train)."
    )
    confidence_level: float = 0.95


class MembershipMetrics(_Model):
    """Membership-inference attack quality from per-record scores (higher = judged more likely a member)."""

    members: int
    non_members: int
    auc: float
    auc_ci: tuple[float, float]
    tpr_at_fpr: dict[str, float] = Field(
        description="Largest TPR over thresholds whose FPR is at most the key (Carlini et al. 2022 low-FPR reporting)."
    )
    tpr_at_fpr_ci: dict[str, tuple[float, float]]
    fpr_resolution: float = Field(description="1 / non-members: the smallest non-zero FPR measurable.")
    bootstrap: int = Field(description="Bootstrap resamples (members and non-members resampled separately).")
    seed: int
    confidence_level: float
    notes: list[str] = Field(default_factory=list)


class DomiasResult(_Model):
    """DOMIAS-style density-ratio membership attack (van Breugel et al. 2023) on a bounded sample."""

    kernel: str = Field(description="How the two densities are estimated.")
    bandwidth: float
    reference_rows: int = Field(
        description="Holdout rows used to estimate the real-data density (disjoint from the evaluated non-members)."
    )
    synthetic_rows: int = Field(description="Synthetic rows used to estimate the synthetic density.")
    metrics: MembershipMetrics


class AttackRisk(_Model):
    risk: float = Field(
        description="Control-corrected risk (attack vs holdout-as-control), Anonymeter definition."
    )
    ci: tuple[float, float]
    attack_rate: float
    baseline_rate: float
    control_rate: float
    trustworthy: bool


class SyntheticAttacks(_Model):
    """riskaudit's Anonymeter-style attacks with train as original and holdout as control."""

    n_attacks: int
    aux_columns: list[str]
    secret: str | None = None
    singling_out: AttackRisk
    linkability: AttackRisk | None = None
    inference: AttackRisk | None = None
    notes: list[str] = Field(default_factory=list)
    lower_bound: str | None = Field(
        None,
        description="Why linkability and inference risks are only lower bounds (a seeded sample of the synthetic "
        "release was searched); absent when the whole release was searched.",
    )


class SynthPrivacyResult(_Model):
    synthetic: str
    train: str
    holdout: str
    seed: int
    dcr: DcrResult
    domias: DomiasResult | None = None
    attacks: SyntheticAttacks | None = None
    warnings: list[str] = Field(default_factory=list)


class ModelPrivacyResult(_Model):
    scores: str
    score_column: str
    label_column: str
    higher_is_member: bool
    metrics: MembershipMetrics
    note: str = Field(
        "riskaudit trains no shadow models: the scores (e.g. LiRA or loss-based) are supplied by the user and only "
        "evaluated here."
    )


class DerivedResult(_Model):
    synthetic: SynthPrivacyResult | None = None
    model: ModelPrivacyResult | None = None
    notes: list[str] = Field(default_factory=list)
