"""Geoparsing: find place names in sentences and resolve them to gazetteer places."""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.extract.nlp.segment import Sentence
from claimledger.model import PlaceMention

__all__ = ["Geoparser"]


class Geoparser:
    """Find and resolve place mentions. (Placeholder until the geoparser issue lands: finds none.)"""

    def __init__(self) -> None:
        pass

    def __call__(self, text: str, sentences: Sequence[Sentence], *, language: str = "en") -> list[PlaceMention]:
        return []
