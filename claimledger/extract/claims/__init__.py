"""Claim extraction: who claims what, where, by which side, with what certainty."""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.extract.nlp.segment import Sentence
from claimledger.model import Claim, Document, PlaceMention

__all__ = ["ClaimExtractor"]


class ClaimExtractor:
    """Extract claims from a document's sentences. (Placeholder until the claims issue lands: finds none.)"""

    def __init__(self) -> None:
        pass

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        mentions: Sequence[PlaceMention],
        *,
        language: str = "en",
    ) -> list[Claim]:
        return []
