"""An offline Presidio AnalyzerEngine: no spaCy model, no network, riskaudit's own recognizers added.

* NLP engine ``no_op`` (presidio-analyzer >= 2.2.366): no model is loaded or downloaded.
* ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=""`` before Presidio is imported, so the e-mail recognizer's tldextract
  uses its bundled suffix list instead of fetching one (presidio issue #1205).
* The phone recognizer is restricted to the regions of ``pii.jurisdictions`` (it dominates the cost).
* Country recognizers that Presidio ships disabled are enabled for the configured jurisdictions.
* An optional spaCy NER pipeline (``pii.spacy_model``) is used only if it is installed; never downloaded.
"""

from __future__ import annotations

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import functools
import importlib.util
import logging

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer import predefined_recognizers as pr
from presidio_analyzer.nlp_engine import NlpEngineProvider

from .recognizers import custom_recognizers

__all__ = ["build_analyzer", "JURISDICTION_RECOGNIZERS", "PHONE_REGIONS", "spacy_pipeline_available"]

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

#: Recognizers used whatever the jurisdiction (pattern and checksum recognizers; no NER needed).
_GLOBAL = [
    "CreditCardRecognizer",
    "CryptoRecognizer",
    "DateRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpRecognizer",
    "MacAddressRecognizer",
    "UrlRecognizer",
    "UuidRecognizer",
    "MedicalLicenseRecognizer",
]

#: Country recognizers per jurisdiction code (Presidio ships most of them disabled).
JURISDICTION_RECOGNIZERS: dict[str, list[str]] = {
    "US": [
        "UsSsnRecognizer",
        "UsItinRecognizer",
        "UsPassportRecognizer",
        "UsLicenseRecognizer",
        "UsBankRecognizer",
        "UsMbiRecognizer",
        "UsNpiRecognizer",
        "AbaRoutingRecognizer",
    ],
    "UK": [
        "NhsRecognizer",
        "UkNinoRecognizer",
        "UkPassportRecognizer",
        "UkPostcodeRecognizer",
        "UkVehicleRegistrationRecognizer",
        "UkDrivingLicenceRecognizer",
    ],
    "CA": ["CaSinRecognizer", "CaPostalCodeRecognizer"],
    "AU": ["AuAbnRecognizer", "AuAcnRecognizer", "AuTfnRecognizer", "AuMedicareRecognizer"],
    "DE": [
        "DeTaxIdRecognizer",
        "DeSocialSecurityRecognizer",
        "DeIdCardRecognizer",
        "DePassportRecognizer",
        "DeHealthInsuranceRecognizer",
        "DePlzRecognizer",
    ],
    "ES": ["EsNifRecognizer", "EsNieRecognizer", "EsPassportRecognizer"],
    "IT": [
        "ItFiscalCodeRecognizer",
        "ItDriverLicenseRecognizer",
        "ItIdentityCardRecognizer",
        "ItPassportRecognizer",
    ],
    "PL": ["PlPeselRecognizer"],
    "FI": ["FiPersonalIdentityCodeRecognizer"],
    "SE": ["SePersonnummerRecognizer"],
    "IN": ["InAadhaarRecognizer", "InPanRecognizer", "InPassportRecognizer", "InVoterRecognizer"],
    "SG": ["SgFinRecognizer"],
    "KR": ["KrRrnRecognizer"],
    "ZA": ["ZaIdNumberRecognizer"],
    "NG": ["NgNinRecognizer"],
    "TR": ["TrNationalIdRecognizer"],
    "TH": ["ThTninRecognizer"],
}
JURISDICTION_RECOGNIZERS["GB"] = JURISDICTION_RECOGNIZERS["UK"]
#: phonenumbers regions per jurisdiction ("EU" = the large EU member states)
PHONE_REGIONS: dict[str, tuple[str, ...]] = {
    "US": ("US", "CA"),
    "UK": ("GB",),
    "GB": ("GB",),
    "CA": ("CA", "US"),
    "AU": ("AU",),
    "DE": ("DE",),
    "FR": ("FR",),
    "ES": ("ES",),
    "IT": ("IT",),
    "PL": ("PL",),
    "FI": ("FI",),
    "SE": ("SE",),
    "IN": ("IN",),
    "SG": ("SG",),
    "KR": ("KR",),
    "ZA": ("ZA",),
    "NG": ("NG",),
    "TR": ("TR",),
    "TH": ("TH",),
    "BR": ("BR",),
    "IL": ("IL",),
    "EU": ("DE", "FR", "ES", "IT", "NL", "PL", "SE", "FI", "IE", "AT", "BE", "DK", "PT", "CZ"),
}
PHONE_REGIONS_ALL = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")  # Presidio's default


def _regions(jurisdictions: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for j in jurisdictions:
        for r in PHONE_REGIONS.get(j.upper(), ()):
            if r not in out:
                out.append(r)
    return tuple(out) or PHONE_REGIONS_ALL


def spacy_pipeline_available(model: str | None) -> bool:
    """True only when ``model`` names an installed spaCy pipeline (package or directory); never downloads."""
    if not model:
        return False
    if importlib.util.find_spec("spacy") is None:
        return False
    if os.path.isdir(model):
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


@functools.lru_cache(maxsize=8)
def build_analyzer(
    jurisdictions: tuple[str, ...] = ("US",), spacy_model: str | None = None
) -> AnalyzerEngine:
    """The offline analyzer for ``jurisdictions`` (cached: building it takes ~0.1 s)."""
    if spacy_pipeline_available(spacy_model):
        nlp = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": spacy_model}],
            }
        ).create_engine()
        use_ner = True
    else:
        nlp = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "no_op",
                "models": [{"lang_code": "en", "model_name": "no_op"}],
            }
        ).create_engine()
        use_ner = False
    registry = RecognizerRegistry(supported_languages=["en"])
    names = list(_GLOBAL)
    for j in jurisdictions:
        for n in JURISDICTION_RECOGNIZERS.get(j.upper(), []):
            if n not in names:
                names.append(n)
    for n in names:
        cls = getattr(pr, n, None)
        if cls is None:  # pragma: no cover - depends on the Presidio version
            continue
        try:
            registry.add_recognizer(cls(supported_language="en"))
        except TypeError:  # pragma: no cover
            registry.add_recognizer(cls())
    registry.add_recognizer(
        pr.PhoneRecognizer(supported_language="en", supported_regions=_regions(jurisdictions))
    )
    for rec in custom_recognizers():
        registry.add_recognizer(rec)
    if use_ner:  # pragma: no cover - no pipeline is installed here
        registry.add_recognizer(
            pr.SpacyRecognizer(supported_language="en", supported_entities=["PERSON", "LOCATION"])
        )
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])
