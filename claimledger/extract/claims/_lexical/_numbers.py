"""Numbers in a sentence's tokens, in digits or in a language's number words: "18", "2-3", "1,5", "45-ти",
"1 500", "двадцять п'ять", "190 тисяч", "полторы тысячи", "от 10 до 15"."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Morphology, Token

__all__ = ["Number", "NumberReader"]

_MAX_DIGITS = 15  # longer digit strings are identifiers or noise, not counts (and would lose precision)
_DIGITS = re.compile(rf"^(\d{{1,{_MAX_DIGITS}}}(?:[.,]\d{{1,6}})?)(?:-(\w+))?$")
_GROUP = re.compile(r"^\d{3}$")
RANGE_MARKS = frozenset({"-", "–", "—"})


@dataclass(frozen=True, slots=True)
class Number:
    """A number read at tokens [first, last): its value, and the top of a range ("2-3")."""

    first: int
    last: int
    value: float
    high: float | None = None


def _folded(words: Mapping[str, float], morphology: Morphology) -> tuple[dict[str, float], dict[str, float]]:
    """Words by their written form, and by their dictionary form when the morphology folds the written
    form to a number ("трьох": три) or it is the dictionary form itself; an oblique form the dictionary
    misreads ("семи": сема) is matched as written only."""
    surface = {word.lower(): value for word, value in words.items()}
    lemmas: dict[str, float] = {}
    for word, value in surface.items():
        form = morphology.analyze(word)
        if form.lemma == word or form.pos == "NUMR":
            lemmas.setdefault(form.lemma, value)
    return surface, lemmas


class NumberReader:
    """Reads the number starting at a token, with one language's number words, scales ("тысяча"),
    count endings ("45-ти", not "3-я") and range words ("с 1 по 10")."""

    def __init__(self, *, lexicon: Lexicon) -> None:
        morphology = lexicon.morphology
        self._words, self._word_lemmas = _folded(lexicon.numbers, morphology)
        self._scales, self._scale_lemmas = _folded(lexicon.scales, morphology)
        self._endings = frozenset(e.lower().lstrip("-") for e in lexicon.count_endings)
        self._ranges = frozenset(morphology.analyze(w.lower()).lemma for w in lexicon.range_words)

    @property
    def words(self) -> frozenset[str]:
        """Every number and scale word, written and folded: a token that is none of them (nor digits)
        starts no number."""
        return frozenset((*self._words, *self._word_lemmas, *self._scales, *self._scale_lemmas))

    def at(self, tokens: Sequence[Token], index: int, *, ranges: bool = True) -> Number | None:
        """The number starting at a token, with its scale ("30 тисяч") and, if `ranges`, the top of a
        range after it ("2-3", "2 - 3", "от 10 до 15"); None when the token starts no number."""
        found = self._digits(tokens, index) or self._spelled(tokens, index)
        if found is None:
            return None
        value, high, last = found
        scale = self._scale(tokens[last]) if last < len(tokens) else None
        if scale is not None:
            value, high, last = value * scale, high * scale if high is not None else None, last + 1
        if ranges and high is None and last + 1 < len(tokens) and self._joins(tokens[last]):
            upper = self.at(tokens, last + 1, ranges=False)
            if upper is not None and upper.value > value:
                high, last = upper.value, upper.last
        if not math.isfinite(value) or (high is not None and not math.isfinite(high)):
            return None
        return Number(index, last, value, high)

    def _joins(self, token: Token) -> bool:
        return token.text in RANGE_MARKS or token.lemma in self._ranges

    def _digits(self, tokens: Sequence[Token], index: int) -> tuple[float, float | None, int] | None:
        token = tokens[index]
        found = _DIGITS.match(token.text)
        if found is None:
            return None
        number, suffix = found[1], found[2]
        if suffix is not None and not suffix.isdigit() and suffix.lower() not in self._endings:
            return None  # "3-я бригада", "64-річний"
        last = index + 1
        if suffix is None and len(number) <= 3 and number.isdigit():  # "1 500": digits grouped by spaces
            while (
                last < len(tokens)
                and _GROUP.match(tokens[last].text)
                and tokens[last].start - tokens[last - 1].end == 1
                and len(number) <= _MAX_DIGITS - 3
            ):
                number += tokens[last].text
                last += 1
        value = float(number.replace(",", "."))
        joined = suffix is not None and suffix.isdigit() and len(suffix) <= _MAX_DIGITS
        high = float(suffix) if joined and suffix is not None else None
        return value, high, last

    def _spelled(self, tokens: Sequence[Token], index: int) -> tuple[float, float | None, int] | None:
        """Number words, a compound read as their sum while each part is smaller than a round one before it
        ("сто двадцять п'ять" = 125, not "два три"); a scale word alone counts itself ("тысяча")."""
        total, previous, last = 0.0, None, index
        while last < len(tokens):
            part = self._word(tokens[last])
            if part is None or (previous is not None and not (part < previous and previous % 10 == 0)):
                break
            total, previous, last = total + part, part, last + 1
        if last > index:
            return total, None, last
        scale = self._scale(tokens[index])
        return (scale, None, index + 1) if scale is not None else None

    def _word(self, token: Token) -> float | None:
        text = token.lower
        if text in self._words:
            return self._words[text]
        return self._word_lemmas.get(token.lemma)

    def _scale(self, token: Token) -> float | None:
        text = token.lower
        if text in self._scales:
            return self._scales[text]
        return self._scale_lemmas.get(token.lemma)
