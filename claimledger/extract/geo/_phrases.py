"""Adjective phrases of Russian and Ukrainian reporting that name places without naming them.

"на Куп'янському напрямку", "на Запорізькому та Херсонському напрямках", "на донецком направлении": a
direction is named by the adjective of its town, so the adjective stands for that town (the biggest place
the adjective derives from, along the front first: Бахмутський -> Бахмут, Авдіївський -> Авдіївка,
Кураховский -> Курахово).
"в Харьковской, Днепропетровской и Запорожской областях", "Ясиноватский район", "Білозерської громади":
the adjectives before an admin word name those units (an oblast, a raion, a hromada); districts of a city
("Калининском районе Горловки", "Донецк (Киевский, Петровский районы)") stand for that city; a raion the
gazetteer does not know (a pre-2020 one) falls back to its eponymous town. Lower-case adjectives count too,
and so does a digest's "На горловском 15 обстрелов", where the direction word is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimledger.extract.geo._matcher import Match, Token
from claimledger.extract.geo._morph import word_info
from claimledger.extract.geo._names import name_key, sound_key
from claimledger.extract.geo._regions import REGION_KEYS
from claimledger.extract.geo._resolver import on_front

if TYPE_CHECKING:
    from claimledger.extract.geo._gazetteer import Entry, Gazetteer

_HEADS = (
    ("направл", "direction"),
    ("напрям", "direction"),
    ("участк", "direction"),
    ("участок", "direction"),
    ("ділянц", "direction"),
    ("ділянк", "direction"),
    ("фронт", "direction"),
    ("област", "oblast"),
    ("район", "raion"),
    ("громад", "hromada"),
)
_ADJECTIVE = re.compile(
    r"[сцз]ь?к(?:ий|ій|ый|ого|ому|им|ім|ом|ая|ой|ую|а|ої|у|ій|е|ое|ых|их|і|ие|ими|ыми|ої|ою)$"
)
_GAP = re.compile(r"\s*(?:,|и|і|й|та)?\s*")
_BASE = re.compile(r"(?:ий|ій|ый|ая|а|е|ое)$")
_SUFFIX = re.compile(r"([сцз])ь?к$")
_MAX_LIST = 8
_CITY = 100_000
_LOCATIVE_ADJECTIVE = re.compile(r"[сц]ь?к(?:ом|ому)$")
_FIGURE_AFTER = re.compile(r"\s*(?:\d|:|—|–)")
MIN_TOWN = {"direction": 2_000, "raion": 5_000, "oblast": 0, "hromada": 0}
"""Smallest eponymous town an adjective may stand for, by the phrase's head."""
_UNIT_WORD = {"raion": "район", "hromada": "громада"}


def find_phrases(
    text: str, tokens: Sequence[Token], sentence_of: Sequence[int], gazetteer: Gazetteer, *, language: str
) -> list[Match]:
    """The direction and admin-unit phrases of a Cyrillic text, as matches with their entries."""
    found: list[Match] = []
    for index, token in enumerate(tokens):
        head = next((kind for prefix, kind in _HEADS if token.key.startswith(prefix)), None)
        if head is None or index == 0:
            if _elliptical_direction(text, tokens, index):  # "На горловском 15 обстрелов"
                match = _phrase(text, tokens, sentence_of, gazetteer, index, index, "direction", language)
                found += [match] if match is not None else []
            continue
        adjectives = _adjectives(text, tokens, index, language)
        city = (
            _city_of_districts(text, tokens, index, adjectives, gazetteer, language)
            if head == "raion"
            else []
        )
        for position in adjectives:
            match = _phrase(text, tokens, sentence_of, gazetteer, position, index, head, language, city)
            if match is not None:
                found.append(match)
    return sorted(found, key=lambda m: m.start)


def _adjective(token: Token, language: str) -> bool:
    """An -ский/-ський adjective by its ending and its likeliest reading (not "Светлодарске", a town)."""
    return _ADJECTIVE.search(token.key) is not None and word_info(token.text, language).adjective


def _elliptical_direction(text: str, tokens: Sequence[Token], index: int) -> bool:
    """ "на X-ском" with the direction word left out, before a figure or a colon (a digest's list)."""
    return (
        index > 0
        and tokens[index - 1].key == "на"
        and _LOCATIVE_ADJECTIVE.search(tokens[index].key) is not None
        and word_info(tokens[index].text, "ru").adjective
        and _FIGURE_AFTER.match(text, tokens[index].end) is not None
    )


def _city_of_districts(
    text: str,
    tokens: Sequence[Token],
    head: int,
    adjectives: Sequence[int],
    gazetteer: Gazetteer,
    language: str,
) -> list[Entry]:
    """The city whose districts a list names: "Калининском районе Горловки", "Донецк (Киевский, ...
    районы)"."""
    if not adjectives:
        return []
    first = min(adjectives)
    near = [head + 1] if head + 1 < len(tokens) else []
    if first >= 1 and text[tokens[first - 1].end : tokens[first].start].strip() == "(":
        near.append(first - 1)
    for index in near:
        forms = word_info(tokens[index].text, language).keys if tokens[index].capital else ()
        found = gazetteer.candidates(forms)
        cities = [
            e for key in forms for e in found.get(key, ()) if e.kind == "settlement" and e.population >= _CITY
        ]
        if cities:
            return sorted(cities, key=lambda e: -e.population)[:1]
    return []


def _adjectives(text: str, tokens: Sequence[Token], head: int, language: str) -> list[int]:
    """Token indices of the list of adjectives just before a head word ("Запорізькому та Херсонському")."""
    out: list[int] = []
    index = head - 1
    while index >= 0 and len(out) < _MAX_LIST and _adjective(tokens[index], language):
        out.append(index)
        if index == 0:
            break
        gap = text[tokens[index - 1].end : tokens[index].start]
        if not _GAP.fullmatch(gap) or "\n" in gap:
            break
        if tokens[index - 1].key in ("и", "і", "й", "та"):
            index -= 1
        index -= 1
    return out


def _phrase(
    text: str,
    tokens: Sequence[Token],
    sentence_of: Sequence[int],
    gazetteer: Gazetteer,
    position: int,
    head: int,
    kind: str,
    language: str,
    city: Sequence[Entry] = (),
) -> Match | None:
    token = tokens[position]
    forms = word_info(token.text, language).keys
    entries = _units(forms, kind, gazetteer) or list(city) or _eponyms(forms, kind, gazetteer)
    if not entries or sentence_of[position] != sentence_of[head]:
        return None
    last = head if head == position + 1 and kind != "direction" else position
    return Match(
        position,
        last,
        token.start,
        tokens[last].end,
        name_key(text[token.start : tokens[last].end]),
        tuple(entries),
        sentence_of[position],
        region=kind == "direction",
    )


def _units(forms: Sequence[str], kind: str, gazetteer: Gazetteer) -> list[Entry]:
    """The oblast, raion or hromada an adjective names ("харківська" + область)."""
    if kind == "oblast":
        keys = [REGION_KEYS[k] for form in forms if (k := f"{form} область") in REGION_KEYS]
    elif kind in _UNIT_WORD:
        keys = [f"{form} {_UNIT_WORD[kind]}" for form in forms]
    else:
        return []
    found = gazetteer.candidates(keys)
    return [e for key in keys for e in found.get(key, ()) if e.kind in ("admin1", "admin2")][:5]


def _eponyms(forms: Sequence[str], kind: str, gazetteer: Gazetteer) -> list[Entry]:
    """The biggest town an adjective derives from: Бахмутський -> Бахмут, Мар'їнський -> Мар'їнка."""
    if kind not in MIN_TOWN or kind in ("oblast", "hromada"):
        return []
    keys: list[str] = []
    for form in forms:
        base = _BASE.sub("", form)
        suffix = _SUFFIX.search(base)
        stem = base[: suffix.start()] if suffix else base
        names = [base, stem, f"{stem}а", f"{stem}ка"]
        if suffix and suffix.group(1) == "з":
            names.append(f"{stem}жа")  # Запорізький -> Запоріжжя
        keys += [key for name in names for key in (name_key(name), sound_key(name))]
    keys = [k for k in dict.fromkeys(keys) if k]
    found = gazetteer.candidates(keys)
    towns = {
        e.id: e
        for key in keys
        for e in found.get(key, ())
        if e.kind == "settlement" and e.population >= MIN_TOWN[kind]
    }
    return sorted(towns.values(), key=lambda e: (not on_front(e), e.country != "UA", -e.population))[:1]
