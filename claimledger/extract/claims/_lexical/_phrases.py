"""Phrases of a lexicon matched on dictionary forms: written as text, folded word by word once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from claimledger.extract.claims._lexical._morphology import Morphology, Token, tokenize

__all__ = ["Match", "PhraseIndex"]

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    """A phrase found in a sentence: token positions [first, last) and the value it was listed with."""

    first: int
    last: int
    value: V


class PhraseIndex(Generic[V]):
    """Phrases with values, found in token sequences by dictionary form (or surface form, for words the
    morphology folds too far); at each position the longest phrase wins, then the first listed. Each word
    of a phrase also matches a token whose dictionary form is the word as written, for words the
    morphology folds one way alone and another way inflected ("техніка" alone: "технік"; "техніки":
    "техніка")."""

    def __init__(self, entries: Iterable[tuple[str, V]], *, morphology: Morphology) -> None:
        self._by_first: dict[str, list[tuple[tuple[frozenset[str], ...], V]]] = {}
        for text, value in entries:
            words = tuple(frozenset({t.lemma, t.lower}) for t in tokenize(text, morphology))
            for key in words[0] if words else ():
                self._by_first.setdefault(key, []).append((words, value))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))  # stable: equal lengths keep list order

    @classmethod
    def of(cls, phrases: Iterable[str], *, morphology: Morphology) -> PhraseIndex[str]:
        """An index of plain phrases, each its own value."""
        return PhraseIndex(((p, p) for p in phrases), morphology=morphology)

    @property
    def firsts(self) -> frozenset[str]:
        """The first word of every phrase, as it is matched (dictionary or surface form)."""
        return frozenset(self._by_first)

    def at(self, tokens: Sequence[Token], index: int) -> Match[V] | None:
        """The longest phrase starting at a token."""
        token = tokens[index]
        best: Match[V] | None = None
        for key in (token.lemma, token.lower) if token.lower != token.lemma else (token.lemma,):
            for words, value in self._by_first.get(key, ()):
                end = index + len(words)
                if best is not None and end <= best.last:
                    break
                if end <= len(tokens) and all(
                    tokens[index + k].lemma in alternatives or tokens[index + k].lower in alternatives
                    for k, alternatives in enumerate(words[1:], 1)
                ):
                    best = Match(index, end, value)
                    break
        return best

    def find(self, tokens: Sequence[Token], low: int = 0, high: int | None = None) -> list[Match[V]]:
        """Every phrase in tokens[low:high], left to right, not overlapping."""
        high = len(tokens) if high is None else high
        out: list[Match[V]] = []
        index = low
        firsts = self._by_first
        while index < high:
            token = tokens[index]
            found = self.at(tokens, index) if token.lemma in firsts or token.lower in firsts else None
            if found is not None and found.last <= high:
                out.append(found)
                index = found.last
            else:
                index += 1
        return out
