"""Words and their grammar for the lexical engine: a tokenizer and a cached morphological analyzer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from claimledger.extract.nlp.morph import analyzer

__all__ = ["Morphology", "PymorphyMorphology", "Token", "WordForm", "tokenize"]

_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})
_WORD = re.compile(r"\d+(?:[.,]\d+)*(?:-\w+)?|\w+(?:[-'’ʼ]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class WordForm:
    """A word's dictionary form, part of speech and grammemes (OpenCorpora tags: NOUN, VERB, PRTS, nomn,
    gent, ablt, plur, past, Surn, Name, ...), as pymorphy3 gives them for Russian and Ukrainian."""

    lemma: str
    pos: str
    grammemes: frozenset[str]
    cases: frozenset[str] = frozenset()
    """Every case the word can be in, over all its analyses ("подразделения": gent or nomn or accs)."""


class Morphology(Protocol):
    """A language's morphology: the most likely analysis of one lower-cased word, out of context."""

    def analyze(self, word: str) -> WordForm: ...


class PymorphyMorphology:
    """pymorphy3 with its dictionaries for a language ("ru", "uk"), each word analysed once per process."""

    def __init__(self, *, lang: str, cache_size: int = 200_000) -> None:
        self.lang = lang
        self._cached = lru_cache(maxsize=cache_size)(self._analyze)

    def analyze(self, word: str) -> WordForm:
        """The most likely analysis of a lower-cased word (digits and punctuation get NUMB and PNCT)."""
        return self._cached(word)

    def _analyze(self, word: str) -> WordForm:
        if not any(c.isalpha() for c in word):
            return WordForm(word, "NUMB" if word[:1].isdigit() else "PNCT", frozenset())
        parses = analyzer(self.lang).parse(word)
        tag = parses[0].tag
        cases = frozenset(g for p in parses if p.tag.POS == tag.POS for g in p.tag.grammemes if g in _CASES)
        lemma = str(parses[0].normal_form).replace("ё", "е")
        return WordForm(lemma, str(tag.POS or ""), frozenset(tag.grammemes), cases)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark of a sentence, with its offsets and analysis."""

    text: str
    start: int
    end: int
    lemma: str
    pos: str
    grammemes: frozenset[str]
    cases: frozenset[str]
    lower: str = ""
    """The text in lower case (as phrases are matched when the dictionary form is not)."""

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()

    def has(self, *grammemes: str) -> bool:
        """Whether the word carries any of these grammemes in its most likely analysis."""
        return any(g in self.grammemes for g in grammemes)

    def may_be(self, case: str) -> bool:
        """Whether the word can be in this case in any of its analyses."""
        return case in self.cases


def tokenize(text: str, morphology: Morphology) -> list[Token]:
    """Split a sentence into words, numbers and punctuation, each analysed by the language's morphology."""
    out: list[Token] = []
    for match in _WORD.finditer(text):
        lower = match.group().lower()
        form = morphology.analyze(lower)
        out.append(
            Token(
                match.group(),
                match.start(),
                match.end(),
                form.lemma,
                form.pos,
                form.grammemes,
                form.cases,
                lower,
            )
        )
    return out
