"""Pure helpers that fill a claim's quantity and time window from its clause text (English)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import Any

import dateparser

from claimledger.extract.nlp.lexicon import MONTHS
from claimledger.model import Quantity, TimeWindow

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "several": 3,
    "a few": 3,
}
_NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
_PASSIVE = r"(?:(?:were|was|have\s+been|had\s+been)\s+)?"
# Unit words after a number, mapped to the unit a Quantity carries. Order matters: longer phrases first.
_UNITS: tuple[tuple[str, str], ...] = (
    (r"square\s+kilomet(?:er|re)s?|sq\.?\s*km|km2|km²", "km2"),
    (r"kilomet(?:er|re)s?|km", "km"),
    (r"met(?:er|re)s?|m\b", "m"),
    (r"%|per\s*cent", "percent"),
    (r"(?:\w+\s+){0,2}attacks?|assaults?|attempts?|times", "attacks"),
    (r"(?:\w+\s+){0,2}(?:engagements?|battles?|clashes|combat\s+clashes)", "engagements"),
    (r"(?:\w+\s+){0,2}drones?|uavs?", "drones"),
    (r"(?:\w+\s+){0,2}missiles?", "missiles"),
    (r"(?:\w+\s+){0,2}(?:soldiers|troops|servicemen|servicemembers|personnel|occupiers)", "soldiers"),
    (r"(?:\w+\s+){0,3}call\s+signs?", "call signs"),
    (r"(?:\w+\s+){0,2}(?:settlements|villages|towns)", "settlements"),
    (rf"(?:people\s+)?{_PASSIVE}(?:killed|dead|deaths)", "killed"),
    (rf"(?:people\s+)?{_PASSIVE}(?:wounded|injured)", "wounded"),
    (r"(?:\w+\s+){0,2}(?:tanks|vehicles|artillery\s+systems)", "equipment"),
)
_QUALIFIER = (
    r"(?:(?:about|around|approximately|nearly|almost|at\s+least|up\s+to|over|more\s+than|some|"
    r"an\s+estimated)\s+)?"
)
_RANGE = rf"(?P<low>{_NUMBER})(?:\s*(?:to|-|–|—|or)\s*(?P<high>{_NUMBER}))?"
_OUT_OF = rf"(?:\s+(?:of|out\s+of)\s+(?:the\s+)?{_NUMBER})?"  # "38 of the 52 drones": 38 drones
_UNIT = "|".join(f"(?:{pattern})" for pattern, _ in _UNITS)
_QUANTITY = re.compile(
    rf"\b{_QUALIFIER}{_RANGE}{_OUT_OF}(?:\s+|\s*(?=%))(?P<unit>{_UNIT})(?:\b|(?<=%))", re.IGNORECASE
)
# Verb-first casualty counts: "killed two civilians", "wounding at least 12 people".
_CASUALTIES = re.compile(
    rf"\b(?P<verb>kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing))\s+{_QUALIFIER}{_RANGE}\s+(?:\w+\s+)?"
    r"(?:civilians?|people|persons|residents|children|soldiers|servicem(?:e|a)n|servicemembers|troops)\b",
    re.IGNORECASE,
)
_UNIT_PATTERNS = tuple((re.compile(rf"^(?:{pattern})$", re.IGNORECASE), unit) for pattern, unit in _UNITS)


def _number(text: str) -> float | None:
    key = text.lower().replace(",", "")
    if key in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[key])
    try:
        return float(key)
    except ValueError:
        return None


def parse_quantity(text: str) -> Quantity | None:
    """The first number-with-unit in a clause: "three to four kilometers" -> 3, 4, km; "18 attacks" -> 18;
    "killed two civilians" -> 2, killed."""
    found = [q for q in (_first(_QUANTITY, text), _first(_CASUALTIES, text)) if q is not None]
    return min(found, key=lambda item: item[0])[1] if found else None


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, Quantity] | None:
    """The first match of a quantity pattern whose number parses, with its position."""
    for match in pattern.finditer(text):
        low = _number(match["low"])
        if low is None:
            continue
        high = _number(match["high"]) if match["high"] else None
        if "verb" in match.groupdict():
            unit: str | None = "killed" if match["verb"].lower().startswith("kill") else "wounded"
        else:
            unit = next((name for pattern, name in _UNIT_PATTERNS if pattern.match(match["unit"])), None)
        return match.start(), Quantity(value=low, value_max=high, unit=unit, text=match.group().strip())
    return None


_MONTHS = MONTHS
_PAST_SPAN = re.compile(
    r"\b(?:over|in|during|within)\s+the\s+(?:past|last)\s+(?:(\w+)\s+)?(day|week|month|year)s?\b",
    re.IGNORECASE,
)
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_SINCE_LAST = re.compile(rf"\bsince\s+last\s+({'|'.join(_MONTHS)})\b", re.IGNORECASE)
_NIGHT = re.compile(r"\b(?:overnight|last\s+night|on\s+the\s+night\s+of)\b", re.IGNORECASE)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19|20)\d\d"
_TIME_PHRASE = re.compile(
    rf"(?i:\b(?:on|in|since|by|from|as\s+of|until|during)\s+)?(?:"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?(?:\s*(?:to|-|–)\s*\d{{1,2}}\b)?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:\s+{_YEAR})?"
    rf"|(?i:(?:early|mid|late)[-\s]+){_MONTH}"
    rf"|{_MONTH}\s+{_YEAR}|(?i:spring|summer|fall|autumn|winter)\s+{_YEAR}"
    rf"|{_WEEKDAY}"
    rf"|(?i:yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week|month|year))"
    rf"|(?i:last\s+(?:night|week|month|year|{_WEEKDAY}|{_MONTH}))"
    rf")\b"
    rf"|(?i:\b(?:in|since|by|from|during)\s+){_YEAR}\b"
)


_PREPOSITION = re.compile(r"^(?:on|in|since|by|from|as\s+of)\s+")


def time_phrases(text: str) -> list[tuple[int, int]]:
    """Character spans of the date and time phrases in English text, with their preposition: "on March 17",
    "since last August", "yesterday", "in 2025" (the input of `resolve_time`)."""
    return [match.span() for match in _TIME_PHRASE.finditer(text)]


def _since_last_month(month_name: str, published: date) -> date:
    month = _MONTHS.index(month_name.lower()) + 1
    year = published.year - 1 if month >= published.month else published.year
    return date(year, month, 1)


def _parse_date(text: str, published: date | None) -> date | None:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    else:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def resolve_time(clause: str, expressions: list[str], published: date | None) -> TimeWindow | None:
    """The time window a clause speaks of, resolved against the publication date.

    `expressions` are the date phrases found in the clause (e.g. spaCy DATE entities with their preposition:
    "since last August", "on March 17", "over the past day", "yesterday"). Unresolved phrases keep only text.
    """
    if published is None:  # without a publication date only full dates ("5 March 2025") can be placed
        for expression in expressions:
            lowered = expression.lower()
            day = _parse_date(_PREPOSITION.sub("", lowered), None) if re.search(_YEAR, lowered) else None
            if day is not None:
                open_ended = lowered.startswith(("since", "from"))
                return TimeWindow(start=day, end=None if open_ended else day, text=expression)
        return TimeWindow(text=expressions[0]) if expressions else None
    if (span := _PAST_SPAN.search(clause)) is not None:
        count = _number(span[1]) if span[1] else 1
        days = int((count or 1) * _SPAN_DAYS[span[2].lower()])
        return TimeWindow(start=published - timedelta(days=days), end=published, text=span.group())
    if (since := _SINCE_LAST.search(clause)) is not None:
        return TimeWindow(start=_since_last_month(since[1], published), end=published, text=since.group())
    for expression in expressions:
        lowered = expression.lower()
        core = _PREPOSITION.sub("", lowered)
        day = _parse_date(core, published)
        if day is None:
            continue
        if lowered.startswith("since") or lowered.startswith("from"):
            return TimeWindow(start=day, end=published, text=expression)
        if re.fullmatch(rf"(?:{'|'.join(_MONTHS)})(?:\s+\d{{4}})?", core):
            last = monthrange(day.year, day.month)[1]
            return TimeWindow(start=day.replace(day=1), end=day.replace(day=last), text=expression)
        return TimeWindow(start=day, end=day, text=expression)
    if (night := _NIGHT.search(clause)) is not None:
        return TimeWindow(start=published - timedelta(days=1), end=published, text=night.group())
    return TimeWindow(text=expressions[0]) if expressions else None
