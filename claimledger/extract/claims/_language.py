"""The languages of claim extraction: one package per language, found through a registry by its code.

As spaCy keeps `spacy.lang.ru`, claimledger keeps `claimledger.extract.claims.ru`: each language package
exports `LANGUAGE`, a `Language` holding its sentence rules (and the NLP models they load), its quantity
and time parsers, its dispute cue, and how it folds claimant names and guesses their kind and side. The
extractor, the discourse and the registry stay language-neutral and reach a language only through here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from typing import Protocol

from claimledger.errors import UnsupportedLanguageError
from claimledger.extract.claims._types import SentenceAnalysis
from claimledger.model import Quantity, Side, SourceKind, TimeWindow

__all__ = ["LANGUAGES", "Cues", "Language", "Rules", "get_language", "supported"]

Cues = tuple[tuple[SourceKind, tuple[str, ...]], ...]
SideCues = tuple[tuple[Side, tuple[str, ...]], ...]


class Rules(Protocol):
    """A language's sentence rules: sentences of one or many documents in, one analysis per sentence out
    (an empty analysis for a sentence that cannot carry a claim). Models load when the rules are built."""

    def pipe(self, texts: Sequence[str]) -> Iterable[SentenceAnalysis]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """Everything claim extraction needs to know about one language."""

    code: str
    name: str
    rules: Callable[[], Rules]
    """Builds the sentence rules, loading their models (called once per process)."""
    quantity: Callable[[str], Quantity | None]
    """The quantity a clause states ("18 attacks", "восемнадцать атак"), if any."""
    time: Callable[[str, list[str], date | None], TimeWindow | None]
    """The time window of a clause, from the clause, its time phrases and the publication date."""
    dispute: re.Pattern[str]
    """A sentence openly disputing what was just reported ("claimed, however, that", "однако")."""
    name_key: Callable[[str], str]
    """The registry's matching key of a name written in this language (case, articles, inflection)."""
    kind_cues: Cues = ()
    """Words in an unregistered claimant's name that give its kind, checked in order."""
    side_cues: SideCues = ()
    """Words in an unregistered claimant's name that give its side, checked in order."""
    countries: tuple[tuple[str, Side], ...] = ()
    """Name keys that mean a country's government ("Kyiv", "Москва")."""


LANGUAGES: dict[str, str] = {
    "en": "claimledger.extract.claims.en",
    "ru": "claimledger.extract.claims.ru",
    "uk": "claimledger.extract.claims.uk",
}
"""The module of each language package, by ISO 639-1 code. A package exports `LANGUAGE`."""


def supported(code: str | None) -> bool:
    """Whether claim rules exist for a language code."""
    return code in LANGUAGES


@cache
def get_language(code: str) -> Language:
    """The language package for a code, imported once."""
    try:
        module = LANGUAGES[code]
    except KeyError:
        known = ", ".join(sorted(LANGUAGES))
        raise UnsupportedLanguageError(
            f"no claim rules for language {code!r} (claims are read in {known})"
        ) from None
    language = import_module(module).LANGUAGE
    if not isinstance(language, Language):
        raise TypeError(f"{module}.LANGUAGE is not a Language")
    return language
