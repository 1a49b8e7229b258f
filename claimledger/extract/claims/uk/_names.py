"""Ukrainian claimant names: the registry's matching key (each word's dictionary form), and the words that
give an unknown party's kind and side."""

from __future__ import annotations

from functools import cache, partial

from claimledger.extract.claims._keys import folded_key, name_lemma
from claimledger.extract.claims._language import Cues, SideCues
from claimledger.extract.nlp.morph import analyzer
from claimledger.model import Side, SourceKind


@cache
def lemma(word: str) -> str:
    """The dictionary form of a lower-cased Ukrainian word (the word itself if it is not Cyrillic)."""
    if not any("а" <= c <= "я" or c in "іїєґ" for c in word):
        return word
    return name_lemma(analyzer("uk").parse(word))


name_key = partial(folded_key, lemma=lemma, drop=frozenset({"в", "у", "на", "за", "з", "із", "зі"}))

KIND_CUES: Cues = (
    (SourceKind.MILBLOGGER, ("воєнкор", "військовий блогер", "блогер", "телеграм-канал", "z-канал")),
    (SourceKind.OSINT, ("геолокац", "відеозапис", "супутников", "кадри", "осінт")),
    (
        SourceKind.LOCAL_OFFICIAL,
        ("голова ова", "голова ода", "голова обласної", "очільник", "мер", "губернатор", "міський голова"),
    ),
    (SourceKind.HEAD_OF_STATE, ("президент",)),
    (
        SourceKind.OFFICIAL_MILITARY,
        (
            "міноборони",
            "міністерство оборони",
            "генштаб",
            "генеральний штаб",
            "командир",
            "командувач",
            "штаб",
            "угруповання",
            "бригад",
            "військов",
            "збройн",
            "зсу",
            "повітряні сили",
            "пресцентр",
            "речник",
            "сил оборони",
        ),
    ),
    (SourceKind.ANALYST, ("аналітик", "експерт", "інститут", "дослідник")),
    (SourceKind.MEDIA, ("агентство", "видання", "газета", "телеканал", "журналіст", "кореспондент", "змі")),
    (SourceKind.GOVERNMENT, ("міністр", "міністерство", "уряд", "кремль", "речник", "мзс", "сбу")),
)
SIDE_CUES: SideCues = (
    (Side.UA, ("україн", "київ", "зсу", "сбу", "гур", "сил оборони")),
    (Side.RU, ("росі", "російськ", "кремл", "москв", "рф", "окупант", "ворог")),
)
COUNTRIES = (("україна", Side.UA), ("київ", Side.UA), ("росія", Side.RU), ("москва", Side.RU))
