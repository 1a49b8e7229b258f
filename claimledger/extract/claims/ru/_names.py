"""Russian claimant names: the registry's matching key (each word's dictionary form), and the words that
give an unknown party's kind and side."""

from __future__ import annotations

from functools import cache, partial

from claimledger.extract.claims._keys import folded_key, name_lemma
from claimledger.extract.claims._language import Cues, SideCues
from claimledger.extract.nlp.morph import analyzer
from claimledger.model import Side, SourceKind


@cache
def lemma(word: str) -> str:
    """The dictionary form of a lower-cased Russian word (the word itself if it is not Cyrillic)."""
    if not any("а" <= c <= "я" or c == "ё" for c in word):
        return word
    return name_lemma(analyzer("ru").parse(word)).replace("ё", "е")


name_key = partial(folded_key, lemma=lemma, drop=frozenset({"в", "во", "на", "по", "из", "со", "с"}))

KIND_CUES: Cues = (
    (SourceKind.MILBLOGGER, ("военкор", "военный блогер", "блогер", "телеграм-канал", "z-канал")),
    (SourceKind.OSINT, ("геолокац", "видеозапис", "спутников", "кадры", "осинт")),
    (
        SourceKind.LOCAL_OFFICIAL,
        ("губернатор", "мэр", "глава администрации", "врио", "глава города", "глава региона", "оперштаб"),
    ),
    (SourceKind.HEAD_OF_STATE, ("президент",)),
    (
        SourceKind.OFFICIAL_MILITARY,
        (
            "минобороны",
            "министерство обороны",
            "генштаб",
            "генеральный штаб",
            "командир",
            "командующ",
            "штаб",
            "группировк",
            "бригад",
            "военн",
            "вооруженн",
            "пресс-центр",
            "всу",
            "зсу",
            "армия",
        ),
    ),
    (SourceKind.ANALYST, ("аналитик", "эксперт", "институт", "исследовател")),
    (SourceKind.MEDIA, ("агентство", "издание", "газета", "телеканал", "журналист", "корреспондент", "сми")),
    (SourceKind.GOVERNMENT, ("министр", "министерство", "правительство", "кремль", "пресс-секретар", "мид")),
)
SIDE_CUES: SideCues = (
    (Side.UA, ("украин", "киев", "всу", "зсу", "сбу", "гур")),
    (Side.RU, ("росси", "российск", "кремл", "москв", "рф")),
)
COUNTRIES = (("украина", Side.UA), ("киев", Side.UA), ("россия", Side.RU), ("москва", Side.RU))
