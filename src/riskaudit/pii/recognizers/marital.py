"""Marital status (a quasi-identifier) in English, German, French, Spanish, Dutch and Italian; the one-letter
codes (S/M/D/W) only count with a header that says marital status."""

from __future__ import annotations

from ._cell import CellRecognizer

_PHRASES = frozenset(
    " ".join(line.split())
    for line in """
single
married
divorced
widowed
separated
never married
domestic partner
domestic partnership
civil partnership
civil union
living with partner
cohabiting
unmarried
married filing jointly
ledig
verheiratet
geschieden
verwitwet
getrennt lebend
eingetragene lebenspartnerschaft
celibataire
marie
mariee
marie e
divorce
divorcee
divorce e
veuf
veuve
veuf ve
separe
pacse
pacsee
en concubinage
soltero
soltera
soltero a
casado
casada
casado a
divorciado
divorciada
viudo
viuda
separado
separada
union de hecho
pareja de hecho
ongehuwd
gehuwd
getrouwd
gescheiden
weduwe
weduwnaar
samenwonend
geregistreerd partnerschap
alleenstaand
celibe
nubile
coniugato
coniugata
sposato
sposata
divorziato
divorziata
vedovo
vedova
separato
separata
unione civile
convivente
""".strip().splitlines()
)


class MaritalStatusRecognizer(CellRecognizer):
    ENTITY = "MARITAL_STATUS"
    CONTEXT = ["marital", "civil status"]

    def score_cell(self, raw: str, folded: str) -> float:
        return 0.6 if folded in _PHRASES else 0.0
