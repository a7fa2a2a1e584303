"""Company / employer names (a quasi-identifier: an employer narrows a person down): a name ending in a legal
form (``Inc``, ``LLC``, ``GmbH``, ``S.A.R.L.``, ``B.V.``, ``S.p.A.``; Faker's company suffixes plus the usual ones),
or Faker-style partnerships of surnames (``Smith, Jones and Brown``, ``Müller & Schmidt``), or a short capitalised
name with a trade word (``Buehler Foods``, ``Wickes Furniture``, ``Bäckerei Huber``, ``Inmobiliaria Sol``) or a
possessive shop name (``Anthony's``). The trade words are English, German, French, Spanish, Dutch and Italian."""

from __future__ import annotations

import re

from ._cell import CellRecognizer
from ._lists import company_suffixes
from .person import name_lists

TRADE_WORDS = frozenset(
    """
food foods auto autos automotive motors design designs realty garden gardens service services store stores wealth
home homes parts house plan planners lawn furniture market markets investment investments records record world
management architectural architects music maintenance group brothers bros company yard solution solutions warehouse
sons electronics electronic shoes sports sporting care lumber goods tapes tavern interior interiors steak club
centers center centre cafeteria cafe bakery pantry gas business hardware unlimited supply supplies systems industries
bank insurance consulting consultants restaurant restaurants pharmacy drug drugs department outlet mart shop shops
supermarket supermarkets superstore distributors distribution enterprises associates partners international
technologies technology tech software media studio studios agency builders construction properties financial
finance capital trust labs logistics transport airlines hotel hotels inn travel fashion fashions apparel clothing
jewelry jewelers books toys electric plumbing cleaning printing imports trading wholesale retail grocery groceries
appliance appliances furnishings improvement merchants merchant corporation industries manufacturing
handel bau technik dienste dienstleistungen versicherung versicherungen backerei apotheke immobilien werkstatt
boulangerie pharmacie assurances immobilier transports batiment
construcciones inmobiliaria servicios comercial distribuciones farmacia
bouw techniek diensten verzekeringen makelaardij
costruzioni servizi immobiliare assicurazioni ristorante
""".split()
)
_AND = re.compile(r"^[^\W\d_][\w'’-]*(?:,\s*[^\W\d_][\w'’-]*)*\s+(?:and|&|und|et|y|en|e)\s+[^\W\d_][\w'’-]*$")


class CompanyRecognizer(CellRecognizer):
    ENTITY = "COMPANY"
    CONTEXT = ["company", "employer", "firm"]

    def score_cell(self, raw: str, folded: str) -> float:
        words = folded.split()
        if len(words) == 1 and re.fullmatch(r"[A-Z][\w-]+['’]s", raw.strip()):
            return 0.5  # a possessive shop name
        if len(words) < 2:
            return 0.0
        sufs = company_suffixes()
        if words[-1] in sufs or " ".join(words[-2:]) in sufs:
            return 0.7
        compact = raw.replace(".", "").casefold().split()
        if compact and compact[-1] in sufs:  # "S.p.A." -> "spa", "B.V." -> "bv"
            return 0.7
        if 2 <= len(words) <= 5 and raw[:1].isupper() and any(w in TRADE_WORDS for w in words):
            return 0.6
        if _AND.match(raw.strip()):
            _first, last = name_lists()
            toks = [w for w in words if w not in ("and", "und", "et", "y", "en", "e")]
            if sum(t in last for t in toks) >= 2:
                return 0.6
        return 0.0
