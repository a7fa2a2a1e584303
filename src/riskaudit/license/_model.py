"""The license terms a scorecard is attached to (``license.yaml``).

Fields follow the clauses the reference lists as structured (DPS ``Use`` record, MDL rights, CDLA,
GDPR Ch. V, Art. 9, Art. 17, CCPA 1798.140(m)). Unknown keys are errors.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "DeidClaim",
    "Jurisdictions",
    "LicenseTerms",
    "Marking",
    "ToleratedDistortion",
    "Party",
    "EU_EEA",
]

# EU member states plus the EEA (Iceland, Liechtenstein, Norway), ISO 3166-1 alpha-2.
EU_EEA = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split()
)

DeidClaim = Literal["none", "safe_harbor", "expert_determination", "anonymous", "ccpa_deidentified"]

TransferMechanism = Literal[
    "adequacy",  # GDPR Art. 45
    "scc",  # Art. 46(2)(c) standard contractual clauses
    "bcr",  # Art. 46(2)(b) / Art. 47 binding corporate rules
    "code_of_conduct",  # Art. 46(2)(e)
    "certification",  # Art. 46(2)(f)
    "derogation",  # Art. 49
    "none",
]

Art9Basis = Literal[
    "explicit_consent",  # 9(2)(a)
    "employment_social_security",  # 9(2)(b)
    "vital_interests",  # 9(2)(c)
    "not_for_profit_body",  # 9(2)(d)
    "made_public_by_subject",  # 9(2)(e)
    "legal_claims",  # 9(2)(f)
    "substantial_public_interest",  # 9(2)(g)
    "health_or_social_care",  # 9(2)(h)
    "public_health",  # 9(2)(i)
    "research_archiving_statistics",  # 9(2)(j)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Party(_Model):
    name: str
    role: Literal["licensor", "licensee", "provider", "auditor", "processor", "other"]
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code.")
    contact: str | None = None


class DatasetRef(_Model):
    name: str
    version: str | None = None
    description: str | None = None
    files: list[str] = Field(default_factory=list, description="Data files the license covers.")


class DeclaredLicense(_Model):
    spdx_id: str | None = Field(
        None, description="SPDX license id or expression, e.g. CDLA-Permissive-2.0, LicenseRef-..."
    )
    custom_text: str | None = Field(None, description="The license text when it is not an SPDX license.")
    url: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> DeclaredLicense:
        if not self.spdx_id and not self.custom_text:
            raise ValueError("give spdx_id (an SPDX identifier) or custom_text")
        return self


class FieldsOfUse(_Model):
    permitted: list[str] = Field(
        default_factory=list, description="e.g. training, fine_tuning, evaluation, research"
    )
    excluded: list[str] = Field(
        default_factory=list, description="e.g. model_commercialization, re_identification"
    )
    intended: list[str] = Field(
        default_factory=list, description="What the licensee intends to do (checked against excluded)."
    )


class Jurisdictions(_Model):
    origin: list[str] = Field(
        default_factory=list, description="Countries where the data subjects / data originate (ISO codes)."
    )
    processing: list[str] = Field(default_factory=list)
    storage: list[str] = Field(default_factory=list)
    transfer_mechanism: TransferMechanism = "none"
    governing_law: str | None = None


class Term(_Model):
    start: str | None = Field(None, description="ISO date.")
    end: str | None = Field(None, description="ISO date; none = perpetual until terminated.")
    termination_on_breach: bool = True


class ResidualRights(_Model):
    trained_models_after_termination: Literal["retain", "destroy", "retrain_without", "negotiate"] = "retain"
    outputs: Literal["unrestricted", "restricted", "no_commercial"] = "unrestricted"
    notes: str | None = None


class Deletion(_Model):
    on_termination: bool = True
    within_days: int | None = Field(None, ge=0)
    erasure_propagation: bool = Field(
        False, description="Licensee passes on data-subject erasure requests (GDPR Art. 17(2))."
    )
    erasure_within_days: int | None = Field(None, ge=0)
    certificate_of_deletion: bool = False


class NoReidentification(_Model):
    covenant: bool = Field(
        False, description="Licensee will not attempt to re-identify anyone (CCPA 1798.140(m)(2))."
    )
    flow_down: bool = Field(
        False, description="Recipients are bound by the same covenant (CCPA 1798.140(m)(3))."
    )


class Attribution(_Model):
    required: bool = False
    text: str | None = None
    share_alike: bool = False


class PrivacyBasis(_Model):
    art9_basis: Art9Basis | None = Field(
        None, description="GDPR Art. 9(2) exception relied on for special-category data."
    )
    lawful_basis: str | None = Field(None, description="GDPR Art. 6(1) basis, free text.")
    deidentification_claim: DeidClaim = "none"
    expert_determination_ref: str | None = Field(
        None, description="Reference to the expert's report (HIPAA 164.514(b)(1))."
    )


class DerivedArtefacts(_Model):
    """Which artefacts built from the data the licensee may release (riskaudit `derived` checks read this)."""

    synthetic_release: Literal["allowed", "not_allowed", "unspecified"] = Field(
        "unspecified", description="May the licensee release synthetic data generated from the dataset?"
    )
    trained_models: Literal["allowed", "not_allowed", "unspecified"] = Field(
        "unspecified",
        description="May the licensee release (publish, sell, serve) models trained on the dataset?",
    )
    conditions: str | None = Field(
        None, description="Conditions on such releases (e.g. a privacy assessment first)."
    )


class ToleratedDistortion(_Model):
    column: str
    max_change: float = Field(
        ge=0,
        description="Largest absolute change of one value the licensee accepts from marking "
        "(e.g. 0.01: one cent; `riskaudit mark --watermark total_charges:2` changes a value by at most 0.01).",
    )


class Marking(_Model):
    """Marks in the licensed copy (`riskaudit mark`): who the copy is for and what distortion is accepted."""

    recipient_id: str | None = Field(
        None, description="The recipient's id (`riskaudit mark --recipient`): its copy carries its own marks."
    )
    tolerated_distortion: list[ToleratedDistortion] = Field(
        default_factory=list,
        description="Per column, the largest change a watermark may make; unlisted columns may not be watermarked.",
    )
    trap_records: bool = Field(
        True, description="Whether the copy may hold a few fictitious trap records (about 0.1 %)."
    )

    def tolerance(self, column: str) -> float | None:
        return next((t.max_change for t in self.tolerated_distortion if t.column == column), None)


class LicenseTerms(_Model):
    version: int = 1
    parties: list[Party] = Field(min_length=1)
    dataset: DatasetRef
    license: DeclaredLicense
    fields_of_use: FieldsOfUse = Field(default_factory=FieldsOfUse)
    jurisdictions: Jurisdictions = Field(default_factory=Jurisdictions)
    term: Term = Field(default_factory=Term)
    residual_rights: ResidualRights = Field(default_factory=ResidualRights)
    deletion: Deletion = Field(default_factory=Deletion)
    no_reidentification: NoReidentification = Field(default_factory=NoReidentification)
    attribution: Attribution = Field(default_factory=Attribution)
    privacy: PrivacyBasis = Field(default_factory=PrivacyBasis)
    derived_artefacts: DerivedArtefacts = Field(default_factory=DerivedArtefacts)
    marking: Marking | None = Field(
        None, description="Recipient id and tolerated distortion of a marked copy (riskaudit mark)."
    )

    def summary(self) -> dict:
        """The short form shown on page 1 and stored in ``scorecard.license``."""
        lic = self.license.spdx_id or "custom text"
        out = {
            "dataset": self.dataset.name,
            "declared_license": lic,
            "parties": [f"{p.name} ({p.role})" for p in self.parties],
            "permitted_uses": list(self.fields_of_use.permitted),
            "excluded_uses": list(self.fields_of_use.excluded),
            "intended_uses": list(self.fields_of_use.intended),
            "origin": list(self.jurisdictions.origin),
            "processing": list(self.jurisdictions.processing),
            "storage": list(self.jurisdictions.storage),
            "transfer_mechanism": self.jurisdictions.transfer_mechanism,
            "term": {"start": self.term.start, "end": self.term.end},
            "residual_model_rights": self.residual_rights.trained_models_after_termination,
            "erasure_propagation": self.deletion.erasure_propagation,
            "no_reidentification_covenant": self.no_reidentification.covenant,
            "flow_down": self.no_reidentification.flow_down,
            "art9_basis": self.privacy.art9_basis,
            "deidentification_claim": self.privacy.deidentification_claim,
        }
        if self.marking is not None:  # only licenses that declare marks gain these keys
            out["recipient_id"] = self.marking.recipient_id
            out["tolerated_distortion"] = {t.column: t.max_change for t in self.marking.tolerated_distortion}
        return out
