"""Context cues around a match: what makes it a place mention, and what it says about the place's level.

Pure functions over tokens. They drop people ("Vladimir Putin"), outlets and organisations ("Kyiv
Independent", "US Institute"), common words ("Most", "May"), and countries or capitals used as actors
("Russia has...", "Kyiv's troops") rather than as locations ("in southern Ukraine", "Russia's Belgorod
region"); and they flag admin-level readings ("Sumy, Kharkiv, and Luhansk oblasts", "in Kursk").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.extract.geo._lexicon import (
    COMMON,
    CYRILLIC_TITLES,
    DIRECTION_WORDS,
    DIRECTIONS,
    FACILITY_WORDS,
    LOCATIVE,
    MODIFIERS,
    PERSONS,
    PLACE_CUES,
    PLACE_VERBS,
    PLURAL_ADMIN,
    REGIONAL_PREPOSITIONS,
    TITLES,
)
from claimledger.extract.geo._matcher import Match, Token
from claimledger.extract.geo._morph import place_verb
from claimledger.extract.geo._names import is_cyrillic

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
_INSIDE_SENTENCE = frozenset(",;:(-–—«\"'“„")
_OPENING_QUOTES = frozenset("«\"„“'")
_CLOSING_QUOTES = frozenset(("»", '"', "“", "”", "'"))
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
        if token.key in TITLES or token.key.startswith(CYRILLIC_TITLES):
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
    return in_place_list(text, match)


def in_place_list(text: str, match: Match) -> bool:
    """Between other capitalised names of a list ("Еленовка, Благодатное, Владимировка")."""
    before = _LIST_BEFORE.search(text, max(0, match.start - 60), match.start)
    return before is not None or _LIST_AFTER.match(text, match.end) is not None


_LINE_REACH = 200  # characters looked at on each side of a name for the line it stands on


def alone_on_line(text: str, match: Match) -> bool:
    """The name is a line by itself (a dateline, a list item, an event note's place): "Pisky"."""
    low, high = max(0, match.start - _LINE_REACH), min(len(text), match.end + _LINE_REACH)
    start = text.rfind("\n", low, match.start) + 1 or low  # bounded: no rescan of a long line per name
    end = text.find("\n", match.end, high)
    end = high if end < 0 else end
    if (start == low and low > 0) or (end == high and high < len(text)):
        return False  # the line runs on past the reach: more than a name on it
    return not text[start : match.start].strip() and not text[match.end : end].strip(" \t\r.:;,")


def prev_words(tokens: Sequence[Token], match: Match, n: int = 3) -> list[str]:
    """Up to n lower-cased words before the match in its sentence, nearest first."""
    return [tokens[i].key for i in range(match.first - 1, max(match.first - n, 0) - 1, -1)]


def next_word(tokens: Sequence[Token], match: Match) -> str:
    return tokens[match.last + 1].key if match.last + 1 < len(tokens) else ""


def has_place_cue(tokens: Sequence[Token], match: Match) -> bool:
    """A place cue right before the match: "village of", "near", "с.", "в районе"."""
    words = prev_words(tokens, match, 3)
    if words and len(words[0]) == 1 and tokens[match.first].start - tokens[match.first - 1].end < 2:
        return False  # "с. Ишунь" is a cue; "с Остином" ("with Austin") is not
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
            and not _cyrillic_abbreviation(token.text)
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


def modifies_next(text: str, tokens: Sequence[Token], match: Match) -> bool:
    """The match is followed, with only a space between, by a lower-case word it may qualify ("в Российском
    государстве"): an adjective, not a name ("под Красноперекопском (при въезде)")."""
    after = match.last + 1
    return (
        after < len(tokens)
        and not tokens[after].capital
        and text[tokens[match.last].end : tokens[after].start].isspace()
    )


def sentence_initial(text: str, match: Match) -> bool:
    """The match opens a sentence, line or bullet, where any word is capitalised."""
    before = text[: match.start].rstrip(" \t")
    return (
        not before or before[-1] in ".!?…\n" or not (before[-1].isalnum() or before[-1] in _INSIDE_SENTENCE)
    )


def before_colon(text: str, match: Match) -> bool:
    """The match stands right before a colon: a digest's heading or the end of a clause ("Гоголівка: ...")."""
    return text[match.end : match.end + 3].lstrip(" ")[:1] == ":"


def quoted(text: str, match: Match) -> bool:
    """In quotes by itself: the name of a unit, group, operation or ship («Днепр», "Moskva"), not a place."""
    return (
        match.start > 0
        and text[match.start - 1] in _OPENING_QUOTES
        and text[match.end : match.end + 1] in _CLOSING_QUOTES
    )


def _cyrillic_abbreviation(word: str) -> bool:
    """ "ЗСУ", "НГУ", "ВСУ": an actor after the place ("під Бахмутом НГУ"), not the rest of its name."""
    return len(word) >= 2 and word.isupper() and is_cyrillic(word)


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
