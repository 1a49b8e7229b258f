"""Context cues around a match: what makes it a place mention, and what it says about the place's level.

Pure functions over tokens. They drop people ("Vladimir Putin"), outlets and organisations ("Kyiv
Independent", "US Institute"), common words ("Most", "May"), and countries or capitals used as actors
("Russia has...", "Kyiv's troops") rather than as locations ("in southern Ukraine", "Russia's Belgorod
region"); and they flag admin-level readings ("Sumy, Kharkiv, and Luhansk oblasts", "in Kursk").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from claimledger.extract.geo._matcher import Match, Token
from claimledger.extract.geo._morph import place_verb
from claimledger.extract.geo._names import is_cyrillic
from claimledger.extract.nlp.lexicon import MONTHS, WEEKDAYS

PLACE_CUES = frozenset(
    {
        "village",
        "villages",
        "settlement",
        "settlements",
        "town",
        "towns",
        "city",
        "near",
        "outskirts",
        "hamlet",
        "khutor",
        "selo",
        "село",
        "поселок",
        "посёлок",
        "деревня",
        "хутор",
        "город",
        "с",
        "пос",
        "п",
        "д",
        "г",
        "х",
        "районе",
        "села",
        "селе",
        "селом",
        "поселка",
        "поселке",
        "деревни",
        "деревне",
        "хутора",
        "города",
        "городе",
        "пгт",
        "нп",
        "селі",
        "селища",
        "селищі",
        "міста",
        "місті",
        "смт",
        "around",
        "близ",
        "возле",
        "около",
        "біля",
        "поблизу",
        "неподалік",
        "районі",
        "селище",
        "поселку",
        "поселком",
        "деревню",
        "селу",
    }
)
LOCATIVE = frozenset(
    {
        "in",
        "into",
        "inside",
        "within",
        "across",
        "throughout",
        "against",
        "through",
        "of",
        "near",
        "toward",
        "towards",
        "outside",
        "from",
        "at",
        "over",
        "around",
        "в",
        "во",
        "на",
        "под",
        "из",
        "у",
        "до",
        "по",
        "через",
        "під",
        "біля",
        "близ",
        "возле",
        "около",
        "поблизу",
        "з",
        "із",
    }
)
DIRECTIONS = ("south", "north", "east", "west", "northeastern", "northwestern", "southeastern",
              "southwestern")
MODIFIERS = frozenset(
    {
        "southern",
        "northern",
        "eastern",
        "western",
        "central",
        "occupied",
        "all",
        "both",
        "the",
        "entire",
        "whole",
        *DIRECTIONS,
        "rest",
        "liberated",
        "of",
    }
)
REGIONAL_PREPOSITIONS = frozenset({"in", "into", "of", "from", "to", "outside", "inside", "across"})
PLURAL_ADMIN = frozenset({"oblasts", "regions", "provinces", "областей", "области", "областях"})
DIRECTION_WORDS = frozenset(
    {"direction", "directions", "axis", "sector", "front", "направление", "направлении", "напрямку"}
)
FACILITY_WORDS = frozenset(
    {
        "plant",
        "airport",
        "airfield",
        "airbase",
        "refinery",
        "station",
        "port",
        "bridge",
        "dam",
        "npp",
        "oblast",
        "region",
        "city",
        "district",
        "raion",
        "direction",
        "axis",
        "republic",
        "province",
        "reservoir",
        "highway",
        "base",
        "front",
        "salient",
    }
)
TITLES = frozenset(
    {
        "president",
        "governor",
        "general",
        "minister",
        "mayor",
        "spokesman",
        "spokesperson",
        "commander",
        "colonel",
        "lieutenant",
        "major",
        "captain",
        "sergeant",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prime",
        "ambassador",
        "patriarch",
        "pope",
        "chief",
    }
)
CALENDAR = frozenset([*MONTHS, *WEEKDAYS])
COMMON = (
    frozenset(STOP_WORDS)
    | CALENDAR
    | frozenset(
        {
            "victory",
            "sum",
            "mira",
            "most",
            "hope",
            "union",
            "liberty",
            "independence",
            "progress",
            "unity",
            "peace",
            "freedom",
            "republic",
            "main",
            "effort",
            "state",
            "grace",
            "young",
            "hay",
            "gay",
            "bar",
            "bath",
            "deal",
            "pro",
            "max",
            "star",
            "north",
            "south",
            "east",
            "west",
            "central",
            "new",
            "march",
            "mir",
            "orel",
            "pobeda",
            "oktyabr",
            "sovetsky",
            "druzhba",
            "zarya",
            "rassvet",
            "voskhod",
            "vostok",
            "start",
            "day",
            "sea",
            "fleet",
            "house",
            "bradley",
            "abrams",
            "patriot",
            "leopard",
            "lancet",
            "storm",
            "shadow",
            "buk",
            "tor",
            "grad",
            "wagner",
            "kraken",
            "western",
            "eastern",
            "southern",
            "northern",
            "centre",
            "center",
            "lower",
            "upper",
            "middle",
            "human",
            "police",
        }
    )
)
PERSONS = frozenset(
    {
        "putin",
        "zelensky",
        "zelenskyy",
        "zelenskiy",
        "shoigu",
        "gerasimov",
        "syrskyi",
        "peskov",
        "lavrov",
        "medvedev",
        "belousov",
        "budanov",
        "umerov",
        "yermak",
        "prigozhin",
        "kadyrov",
        "lukashenko",
        "trump",
        "biden",
        "macron",
        "scholz",
        "stoltenberg",
        "rutte",
    }
)
"""Surnames of people war reporting names all the time that are also villages somewhere."""
PLACE_VERBS = frozenset(
    {
        "captured",
        "liberated",
        "recaptured",
        "took",
        "seized",
        "entered",
        "attacked",
        "shelled",
        "struck",
        "stormed",
        "occupied",
        "cleared",
        "reached",
        "hit",
        "toward",
        "towards",
        "direction",
        "directions",
        "to",
        "between",
    }
)
_MODEL_NUMBER = re.compile(r"-?\d")
UNIT_WORDS = frozenset(
    {
        "brigade",
        "battalion",
        "regiment",
        "division",
        "corps",
        "unit",
        "detachment",
        "army",
        "бригада",
        "бригады",
        "полк",
        "батальон",
        "бригади",
        "батальйон",
    }
)
LIST_GAPS = frozenset({",", "and", ", and", "or", ", or", "-", "–", "/", "and/or"})
_LIST_GAP = r"\s*(?:,|-|–|(?:,\s*)?\b(?:and|or|и|или|і|й|та|або)\b)\s*"
_LIST_BEFORE = re.compile(r"[A-ZА-ЯЁІЇЄ][\w'’]*" + _LIST_GAP + r"$")
_LIST_AFTER = re.compile(_LIST_GAP + r"[A-ZА-ЯЁІЇЄ]")
COMPASS = frozenset(
    {
        "southern",
        "northern",
        "eastern",
        "western",
        "central",
        "occupied",
        *DIRECTIONS,
        "liberated",
    }
)
"""Words that are also village names: a mention only after a place cue ("village of Most")."""


def name_shaped(token: Token) -> bool:
    """Capitalised like a place name: "Kursk", "KURSK" (headlines), not "MoD" or "iPhone"; on an ALL-CAPS
    line any upper-case word ("SUMY")."""
    word = token.text
    return word[:1].isupper() and (
        word[1:].islower()
        or (word.isupper() and (len(word) > 5 or token.shouted))
        or len(word) == 1
        or not any(c.isupper() for c in word[1:].split("-")[0])
    )


def person_keys(text: str, tokens: Sequence[Token]) -> set[str]:
    """Keys of words that name people in this text: known surnames, and the names after a title."""
    found = set(PERSONS)
    for index, token in enumerate(tokens[:-1]):
        if token.key in TITLES:
            following = index + 1
            while (
                following < len(tokens)
                and following - index <= 3
                and tokens[following].capital
                and not tokens[following].shouted
                and text[tokens[following - 1].end : tokens[following].start] == " "
            ):
                found.add(tokens[following].key)
                following += 1
    return found


def minor_place_evidence(text: str, tokens: Sequence[Token], matches: Sequence[Match], position: int) -> bool:
    """Some evidence that a small village's name is a place here: a cue, a locative, a list of places."""
    match = matches[position]
    words = prev_words(tokens, match, 2)
    if has_place_cue(tokens, match) or locative(tokens, match) or (words and words[0] in PLACE_VERBS):
        return True
    if (
        words
        and not words[0].isascii()
        and is_cyrillic(words[0])
        and place_verb(tokens[match.first - 1].text)
    ):
        return True
    if next_word(tokens, match) in DIRECTION_WORDS or alone_on_line(text, match):
        return True
    before = _LIST_BEFORE.search(text, max(0, match.start - 60), match.start)
    return before is not None or _LIST_AFTER.match(text, match.end) is not None


def alone_on_line(text: str, match: Match) -> bool:
    """The name is a line by itself (a dateline, a list item, an event note's place): "Pisky"."""
    start = text.rfind("\n", 0, match.start) + 1
    end = text.find("\n", match.end)
    return not text[start : match.start].strip() and not text[match.end : None if end < 0 else end].strip(
        " \t\r.:;,"
    )


def prev_words(tokens: Sequence[Token], match: Match, n: int = 3) -> list[str]:
    """Up to n lower-cased words before the match in its sentence, nearest first."""
    return [tokens[i].key for i in range(match.first - 1, max(match.first - n, 0) - 1, -1)]


def next_word(tokens: Sequence[Token], match: Match) -> str:
    return tokens[match.last + 1].key if match.last + 1 < len(tokens) else ""


def has_place_cue(tokens: Sequence[Token], match: Match) -> bool:
    """A place cue right before the match: "village of", "near", "с.", "в районе"."""
    words = prev_words(tokens, match, 3)
    return bool(words) and (
        words[0] in PLACE_CUES or (words[0] == "of" and len(words) > 1 and words[1] in PLACE_CUES)
    )


def attached_name(text: str, tokens: Sequence[Token], match: Match, matched: set[int]) -> bool:
    """Part of a longer name: a person, outlet, organisation, unit ("Azov brigade") or model ("Tu-95")."""
    if _MODEL_NUMBER.match(text, match.end) or next_word(tokens, match) in UNIT_WORDS:
        return True
    after = match.last + 1
    if after < len(tokens) and not tokens[match.last].possessive:
        token = tokens[after]
        gap = text[tokens[match.last].end : token.start]
        if (
            gap in (" ", "-")
            and token.capital
            and not token.shouted
            and after not in matched
            and token.key not in FACILITY_WORDS
            and token.key not in DIRECTION_WORDS
            and token.key not in COMMON
        ):
            return True
    before = match.first - 1
    if before >= 0:
        token = tokens[before]
        gap = text[token.end : tokens[match.first].start]
        if gap == "-" and token.capital and not token.shouted and before not in matched:
            return True
        if gap == " " and token.key in TITLES:
            return True
    return False


def locative(tokens: Sequence[Token], match: Match) -> bool:
    """A locative reading: a locative preposition (past "southern", "occupied"...) or such a modifier."""
    index = match.first - 1
    saw_modifier = False
    while index >= 0 and match.first - index <= 4:
        word = tokens[index].key
        if word in LOCATIVE:
            return not (word == "of" and index > 0 and tokens[index - 1].capital and not saw_modifier)
        if word in MODIFIERS or word in COMPASS or word == "and":
            saw_modifier = saw_modifier or word in COMPASS
            index -= 1
            continue
        break
    return saw_modifier


def plural_admin_list(text: str, tokens: Sequence[Token], matches: Sequence[Match], position: int) -> bool:
    """The match heads a list or hyphen pair closed by a plural admin word or an admin-level match."""
    index = position
    while True:
        match = matches[index]
        after = match.last + 1
        if after < len(tokens) and tokens[after].key in PLURAL_ADMIN:
            return True
        if index + 1 >= len(matches):
            return False
        following = matches[index + 1]
        gap = text[match.end : following.start].strip().lower()
        if gap not in LIST_GAPS:
            return False
        if (
            gap in ("-", "–")
            and any(e.kind == "admin1" for e in following.entries)
            and " " in following.key
            and following.key.split()[-1] in ("oblast", "region", "province")
        ):
            return True
        index += 1


def regional_reading(tokens: Sequence[Token], match: Match, *, regional_from: int) -> bool:
    """A bare oblast-capital name read as the oblast: "in Kursk" after the story has spoken of a region."""
    words = prev_words(tokens, match, 2)
    return regional_from < match.first and bool(words) and words[0] in REGIONAL_PREPOSITIONS
