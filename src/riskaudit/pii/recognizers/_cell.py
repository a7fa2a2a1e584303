"""Base class for whole-cell vocabulary recognizers (structured columns: the cell *is* the value).

A cell longer than ``MAX_CELL`` characters or ``MAX_WORDS`` words is never matched (those cells are prose; the
free-text path handles them), so every lookup is on a short, accent- and case-folded string: linear time.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._lists import fold

MAX_CELL = 80
MAX_WORDS = 8


class CellRecognizer(EntityRecognizer):
    ENTITY = ""
    CONTEXT: list[str] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language="en",
            name=f"Riskaudit{type(self).__name__}",
            context=self.CONTEXT,
        )

    def load(self) -> None:  # vocabularies are loaded lazily and cached
        pass

    def score_cell(self, raw: str, folded: str) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_CELL or len(stripped.split()) > MAX_WORDS:
            return []
        score = self.score_cell(stripped, fold(stripped))
        if score <= 0:
            return []
        start = text.index(stripped)
        return [
            RecognizerResult(
                self.ENTITY,
                start,
                start + len(stripped),
                score,
                analysis_explanation=None,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
        ]
