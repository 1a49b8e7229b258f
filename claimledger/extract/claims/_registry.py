"""The source registry: known claimants with aliases, kind, side and reliability, loaded from YAML."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from claimledger.errors import SourceRegistryError
from claimledger.model import Claimant, Side, Source, SourceKind

_PUNCT = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s\b")
_DROP = frozenset({"the", "a", "an", "of", "s"})
_FOLD = {"russian": "russia", "ukrainian": "ukraine", "defence": "defense", "ukraines": "ukraine"}
_MAX_NGRAM = 8

# Kind cues for claimants the registry does not know, checked in order against the lower-cased name.
_KIND_CUES: tuple[tuple[SourceKind, tuple[str, ...]], ...] = (
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
_SIDE_CUES: tuple[tuple[Side, tuple[str, ...]], ...] = (
    (Side.UA, ("pro-ukrainian", "ukrain", "kyiv", "kiev", "україн", "киев", "київ", "зсу")),
    (Side.RU, ("pro-russian", "kremlin", "russia", "moscow", "росси", "росі", "кремл")),
    (Side.NEUTRAL, ("independent", "western", "american", "british", "us ", "u.s.", "nato", "finnish")),
)
_COUNTRIES = {"ukraine": Side.UA, "kyiv": Side.UA, "russia": Side.RU, "moscow": Side.RU}


def normalize_name(text: str) -> str:
    """The matching key of a name: lower case, no articles, possessives or punctuation, adjectives folded."""
    text = _POSSESSIVE.sub("", text.replace("\u2019", "'").lower())
    words = [_FOLD.get(w, w) for w in _PUNCT.sub(" ", text).split()]
    return " ".join(w for w in words if w not in _DROP)


def infer_kind(name: str) -> SourceKind:
    """Guess what kind of party an unregistered claimant is from the words in its name."""
    lowered = name.lower()
    for kind, cues in _KIND_CUES:
        if any(cue in lowered for cue in cues):
            return kind
    return SourceKind.UNKNOWN


def infer_side(name: str) -> Side:
    """Guess the side of an unregistered claimant from the words in its name ("Russian ...", "Kyiv's ...")."""
    lowered = name.lower() + " "
    for side, cues in _SIDE_CUES:
        if any(cue in lowered for cue in cues):
            return side
    return Side.UNKNOWN


class SourceRegistry:
    """Known claimants, matched by any alias or by an alias inside a longer name ("the Rybar channel")."""

    def __init__(self, *, sources: list[Source]) -> None:
        self._sources = list(sources)
        self._index: dict[str, Source] = {}
        for source in self._sources:
            for alias in (source.name, *source.aliases):
                key = normalize_name(alias)
                if key:
                    self._index.setdefault(key, source)

    @classmethod
    def load(cls, path: Path | str | None = None) -> SourceRegistry:
        """Read a registry YAML file; without a path, the one shipped in claimledger/data/sources.yaml."""
        try:
            if path is None:
                text = (
                    resources.files("claimledger").joinpath("data/sources.yaml").read_text(encoding="utf-8")
                )
                where = "claimledger/data/sources.yaml"
            else:
                text, where = Path(path).read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise SourceRegistryError(f"{path}: cannot read the source registry ({exc})") from exc
        try:
            data = yaml.safe_load(text)
            entries = data["sources"] if isinstance(data, dict) else None
            if not isinstance(entries, list):
                raise SourceRegistryError(f"{where}: expected a mapping with a 'sources' list")
            return cls(sources=[Source.model_validate(entry) for entry in entries])
        except (yaml.YAMLError, ValidationError, TypeError) as exc:
            raise SourceRegistryError(f"{where}: invalid source registry ({exc})") from exc

    def all(self) -> list[Source]:
        """Every registered source, in file order."""
        return list(self._sources)

    def match(self, name: str) -> Source | None:
        """The registered source a name refers to: a whole alias, else the longest alias inside the name."""
        key = normalize_name(name)
        if key in self._index:
            return self._index[key]
        words = key.split()
        for size in range(min(len(words), _MAX_NGRAM), 0, -1):
            for begin in range(len(words) - size + 1):
                found = self._index.get(" ".join(words[begin : begin + size]))
                if found is not None:
                    return found
        return None

    def claimant(self, name: str, *, hint: str = "") -> Claimant:
        """A Claimant for a name as written: registry data when known, else kind and side inferred from
        the name and the hint (e.g. an apposition: "Deep State, a Ukrainian military blog")."""
        source = self.match(name) or (self.match(hint) if hint else None)
        if source is not None:
            return Claimant(
                name=name,
                canonical=source.name,
                kind=source.kind,
                side=source.side,
                reliability=source.reliability,
            )
        described = f"{name} {hint}".strip()
        kind = infer_kind(described)
        side = infer_side(described)
        if normalize_name(name) in _COUNTRIES:
            kind, side = SourceKind.GOVERNMENT, _COUNTRIES[normalize_name(name)]
        return Claimant(name=name, kind=kind, side=side)
