"""The model's attribute ruler (fine tag -> coarse POS and morphology) as a lookup table.

en_core_web_sm's `attribute_ruler` runs a token Matcher over every parse to map each fine-grained tag to
its universal POS and morphology, with word exceptions ("that" as a relative pronoun, "has" as an
auxiliary). The matcher costs about a tenth of the English pipeline; its single-token patterns read as a
table cost next to nothing. Patterns of two or more tokens or with regular expressions (a few colloquial
spellings such as "ain't") are left out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import LEMMA, MORPH, POS
from spacy.pipeline import AttributeRuler
from spacy.symbols import IDS
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab
from thinc.types import Ints2d

_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OTHER = "\x00"  # any value no rule names


@dataclass(frozen=True, slots=True)
class _Check:
    field: int
    values: frozenset[str]
    negated: bool

    def fits(self, key: tuple[str, ...]) -> bool:
        return (key[self.field] in self.values) != self.negated


@dataclass(frozen=True, slots=True)
class _Rule:
    checks: tuple[_Check, ...]
    pos: int | None
    morph: int | None
    lemma: int | None


def _check(field: str, spec: Any) -> _Check | None:
    index = _FIELDS.index(field)
    if isinstance(spec, Mapping):
        if "IN" in spec:
            return _Check(index, frozenset(map(str, spec["IN"])), False)
        if "NOT_IN" in spec:
            return _Check(index, frozenset(map(str, spec["NOT_IN"])), True)
        return None  # REGEX and the like
    return _Check(index, frozenset([str(spec)]), False)


class TagAttributes:
    """Set POS, MORPH and the ruler's few lemmas from a token's tag, word, dependency and spacing, as the
    attribute ruler would."""

    def __init__(self, *, ruler: AttributeRuler, vocab: Vocab) -> None:
        self.rules: list[_Rule] = []
        entries: list[Mapping[str, Any]] = list(ruler.patterns)
        for entry in entries:
            attrs = entry["attrs"]
            pattern = entry["patterns"][0]
            simple = len(pattern) == 1 and set(pattern[0]) <= set(_FIELDS)
            if not simple or not set(attrs) <= {"POS", "MORPH", "LEMMA"}:
                continue
            checks = [_check(field, spec) for field, spec in pattern[0].items()]
            if any(c is None for c in checks):
                continue
            self.rules.append(
                _Rule(
                    checks=tuple(c for c in checks if c is not None),
                    pos=IDS[attrs["POS"]] if "POS" in attrs else None,
                    morph=vocab.morphology.add(attrs["MORPH"]) if "MORPH" in attrs else None,
                    lemma=vocab.strings.add(attrs["LEMMA"]) if "LEMMA" in attrs else None,
                )
            )
        named = [c for rule in self.rules for c in rule.checks]
        self._named = [frozenset(v for c in named if c.field == i for v in c.values) for i in range(4)]
        self._cache: dict[tuple[str, ...], tuple[int, int, int]] = {}

    def _attributes(self, token: Token) -> tuple[int, int, int]:
        raw = (token.tag_, token.lower_, token.dep_, str(token.is_space))
        key = tuple(v if v in self._named[i] else _OTHER for i, v in enumerate(raw))
        found = self._cache.get(key)
        if found is None:
            pos, morph, lemma = 0, 0, 0
            for rule in self.rules:  # in the ruler's order: a later rule overrides an earlier one
                if all(c.fits(key) for c in rule.checks):
                    pos = rule.pos if rule.pos is not None else pos
                    morph = rule.morph if rule.morph is not None else morph
                    lemma = rule.lemma if rule.lemma is not None else lemma
            found = self._cache[key] = (pos, morph, lemma)
        return found

    def __call__(self, doc: Doc) -> Doc:
        values = [self._attributes(token) for token in doc]
        if values:
            doc.from_array([POS, MORPH, LEMMA], cast(Ints2d, numpy.array(values, dtype="uint64")))
        return doc
