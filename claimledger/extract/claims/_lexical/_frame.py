"""A clause's quantity and time window, read with one language's number words, units, qualifiers, months
and time phrases (see `Lexicon`); nothing here is specific to a language, and no input makes it raise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Token, tokenize
from claimledger.extract.claims._lexical._numbers import Number, NumberReader
from claimledger.extract.claims._lexical._phrases import PhraseIndex
from claimledger.extract.claims._lexical._time import TimeReader
from claimledger.model import Quantity, TimeWindow

__all__ = ["FrameReader"]

_UNIT_REACH = 4  # words between a number and its counted word ("до 45-ти киевских боевиков")
_QUALIFIER_REACH = 3  # words of one qualifier phrase ("не менее чем")
_CASUALTY_BEFORE, _CASUALTY_AFTER = 2, 3  # words around a count in which a casualty verb is looked for
_STOPS = frozenset({"NOUN", "VERB", "INFN", "CONJ", "NUMB", "PRTS", "GRND"})
"""Words that end the search for a counted word: another noun ("5 марта"), a verb, a conjunction."""
_ADJECTIVES = frozenset({"ADJF", "PRTF"})
_PEOPLE = frozenset({"civilians"})
"""Units a casualty verb nearby turns into killed or wounded ("погибли четверо мирных жителей")."""
_BARE_LIMIT = 1000  # a count of casualties without a counted word: larger numbers are mostly years


class FrameReader:
    """Reads quantities ("восемнадцать атак", "до 45-ти боевиков", "190 тисяч", "убили сімох", "до роты")
    and time windows ("в ночь на 5 марта", "за минувшие сутки", "з 1 по 10 березня", "30.08.2023") from
    clause text, with one language's lexicon."""

    def __init__(self, *, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        morphology = lexicon.morphology
        self._numbers = NumberReader(lexicon=lexicon)
        self._times = TimeReader(lexicon=lexicon, numbers=self._numbers)
        self._units = PhraseIndex(lexicon.units, morphology=morphology)
        self._formations = PhraseIndex(lexicon.formations, morphology=morphology)
        self._qualifiers = PhraseIndex.of(lexicon.qualifiers, morphology=morphology)
        self._casualties = PhraseIndex(lexicon.casualty_units, morphology=morphology)
        self._tokens = lru_cache(maxsize=4096)(lambda text: tokenize(text, morphology))
        self._starts = self._numbers.words | self._qualifiers.firsts  # words that can open a quantity

    # --- quantities -----------------------------------------------------------------------------------------

    def quantity(self, text: str) -> Quantity | None:
        """The first number with a counted word in a clause: value, range maximum, unit; the text keeps the
        qualifiers before the number ("до 20 военнослужащих"). A qualified formation counts one ("до роты");
        a count of people next to a casualty verb is killed or wounded ("убили сімох")."""
        tokens: list[Token] = self._tokens(text)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not token.text[:1].isdigit() and (
                token.lemma not in self._starts and token.lower not in self._starts
            ):
                index += 1
                continue
            number = self._numbers.at(tokens, index)
            if number is None:
                formation = self._formation(text, tokens, index)
                if formation is not None:
                    return formation
                index += 1
                continue
            found = self._counted(tokens, number)
            if found is not None:
                unit, last = found
                begin = self._qualified(tokens, number.first)
                return Quantity(
                    value=number.value,
                    value_max=number.high,
                    unit=unit,
                    text=text[tokens[begin].start : tokens[last - 1].end],
                )
            index = number.last
        return None

    def _counted(self, tokens: Sequence[Token], number: Number) -> tuple[str, int] | None:
        """The unit of what a number counts and where its counted word ends."""
        found = self._unit(tokens, number.last)
        if found is None:
            following = tokens[number.last] if number.last < len(tokens) else None
            if number.value >= _BARE_LIMIT or (following is not None and following.pos == "NOUN"):
                return None
            casualty = self._casualty(tokens, number.first, number.last)
            return (casualty, number.last) if casualty is not None else None
        unit, last = found
        if unit in _PEOPLE:
            unit = self._casualty(tokens, number.first, last) or unit
        return unit, last

    def _unit(self, tokens: Sequence[Token], start: int) -> tuple[str, int] | None:
        for index in range(start, min(start + _UNIT_REACH, len(tokens))):
            found = self._units.at(tokens, index)
            if found is not None:
                noun = self._units.at(tokens, found.last) if found.last < len(tokens) else None
                if noun is not None and tokens[index].pos in _ADJECTIVES and found.last == index + 1:
                    found = noun  # "28 цивільних об'єктів": the noun, not its adjective, is counted
                return found.value, found.last
            if not tokens[index].word or tokens[index].pos in _STOPS:
                return None
        return None

    def _casualty(self, tokens: Sequence[Token], first: int, last: int) -> str | None:
        near = [*range(max(0, first - _CASUALTY_BEFORE), first), *range(last, last + _CASUALTY_AFTER)]
        for index in near:
            if index < len(tokens) and (found := self._casualties.at(tokens, index)) is not None:
                return found.value
        return None

    def _qualified(self, tokens: Sequence[Token], first: int) -> int:
        """Where the quantity's text begins: at the qualifiers right before its number ("не менее чем")."""
        begin = first
        while True:
            found = next(
                (
                    match
                    for index in range(max(0, begin - _QUALIFIER_REACH), begin)
                    if (match := self._qualifiers.at(tokens, index)) is not None and match.last == begin
                ),
                None,
            )
            if found is None:
                return begin
            begin = found.first

    def _formation(self, text: str, tokens: Sequence[Token], index: int) -> Quantity | None:
        """ "до роты", "більше ніж батальйон": one formation, with the qualifier in its text."""
        qualifier = self._qualifiers.at(tokens, index)
        if qualifier is None or qualifier.last >= len(tokens):
            return None
        formation = self._formations.at(tokens, qualifier.last)
        if formation is None:
            return None
        shown = text[tokens[index].start : tokens[formation.last - 1].end]
        return Quantity(value=1, unit=formation.value, text=shown)

    # --- time -----------------------------------------------------------------------------------------------

    def phrases(self, text: str) -> list[str]:
        """The time phrases of a clause ("в ночь на 5 марта", "за минувшие сутки", "30.08.2023")."""
        tokens: list[Token] = self._tokens(text)
        return [text[tokens[w.first].start : tokens[w.last - 1].end] for w in self._times.find(tokens)]

    def time(self, clause: str, expressions: list[str], published: date | None) -> TimeWindow | None:
        """The window a clause speaks of: its first time phrase (of `expressions`, else of the clause) that
        can be placed, relative phrases against the publication date and, without one, only full dates. A
        phrase that cannot be placed keeps its text."""
        unplaced: list[str] = []
        for source in expressions or [clause]:
            tokens: list[Token] = self._tokens(source)
            for when in self._times.find(tokens):
                shown = source[tokens[when.first].start : tokens[when.last - 1].end]
                window = when.resolve(published)
                if window is not None:
                    return TimeWindow(start=window[0], end=window[1], text=shown)
                unplaced.append(shown)
        first = unplaced[0] if unplaced else expressions[0] if expressions else None
        return TimeWindow(text=first) if first else None
