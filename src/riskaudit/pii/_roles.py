"""From findings to roles and legal categories.

* role: ``direct_identifier`` (identifies a person on its own), ``quasi_identifier`` (identifies in combination),
  ``sensitive`` (special-category or otherwise protected content), ``other``.
* HIPAA Safe Harbor identifier letters, 45 CFR 164.514(b)(2)(i)(A)-(R).
* GDPR Art. 9(1) special categories.
* CCPA/CPRA sensitive personal information, Cal. Civ. Code 1798.140(ae).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scanners._roles import name_tokens

__all__ = ["EntityInfo", "ENTITIES", "HIPAA_LETTERS", "name_hint", "entity_info", "PROTECTED_ENTITIES"]

HIPAA_LETTERS = {
    "A": "names", "B": "geographic subdivisions smaller than a state (street, city, county, ZIP)",
    "C": "dates (except year) related to the individual; ages over 89", "D": "telephone numbers", "E": "fax numbers",
    "F": "e-mail addresses", "G": "social security numbers", "H": "medical record numbers",
    "I": "health plan beneficiary numbers", "J": "account numbers", "K": "certificate/license numbers",
    "L": "vehicle identifiers and serial numbers", "M": "device identifiers and serial numbers", "N": "web URLs",
    "O": "IP addresses", "P": "biometric identifiers", "Q": "full-face photographs", "R": "any other unique identifying number",
}


@dataclass(frozen=True)
class EntityInfo:
    role: str
    hipaa: tuple[str, ...] = ()
    gdpr: tuple[str, ...] = ()
    ccpa: tuple[str, ...] = ()
    suggest_qi: bool = False  # goes into the suggested quasi-identifiers
    geo_rank: int = 0  # finer geography has a lower rank (only the finest geographic QI is suggested)


D, Q, S, OTH = "direct_identifier", "quasi_identifier", "sensitive", "other"
ENTITIES: dict[str, EntityInfo] = {
    "PERSON": EntityInfo(D, ("A",)),
    "EMAIL_ADDRESS": EntityInfo(D, ("F",)),
    "PHONE_NUMBER": EntityInfo(D, ("D",)),
    "FAX_NUMBER": EntityInfo(D, ("E",)),
    "US_SSN": EntityInfo(D, ("G",), (), ("government_id",)),
    "US_ITIN": EntityInfo(D, ("R",), (), ("government_id",)),
    "US_PASSPORT": EntityInfo(D, ("R",), (), ("government_id",)),
    "US_DRIVER_LICENSE": EntityInfo(D, ("K",), (), ("government_id",)),
    "NATIONAL_ID": EntityInfo(D, ("R",), (), ("government_id",)),
    "MEDICAL_LICENSE": EntityInfo(D, ("K",)),
    "US_NPI": EntityInfo(D, ("K",)),
    "CREDIT_CARD": EntityInfo(D, ("J",), (), ("financial_account",)),
    "IBAN_CODE": EntityInfo(D, ("J",), (), ("financial_account",)),
    "US_BANK_NUMBER": EntityInfo(D, ("J",), (), ("financial_account",)),
    "ABA_ROUTING_NUMBER": EntityInfo(OTH),
    "CRYPTO": EntityInfo(D, ("J",), (), ("financial_account",)),
    "IP_ADDRESS": EntityInfo(D, ("O",)),
    "URL": EntityInfo(D, ("N",)),
    "MAC_ADDRESS": EntityInfo(D, ("M",)),
    "UUID": EntityInfo(D, ("R",)),
    "RECORD_ID": EntityInfo(D, ("R",)),
    "ID_NUMBER": EntityInfo(D, ("R",)),
    "USERNAME": EntityInfo(D, ("R",), (), ("account_credentials",)),
    "MEDICAL_RECORD_NUMBER": EntityInfo(D, ("H",)),
    "HEALTH_PLAN_ID": EntityInfo(D, ("I",)),
    "US_MBI": EntityInfo(D, ("I",)),
    "VEHICLE_ID": EntityInfo(D, ("L",)),
    "DEVICE_ID": EntityInfo(D, ("M",)),
    "STREET_ADDRESS": EntityInfo(D, ("B",)),
    "GEO_COORDINATE": EntityInfo(Q, ("B",), (), ("precise_geolocation",), False),
    "ZIP_CODE": EntityInfo(Q, ("B",), suggest_qi=True, geo_rank=1),
    "LOCATION": EntityInfo(Q, ("B",), suggest_qi=True, geo_rank=2),
    "CITY": EntityInfo(Q, ("B",), suggest_qi=True, geo_rank=2),
    "COUNTY": EntityInfo(Q, ("B",), suggest_qi=True, geo_rank=3),
    "US_STATE": EntityInfo(Q, (), suggest_qi=True, geo_rank=4),
    "COUNTRY": EntityInfo(Q, (), suggest_qi=True, geo_rank=5),
    "DATE_OF_BIRTH": EntityInfo(Q, ("C",), suggest_qi=True),
    "AGE": EntityInfo(Q, ("C",), suggest_qi=True),
    "BIRTH_YEAR": EntityInfo(Q, suggest_qi=True),  # the year alone is allowed by Safe Harbor, still a QI
    "DATE_TIME": EntityInfo(Q, ("C",)),  # event dates: HIPAA C, not suggested (an attacker rarely knows them)
    "GENDER": EntityInfo(Q, suggest_qi=True),
    "MARITAL_STATUS": EntityInfo(Q, suggest_qi=True),
    "OCCUPATION": EntityInfo(Q),
    "COMPANY": EntityInfo(Q),  # employer: narrows a person down, but not in the usual linkage registers (not suggested)
    "NATIONALITY": EntityInfo(Q, (), (), ("citizenship_or_immigration_status",)),
    "RACE_ETHNICITY": EntityInfo(S, (), ("racial_or_ethnic_origin",), ("racial_or_ethnic_origin",)),
    "RELIGION": EntityInfo(S, (), ("religious_or_philosophical_beliefs",), ("religious_or_philosophical_beliefs",)),
    "POLITICAL_OPINION": EntityInfo(S, (), ("political_opinions",)),
    "UNION_MEMBERSHIP": EntityInfo(S, (), ("trade_union_membership",), ("union_membership",)),
    "GENETIC": EntityInfo(S, (), ("genetic",), ("genetic",)),
    "BIOMETRIC": EntityInfo(S, ("P",), ("biometric",), ("biometric",)),
    "HEALTH": EntityInfo(S, (), ("health",), ("health",)),
    "SEXUAL_ORIENTATION": EntityInfo(S, (), ("sex_life_or_sexual_orientation",), ("sex_life_or_sexual_orientation",)),
    "DISABILITY": EntityInfo(S, (), ("health",), ("health",)),
    "PASSWORD": EntityInfo(S, (), (), ("account_credentials",)),
    "CARD_SECURITY": EntityInfo(S, (), (), ("financial_account",)),
}
#: entities whose columns are suggested as protected attributes for the bias audit
PROTECTED_ENTITIES = {"GENDER", "RACE_ETHNICITY", "AGE", "RELIGION", "DISABILITY", "NATIONALITY", "SEXUAL_ORIENTATION"}


def entity_info(entity: str) -> EntityInfo:
    if entity in ENTITIES:
        return ENTITIES[entity]
    # Presidio country recognizers (UK_NHS, IT_FISCAL_CODE, ...): government / health identifiers
    return EntityInfo(D, ("R",), (), ("government_id",))


# column-name hints, matched on word tokens (so "CCNumber" -> [cc, number] never hints a phone)
_HINTS: list[tuple[tuple[str, ...], str]] = [
    (("ssn",), "US_SSN"), (("social", "security"), "US_SSN"), (("itin",), "US_ITIN"),
    (("email",), "EMAIL_ADDRESS"), (("e", "mail"), "EMAIL_ADDRESS"), (("mail",), "EMAIL_ADDRESS"),
    (("fax",), "FAX_NUMBER"), (("phone",), "PHONE_NUMBER"), (("telephone",), "PHONE_NUMBER"), (("tel",), "PHONE_NUMBER"),
    (("mobile",), "PHONE_NUMBER"), (("cell",), "PHONE_NUMBER"), (("msisdn",), "PHONE_NUMBER"),
    (("mrn",), "MEDICAL_RECORD_NUMBER"), (("medical", "record"), "MEDICAL_RECORD_NUMBER"), (("chart", "number"), "MEDICAL_RECORD_NUMBER"),
    (("insurance",), "HEALTH_PLAN_ID"), (("plan", "id"), "HEALTH_PLAN_ID"), (("member", "id"), "HEALTH_PLAN_ID"),
    (("beneficiary",), "HEALTH_PLAN_ID"), (("mbi",), "US_MBI"), (("npi",), "US_NPI"),
    (("cc", "number"), "CREDIT_CARD"), (("credit", "card"), "CREDIT_CARD"), (("card", "number"), "CREDIT_CARD"), (("pan",), "CREDIT_CARD"),
    (("cvv",), "CARD_SECURITY"), (("cvv2",), "CARD_SECURITY"), (("cvc",), "CARD_SECURITY"), (("cc", "expires"), "CARD_SECURITY"),
    (("expires",), "CARD_SECURITY"), (("expiry",), "CARD_SECURITY"),
    (("iban",), "IBAN_CODE"), (("account",), "US_BANK_NUMBER"), (("routing",), "ABA_ROUTING_NUMBER"),
    (("ip",), "IP_ADDRESS"), (("mac",), "MAC_ADDRESS"), (("url",), "URL"), (("website",), "URL"), (("domain",), "URL"),
    (("uuid",), "UUID"), (("guid",), "UUID"),
    (("passport",), "US_PASSPORT"), (("license",), "US_DRIVER_LICENSE"), (("licence",), "US_DRIVER_LICENSE"),
    (("national", "id"), "NATIONAL_ID"), (("nationalid",), "NATIONAL_ID"), (("national", "identifier"), "NATIONAL_ID"),
    (("vin",), "VEHICLE_ID"), (("vehicle",), "VEHICLE_ID"), (("plate",), "VEHICLE_ID"), (("device",), "DEVICE_ID"), (("imei",), "DEVICE_ID"),
    (("username",), "USERNAME"), (("user", "name"), "USERNAME"), (("login",), "USERNAME"), (("handle",), "USERNAME"),
    (("password",), "PASSWORD"), (("passwd",), "PASSWORD"), (("pwd",), "PASSWORD"),
    (("name",), "PERSON"), (("surname",), "PERSON"), (("givenname",), "PERSON"), (("firstname",), "PERSON"),
    (("lastname",), "PERSON"), (("maiden",), "PERSON"), (("fullname",), "PERSON"),
    (("street",), "STREET_ADDRESS"), (("address",), "STREET_ADDRESS"), (("streetaddress",), "STREET_ADDRESS"),
    (("zip",), "ZIP_CODE"), (("zipcode",), "ZIP_CODE"), (("zip5",), "ZIP_CODE"), (("zip3",), "ZIP_CODE"),
    (("postal",), "ZIP_CODE"), (("postcode",), "ZIP_CODE"), (("plz",), "ZIP_CODE"),
    (("lat",), "GEO_COORDINATE"), (("latitude",), "GEO_COORDINATE"), (("lon",), "GEO_COORDINATE"), (("lng",), "GEO_COORDINATE"),
    (("longitude",), "GEO_COORDINATE"), (("coordinates",), "GEO_COORDINATE"), (("gps",), "GEO_COORDINATE"),
    (("city",), "CITY"), (("town",), "CITY"), (("county",), "COUNTY"), (("state",), "US_STATE"), (("statefull",), "US_STATE"),
    (("province",), "US_STATE"), (("region",), "US_STATE"), (("country",), "COUNTRY"), (("countryfull",), "COUNTRY"),
    (("birth", "year"), "BIRTH_YEAR"), (("yob",), "BIRTH_YEAR"), (("year", "of", "birth"), "BIRTH_YEAR"),
    (("dob",), "DATE_OF_BIRTH"), (("birth",), "DATE_OF_BIRTH"), (("birthday",), "DATE_OF_BIRTH"), (("birthdate",), "DATE_OF_BIRTH"),
    (("age",), "AGE"), (("sex",), "GENDER"), (("gender",), "GENDER"), (("marital",), "MARITAL_STATUS"),
    (("occupation",), "OCCUPATION"), (("job",), "OCCUPATION"), (("profession",), "OCCUPATION"),
    (("nationality",), "NATIONALITY"), (("citizenship",), "NATIONALITY"), (("native", "country"), "NATIONALITY"),
    (("race",), "RACE_ETHNICITY"), (("ethnicity",), "RACE_ETHNICITY"), (("ethnic",), "RACE_ETHNICITY"),
    (("religion",), "RELIGION"), (("faith",), "RELIGION"), (("political",), "POLITICAL_OPINION"), (("party", "affiliation"), "POLITICAL_OPINION"),
    (("union",), "UNION_MEMBERSHIP"), (("genetic",), "GENETIC"), (("genotype",), "GENETIC"), (("dna",), "GENETIC"),
    (("biometric",), "BIOMETRIC"), (("fingerprint",), "BIOMETRIC"),
    (("diagnosis",), "HEALTH"), (("icd",), "HEALTH"), (("condition",), "HEALTH"), (("disease",), "HEALTH"),
    (("medication",), "HEALTH"), (("drug",), "HEALTH"), (("procedure",), "HEALTH"), (("hiv",), "HEALTH"),
    (("treatment",), "HEALTH"), (("symptom",), "HEALTH"), (("symptoms",), "HEALTH"),
    (("disability",), "DISABILITY"), (("sexual",), "SEXUAL_ORIENTATION"), (("orientation",), "SEXUAL_ORIENTATION"),
    # German, French, Spanish, Dutch, Italian (and Portuguese) headers, on accent-folded word tokens
    (("familienstand",), "MARITAL_STATUS"), (("etat", "civil"), "MARITAL_STATUS"), (("situation", "familiale"), "MARITAL_STATUS"),
    (("estado", "civil"), "MARITAL_STATUS"), (("burgerlijke", "staat"), "MARITAL_STATUS"), (("burgerlijke",), "MARITAL_STATUS"),
    (("stato", "civile"), "MARITAL_STATUS"), (("civilstand",), "MARITAL_STATUS"),
    (("geburtsjahr",), "BIRTH_YEAR"), (("jahrgang",), "BIRTH_YEAR"), (("annee", "naissance"), "BIRTH_YEAR"),
    (("ano", "nacimiento"), "BIRTH_YEAR"), (("geboortejaar",), "BIRTH_YEAR"), (("anno", "nascita"), "BIRTH_YEAR"),
    (("geburtsdatum",), "DATE_OF_BIRTH"), (("geburtstag",), "DATE_OF_BIRTH"), (("naissance",), "DATE_OF_BIRTH"),
    (("nacimiento",), "DATE_OF_BIRTH"), (("geboortedatum",), "DATE_OF_BIRTH"), (("geboorte",), "DATE_OF_BIRTH"),
    (("nascita",), "DATE_OF_BIRTH"), (("nascimento",), "DATE_OF_BIRTH"),
    (("plz",), "ZIP_CODE"), (("postleitzahl",), "ZIP_CODE"), (("cp",), "ZIP_CODE"), (("codepostal",), "ZIP_CODE"),
    (("codigo", "postal"), "ZIP_CODE"), (("codice", "postale"), "ZIP_CODE"), (("cap",), "ZIP_CODE"), (("npa",), "ZIP_CODE"),
    (("postnummer",), "ZIP_CODE"), (("postnr",), "ZIP_CODE"), (("postcodes",), "ZIP_CODE"),
    (("alter",), "AGE"), (("edad",), "AGE"), (("leeftijd",), "AGE"), (("idade",), "AGE"),
    (("geschlecht",), "GENDER"), (("sexe",), "GENDER"), (("sexo",), "GENDER"), (("geslacht",), "GENDER"),
    (("sesso",), "GENDER"), (("genere",), "GENDER"), (("genero",), "GENDER"), (("genre",), "GENDER"),
    (("staatsangehorigkeit",), "NATIONALITY"), (("nationalitat",), "NATIONALITY"), (("nationalite",), "NATIONALITY"),
    (("nacionalidad",), "NATIONALITY"), (("nationaliteit",), "NATIONALITY"), (("nazionalita",), "NATIONALITY"),
    (("cittadinanza",), "NATIONALITY"),
    (("ethnie",), "RACE_ETHNICITY"), (("etnia",), "RACE_ETHNICITY"), (("etnicidad",), "RACE_ETHNICITY"),
    (("etniciteit",), "RACE_ETHNICITY"), (("afkomst",), "RACE_ETHNICITY"),
    (("beruf",), "OCCUPATION"), (("metier",), "OCCUPATION"), (("emploi",), "OCCUPATION"), (("ocupacion",), "OCCUPATION"),
    (("profesion",), "OCCUPATION"), (("beroep",), "OCCUPATION"), (("professione",), "OCCUPATION"),
    (("occupazione",), "OCCUPATION"), (("taetigkeit",), "OCCUPATION"), (("tatigkeit",), "OCCUPATION"),
    (("employer",), "COMPANY"), (("company",), "COMPANY"), (("firma",), "COMPANY"), (("unternehmen",), "COMPANY"),
    (("arbeitgeber",), "COMPANY"), (("entreprise",), "COMPANY"), (("employeur",), "COMPANY"), (("societe",), "COMPANY"),
    (("empresa",), "COMPANY"), (("empleador",), "COMPANY"), (("bedrijf",), "COMPANY"), (("werkgever",), "COMPANY"),
    (("azienda",), "COMPANY"), (("datore",), "COMPANY"),
    (("landkreis",), "COUNTY"), (("kreis",), "COUNTY"), (("comarca",), "COUNTY"),
    (("bundesland",), "US_STATE"), (("departement",), "US_STATE"), (("provincia",), "US_STATE"),
    (("provincie",), "US_STATE"), (("regione",), "US_STATE"), (("kanton",), "US_STATE"), (("canton",), "US_STATE"),
    (("estado",), "US_STATE"), (("comunidad",), "US_STATE"),
    (("stadt",), "CITY"), (("ort",), "CITY"), (("wohnort",), "CITY"), (("ville",), "CITY"), (("commune",), "CITY"),
    (("ciudad",), "CITY"), (("localidad",), "CITY"), (("municipio",), "CITY"), (("poblacion",), "CITY"),
    (("stad",), "CITY"), (("plaats",), "CITY"), (("woonplaats",), "CITY"), (("gemeente",), "CITY"),
    (("citta",), "CITY"), (("comune",), "CITY"), (("localita",), "CITY"), (("cidade",), "CITY"),
    (("land",), "COUNTRY"), (("pays",), "COUNTRY"), (("pais",), "COUNTRY"), (("paese",), "COUNTRY"),
    (("nazione",), "COUNTRY"),
    (("vorname",), "PERSON"), (("nachname",), "PERSON"), (("prenom",), "PERSON"), (("nom",), "PERSON"),
    (("nombre",), "PERSON"), (("apellido",), "PERSON"), (("apellidos",), "PERSON"), (("voornaam",), "PERSON"),
    (("achternaam",), "PERSON"), (("naam",), "PERSON"), (("cognome",), "PERSON"), (("nome",), "PERSON"),
    (("telefon",), "PHONE_NUMBER"), (("telefono",), "PHONE_NUMBER"), (("telefoon",), "PHONE_NUMBER"),
    (("handy",), "PHONE_NUMBER"), (("movil",), "PHONE_NUMBER"), (("cellulare",), "PHONE_NUMBER"),
    (("correo",), "EMAIL_ADDRESS"), (("courriel",), "EMAIL_ADDRESS"),
    (("adresse",), "STREET_ADDRESS"), (("anschrift",), "STREET_ADDRESS"), (("direccion",), "STREET_ADDRESS"),
    (("adres",), "STREET_ADDRESS"), (("indirizzo",), "STREET_ADDRESS"), (("rue",), "STREET_ADDRESS"),
    (("date",), "DATE_TIME"),
]
_ID_TOKENS = {"id", "identifier", "uid", "key", "guid"}


def name_hint(column: str) -> str | None:
    """The entity a column name suggests (first matching hint, most specific first), or None."""
    toks = name_tokens(column)
    if not toks:
        return None
    tokset = set(toks)
    for pat, entity in _HINTS:
        if all(t in tokset for t in pat):
            if entity in ("DATE_TIME",) and ("birth" in tokset):
                return "DATE_OF_BIRTH"
            return entity
    if tokset & _ID_TOKENS:
        return "RECORD_ID"
    return None
