"""Race / ethnicity vocabularies (GDPR Art. 9 special category, role ``sensitive`` and a protected attribute):
US OMB/census categories and the usual European survey wordings in German, French, Spanish, Dutch and Italian.
Colour words alone (``White``, ``Black``) are common outside this meaning: the column decides (a small vocabulary
with at least two category terms)."""

from __future__ import annotations

from ._cell import CellRecognizer

_TERMS = frozenset(
    " ".join(t.split())
    for t in """
white
black
asian
hispanic
latino
latina
latinx
hispanic or latino
not hispanic or latino
non hispanic
non hispanic white
non hispanic black
caucasian
african american
black or african american
american indian
american indian or alaska native
alaska native
native american
native hawaiian
native hawaiian or other pacific islander
pacific islander
asian american
middle eastern
arab
mixed
mixed race
multiracial
two or more races
other race
biracial
indigenous
aboriginal
first nations
white british
white irish
white other
black african
black caribbean
black british
asian british
indian
pakistani
bangladeshi
chinese
weiss
weiß
schwarz
asiatisch
hispanisch
gemischt
blanc
blanche
noir
noire
asiatique
hispanique
metis
metisse
blanco
blanca
negro
negra
asiatico
asiatica
hispano
hispana
mestizo
mestiza
indigena
afrodescendiente
gitano
blank
zwart
aziatisch
surinaams
marokkaans
turks
antilliaans
nederlands
westers
niet westers
bianco
bianca
nero
nera
ispanico
ispanica
meticcio
""".strip().splitlines()
)


class EthnicityRecognizer(CellRecognizer):
    ENTITY = "RACE_ETHNICITY"
    CONTEXT = ["race", "ethnicity", "ethnic"]

    def score_cell(self, raw: str, folded: str) -> float:
        if any(c.isdigit() for c in raw):
            return 0.0
        return 0.6 if folded in _TERMS or folded.replace("ss", "ß") in _TERMS else 0.0
