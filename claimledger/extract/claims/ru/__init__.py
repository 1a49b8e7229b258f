"""Russian: claim rules (being written: until then no claims are read, and documents say so)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from claimledger.extract.claims._language import Language
from claimledger.extract.claims._types import SentenceAnalysis
from claimledger.extract.claims.ru._names import COUNTRIES, KIND_CUES, SIDE_CUES, name_key
from claimledger.model import Quantity, TimeWindow

__all__ = ["LANGUAGE"]


class _NoRules:
    def pipe(self, texts: Sequence[str]) -> Iterator[SentenceAnalysis]:
        return (SentenceAnalysis(clauses=[]) for _ in texts)


def _no_quantity(text: str) -> Quantity | None:
    return None


def _no_time(clause: str, expressions: list[str], published: date | None) -> TimeWindow | None:
    return None


LANGUAGE = Language(
    code="ru",
    name="Russian",
    rules=_NoRules,
    quantity=_no_quantity,
    time=_no_time,
    dispute=re.compile(r"\b(?:однако)\b", re.IGNORECASE),
    name_key=name_key,
    kind_cues=KIND_CUES,
    side_cues=SIDE_CUES,
    countries=COUNTRIES,
)
