"""When a clause says something happened, read with a language's months and time phrases and resolved
against the publication date: windows ending at publication ("за минувшие сутки", "за последние 5 дней"),
days before it ("вчера"), a night ("в ночь на 5 марта"), a day or a range of days ("5 марта 2024",
"с 1 по 10 марта", "30.08.2023") and spans from a fixed day ("с начала вторжения")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from claimledger.extract.claims._lexical._lexicon import Lexicon
from claimledger.extract.claims._lexical._morphology import Token
from claimledger.extract.claims._lexical._numbers import RANGE_MARKS, NumberReader
from claimledger.extract.claims._lexical._phrases import PhraseIndex

__all__ = ["TimeReader", "When"]

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_DAY = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class When:
    """A time phrase at tokens [first, last), before it is placed in the calendar."""

    first: int
    last: int
    back: float | None = None
    """A window of this many days ending at publication (0: the day of publication)."""
    ago: int | None = None
    """The one day this many days before publication."""
    since: date | None = None
    """From this day to publication."""
    day: tuple[int, int, int | None] | None = None
    """Day, month and year (None: the latest such day not after publication)."""
    until: int | None = None
    """The last day of a range within the same month ("с 1 по 10 марта")."""
    night: bool = False
    """The night before `day`: the window is the day before and the day."""

    def resolve(self, published: date | None) -> tuple[date | None, date | None] | None:
        """Start and end, or None when the phrase cannot be placed: a relative phrase without a publication
        date, or a day outside the calendar ("31 февраля", a window reaching before year 1)."""
        try:
            return self._resolve(published)
        except (OverflowError, ValueError):
            return None

    def _resolve(self, published: date | None) -> tuple[date | None, date | None] | None:
        if self.since is not None:
            return self.since, published
        if self.day is not None:
            number, month, year = self.day
            if year is None:
                if published is None:
                    return None
                start = date(published.year, month, number)
                if start > published:  # "5 марта" read in January: last year's
                    start = date(published.year - 1, month, number)
            else:
                start = date(year, month, number)
            if self.night:
                return start - timedelta(days=1), start
            return start, start.replace(day=self.until) if self.until is not None else start
        if published is None:
            return None
        if self.ago is not None:
            day = published - timedelta(days=self.ago)
            return day, day
        if self.back is not None:
            return published - timedelta(days=self.back), published
        return None


class TimeReader:
    """Finds the time phrases of a sentence's tokens with one language's lexicon."""

    def __init__(self, *, lexicon: Lexicon, numbers: NumberReader) -> None:
        morphology = lexicon.morphology
        self._numbers = numbers
        self._windows = PhraseIndex(lexicon.windows, morphology=morphology)
        self._nights = PhraseIndex.of(lexicon.nights, morphology=morphology)
        self._days = PhraseIndex(lexicon.relative_days, morphology=morphology)
        self._epochs = PhraseIndex(lexicon.epochs, morphology=morphology)
        self._openers = PhraseIndex.of(lexicon.span_openers, morphology=morphology)
        self._spans = PhraseIndex(lexicon.spans, morphology=morphology)
        self._ranges = frozenset(morphology.analyze(w.lower()).lemma for w in lexicon.range_words)
        indexes = (self._windows, self._nights, self._days, self._epochs, self._openers)
        self._firsts = frozenset().union(*(i.firsts for i in indexes))  # the words opening a phrase
        self._months: dict[str, int] = {}
        for number, names in enumerate(lexicon.months, 1):
            for name in names.split("|"):
                self._months.setdefault(name.lower(), number)
                self._months.setdefault(morphology.analyze(name.lower()).lemma, number)

    def find(self, tokens: Sequence[Token]) -> list[When]:
        """Every time phrase, left to right, not overlapping."""
        out: list[When] = []
        index = 0
        while index < len(tokens):
            found = self._at(tokens, index)
            if found is None:
                index += 1
                continue
            out.append(found)
            index = found.last
        return out

    def _at(self, tokens: Sequence[Token], index: int) -> When | None:
        token = tokens[index]
        if not token.text[:1].isdigit() and (
            token.lemma not in self._firsts and token.lower not in self._firsts
        ):
            return None
        night = self._nights.at(tokens, index)
        if night is not None:
            day = self._date(tokens, night.last)
            if day is not None and day.until is None:
                return When(index, day.last, day=day.day, night=True)
        epoch = self._epochs.at(tokens, index)
        if epoch is not None:
            return When(index, epoch.last, since=epoch.value)
        window = self._windows.at(tokens, index)
        if window is not None:
            return When(index, window.last, back=window.value)
        ago = self._days.at(tokens, index)
        if ago is not None:
            return When(index, ago.last, ago=ago.value)
        return self._span(tokens, index) or self._date(tokens, index)

    def _span(self, tokens: Sequence[Token], index: int) -> When | None:
        """ "за последние 5 дней", "протягом трьох діб", "за неделю": a window of so many days."""
        opener = self._openers.at(tokens, index)
        if opener is None or opener.last >= len(tokens):
            return None
        count, at = 1.0, opener.last
        number = self._numbers.at(tokens, at, ranges=False)
        if number is not None:
            count, at = number.value, number.last
        unit = self._spans.at(tokens, at) if at < len(tokens) else None
        if unit is None:
            return None
        return When(index, unit.last, back=count * unit.value)

    def _month(self, token: Token) -> int | None:
        return self._months.get(token.lower) or self._months.get(token.lemma)

    def _date(self, tokens: Sequence[Token], index: int) -> When | None:
        """ "5 марта [2024 года]", "1-10 березня", "с 1 по 10 марта", "30.08.2023"."""
        if index >= len(tokens):
            return None
        token = tokens[index]
        numeric = _NUMERIC_DATE.match(token.text)
        if numeric is not None:
            full = int(numeric[3]) + (2000 if len(numeric[3]) == 2 else 0)
            return When(index, index + 1, day=(int(numeric[1]), int(numeric[2]), full))
        day = _DAY.match(token.text)
        if day is None:
            return None
        first, until, at = int(day[1]), int(day[2]) if day[2] else None, index + 1
        if until is None and at + 1 < len(tokens) and self._joins(tokens[at]):
            last = _DAY.match(tokens[at + 1].text)
            if last is not None and last[2] is None:
                until, at = int(last[1]), at + 2
        if at >= len(tokens) or (month := self._month(tokens[at])) is None:
            return None
        at += 1
        year: int | None = None
        if at < len(tokens) and _YEAR.match(tokens[at].text):
            year, at = int(tokens[at].text), at + 1
        if until is not None and until <= first:
            until = None
        return When(index, at, day=(first, month, year), until=until)

    def _joins(self, token: Token) -> bool:
        return token.text in RANGE_MARKS or token.lemma in self._ranges
