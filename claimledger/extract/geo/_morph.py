"""Russian and Ukrainian morphology for place names: lookup keys of inflected words, and word classes.

Russian and Ukrainian inflect names ("в Поповке", "под Демидовкой", "Гоголевку", "у Покровську"). The
matcher looks each Cyrillic word up under its nominative forms, which pymorphy3 (ru and uk dictionaries,
one analyzer per language per process) gives; parses tagged as place names (Geox) come first, then nouns,
then the rest (adjectives stay, for the first word of "Часовим Яром"). Town names the dictionary reads only
as adjectives or surnames ("Куп'янська", "Покровську") also get their -ськ/-ск/-цьк/-цк stem, and Russian
short possessives their nominative ("под Часовым Яром" -> "часов яр"). The word
class tells the geoparser that a lone "Российские" is an adjective and "Победа" a common word, not places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimledger.extract.geo._names import is_ukrainian, name_key
from claimledger.extract.nlp.morph import analyzer

MAX_FORMS = 5
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_NAME_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad")
# Genitive, dative, instrumental and locative endings of -ськ/-ск towns: Куп'янська -> Куп'янськ.
_TOWN_CASE = re.compile(r"(с[ь]?к|ц[ь]?к)(?:а|у|ом|е|і|ові|ому)$")
# Ukrainian dative/locative of -ка names, which the dictionary rarely knows: у Мар'їнці -> Мар'їнка.
_UK_KA_LOCATIVE = re.compile(r"(?<=\w\w\w)ці$")
# Oblique cases of Russian short possessives that begin names: Часовым Яром -> Часов Яр.
_POSSESSIVE_CASE = re.compile(r"(?<=\w\w)(ов|ев|ин)(?:ым|ом|ого|ому)$")
# The Ukrainian dictionary has no Geox: it tags proper-noun lexemes gender first ("NOUN,femn,inan" for
# Гоголівка, Курщина), common nouns animacy first ("NOUN,inan femn" for черга, оборона).
_UK_PROPER_NOUN = re.compile(r"NOUN,(?:masc|femn|neut|plur)[^ ]*,(?:inan|anim)(?: |$)")
COMMON_LEMMAS = frozenset(
    {
        "мир",
        "победа",
        "перемога",
        "свобода",
        "надежда",
        "надія",
        "дружба",
        "заря",
        "зоря",
        "рассвет",
        "світанок",
        "восход",
        "схід",
        "захід",
        "восток",
        "запад",
        "север",
        "юг",
        "південь",
        "північ",
        "октябрь",
        "жовтень",
        "май",
        "травень",
        "март",
        "березень",
        "союз",
        "прогресс",
        "прогрес",
        "единство",
        "єдність",
        "слава",
        "правда",
        "родина",
        "центр",
        "фронт",
        "армия",
        "армія",
        "бой",
        "бій",
        "путин",
        "путін",
        "зеленский",
        "зеленський",
        "сила",
        "оборона",
        "герой",
    }
)
"""Lemmas of common words (and names) that are also villages: a mention only after a place cue."""
PLACE_VERB_LEMMAS = frozenset(
    {
        "освободить",
        "занять",
        "захватить",
        "взять",
        "атаковать",
        "обстрелять",
        "войти",
        "штурмовать",
        "зачистить",
        "оккупировать",
        "отбить",
        "звільнити",
        "захопити",
        "зайняти",
        "атакувати",
        "обстріляти",
        "увійти",
        "штурмувати",
        "окупувати",
        "відбити",
        "взяти",
        # their nouns, before the place taken ("освобождение Авдеевки", "захоплення Гоголівки")
        "освобождение",
        "захват",
        "взятие",
        "штурм",
        "обстрел",
        "оккупация",
        "звільнення",
        "захоплення",
        "обстріл",
        "окупація",
    }
)
"""Russian and Ukrainian verbs (and their nouns) of taking and striking, by lemma ("освободили Гоголевку",
"освобождение Гоголевки")."""


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What morphology says about one Cyrillic word: its lookup keys and its word class."""

    keys: tuple[str, ...]
    lemma: str
    place_like: bool
    """Some reading is a noun (a name can be one); False for a word that is only an adjective, verb..."""
    common: bool
    """Its reading is a common word that is also a village name ("Победа", "Мир")."""
    person: bool = False
    """Its likeliest reading is a first name, surname or patronymic ("Сырского", "Михаила")."""
    adjective: bool = False
    """Its likeliest reading is a full adjective ("Бахмутском", not the town "Светлодарске")."""
    dictionary_word: bool = False
    """The dictionary knows it, and not as a place name ("Силами", "Оборона", "Усі")."""
    proper: bool = False
    """Its likeliest known reading is a proper noun, a place's or not ("Гоголівка", "Курщина", "Киев")."""


def _language(word: str, language: str) -> str:
    return "uk" if language == "uk" or is_ukrainian(word) else "ru"


def _rank(parse: Any) -> int:
    grammemes = parse.tag.grammemes
    if "Geox" in grammemes:
        return 0
    if parse.tag.POS == "NOUN":
        return 1 if grammemes.isdisjoint(_NAME_TAGS) else 2
    return 3


@lru_cache(maxsize=50_000)
def word_info(word: str, language: str) -> WordInfo:
    """Keys (the word itself, then nominative forms, best readings first), lemma and class of a word."""
    found = analyzer(_language(word, language)).parse(word.lower())
    parses = sorted(found, key=_rank)
    keys = [name_key(word)]
    stem = _TOWN_CASE.sub(r"\1", keys[0])
    if stem != keys[0]:
        keys.append(stem)
    if _language(word, language) == "uk" and _UK_KA_LOCATIVE.search(keys[0]):
        keys.append(_UK_KA_LOCATIVE.sub("ка", keys[0]))
    possessive = _POSSESSIVE_CASE.sub(r"\1", keys[0])
    if possessive != keys[0]:
        keys.append(possessive)
    for parse in parses:
        inflected = parse.inflect({"nomn"})
        for form in (inflected.word if inflected else None, parse.normal_form):
            key = name_key(form) if form else ""
            if key and key not in keys:
                keys.append(key)
    lemma = name_key(parses[0].normal_form) if parses else keys[0]
    # A word the dictionary does not know ("Очеретино") is only guessed from its ending: it may be a name.
    place_like = any(p.tag.POS == "NOUN" or not p.is_known for p in parses) or not parses
    geox = any("Geox" in p.tag.grammemes for p in parses)
    person = bool(parses) and not geox and not _PERSON_TAGS.isdisjoint(parses[0].tag.grammemes)
    adjective = bool(found) and found[0].tag.POS == "ADJF"
    common = not geox and lemma in COMMON_LEMMAS
    dictionary_word = not geox and any(p.is_known for p in parses)
    proper = bool(parses) and parses[0].is_known and _proper(parses[0], _language(word, language))
    return WordInfo(
        tuple(keys[:MAX_FORMS]), lemma, place_like, common, person, adjective, dictionary_word, proper
    )


def _proper(parse: Any, language: str) -> bool:
    return "Geox" in parse.tag.grammemes or (
        language == "uk" and _UK_PROPER_NOUN.match(str(parse.tag)) is not None
    )


@lru_cache(maxsize=50_000)
def lemma(word: str, language: str) -> str:
    """The dictionary form of a Cyrillic word's likeliest reading ("освободили" -> "освободить")."""
    parses = analyzer(_language(word, language)).parse(word.lower())
    return name_key(parses[0].normal_form) if parses else name_key(word)


def place_verb(word: str) -> bool:
    """A Russian or Ukrainian verb of taking or striking a place, in any form ("освободили", "звільнили")."""
    return lemma(word, "ru") in PLACE_VERB_LEMMAS or lemma(word, "uk") in PLACE_VERB_LEMMAS
