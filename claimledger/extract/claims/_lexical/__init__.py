"""The lexical claim engine: claim rules over morphology and word order, shared by languages that fill a
`Lexicon` (Russian, Ukrainian). No language's words live here; see docs/languages.md.

A language package builds its `Language` from its lexicon with `language_of`:

    LEXICON = Lexicon(code="ru", morphology=PymorphyMorphology(lang="ru"), reporting={...}, ...)
    LANGUAGE = language_of(LEXICON, name="Russian", name_key=name_key, kind_cues=..., side_cues=...)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from claimledger.extract.claims._language import Cues, Language, Rules, SideCues
from claimledger.extract.claims._lexical._frame import FrameReader
from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Morphology, PymorphyMorphology, WordForm
from claimledger.extract.claims._lexical._rules import LexicalRules
from claimledger.model import Quantity, Side, TimeWindow

__all__ = [
    "FrameReader",
    "LexicalRules",
    "Lexicon",
    "Morphology",
    "PymorphyMorphology",
    "WordForm",
    "language_of",
]


def language_of(
    lexicon: Lexicon,
    *,
    name: str,
    name_key: Callable[[str], str],
    kind_cues: Cues = (),
    side_cues: SideCues = (),
    countries: tuple[tuple[str, Side], ...] = (),
) -> Language:
    """A `Language` whose rules, quantities and dates come from the lexical engine with this lexicon
    (built on first use, so importing the language package loads no dictionary)."""

    @cache
    def frame() -> FrameReader:
        return FrameReader(lexicon=lexicon)

    def rules() -> Rules:
        return LexicalRules(lexicon=lexicon)

    def quantity(text: str) -> Quantity | None:
        return frame().quantity(text)

    def time(clause: str, expressions: list[str], published: date | None) -> TimeWindow | None:
        return frame().time(clause, expressions, published)

    words = "|".join(re.escape(w) for w in lexicon.dispute) or "(?!)"
    return Language(
        code=lexicon.code,
        name=name,
        rules=rules,
        quantity=quantity,
        time=time,
        dispute=re.compile(rf"\b(?:{words})\b", re.IGNORECASE),
        name_key=name_key,
        kind_cues=kind_cues,
        side_cues=side_cues,
        countries=countries,
    )
