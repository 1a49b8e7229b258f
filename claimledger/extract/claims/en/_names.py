"""English claimant names: the registry's matching key, and the words that give an unknown party's kind
and side."""

from __future__ import annotations

import re

from claimledger.extract.claims._language import Cues, SideCues
from claimledger.model import Side, SourceKind

_PUNCT = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s\b")
_LEANING = re.compile(r"\b(pro|anti)[-‐‑–\s]+(?=\w)(\w)")
_DROP = frozenset({"the", "a", "an", "of", "s"})
_FOLD = {"russian": "russia", "ukrainian": "ukraine", "defence": "defense", "ukraines": "ukraine"}


def name_key(text: str) -> str:
    """The matching key of a name: lower case, no articles, possessives or punctuation, adjectives folded;
    "pro-Kremlin" stays one word (a pro-Kremlin blogger is not the Kremlin)."""
    text = _POSSESSIVE.sub("", text.replace("\u2019", "'").lower())
    text = _LEANING.sub(r"\1\2", text)
    words = [_FOLD.get(w, w) for w in _PUNCT.sub(" ", text).split()]
    return " ".join(w for w in words if w not in _DROP)


KIND_CUES: Cues = (
    (
        SourceKind.MILBLOGGER,
        ("milblogger", "military blogger", "war correspondent", "telegram channel", "blogger"),
    ),
    (
        SourceKind.OSINT,
        (
            "open-source",
            "open source",
            "osint",
            "geolocated",
            "footage",
            "imagery",
            "satellite",
            "sensor",
            "evidence",
            "geolocation",
            "military blog",
        ),
    ),
    (
        SourceKind.LOCAL_OFFICIAL,
        (
            "governor",
            "mayor",
            "regional authorit",
            "region authorit",
            "oblast authorit",
            "regional administration",
            "military administration",
            "local authorit",
            "head of the",
        ),
    ),
    (SourceKind.HEAD_OF_STATE, ("president",)),
    (
        SourceKind.OFFICIAL_MILITARY,
        (
            "ministry of defense",
            "defense ministry",
            "defence ministry",
            "general staff",
            "military",
            "commander",
            "army",
            "forces",
            "spokesman for",
            "spokesperson for",
            "brigade",
            "staff",
            "servicemember",
            "soldier",
            "troops",
            "command",
            "guard",
        ),
    ),
    (SourceKind.ANALYST, ("analyst", "expert", "institute", "think tank", "researcher", "observer")),
    (
        SourceKind.MEDIA,
        (
            "outlet",
            "newspaper",
            "agency",
            "newswire",
            "media",
            "journalist",
            "reporter",
            "correspondent",
            "publication",
            "television",
            "broadcaster",
        ),
    ),
    (
        SourceKind.GOVERNMENT,
        (
            "ministry",
            "minister",
            "government",
            "official",
            "authorities",
            "kremlin",
            "spokesperson",
            "spokesman",
            "parliament",
            "security service",
        ),
    ),
)
SIDE_CUES: SideCues = (
    (Side.UA, ("pro-ukrainian", "ukrain", "kyiv", "kiev")),
    (Side.RU, ("pro-russian", "kremlin", "russia", "moscow")),
    (Side.NEUTRAL, ("independent", "western", "american", "british", "us ", "u.s.", "nato", "finnish")),
)
COUNTRIES = (("ukraine", Side.UA), ("kyiv", Side.UA), ("russia", Side.RU), ("moscow", Side.RU))
