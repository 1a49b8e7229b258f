"""The source registry: known claimants with aliases, kind, side and reliability, loaded from YAML.

Names are matched by key, and each language folds a name to its key its own way (English drops articles
and possessives, Russian and Ukrainian take each word's dictionary form), so "Генштабу ЗСУ" finds the alias
"Генштаб ЗСУ". Every alias is indexed under each language's key.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from claimledger.errors import SourceRegistryError
from claimledger.extract.claims._language import LANGUAGES, Language, get_language
from claimledger.model import Claimant, Side, Source, SourceKind

_MAX_NGRAM = 8


def _languages(codes: Sequence[str] | None) -> list[Language]:
    return [get_language(code) for code in (codes if codes is not None else sorted(LANGUAGES))]


def infer_kind(name: str, *, languages: Sequence[str] | None = None) -> SourceKind:
    """Guess what kind of party an unregistered claimant is from the words in its name."""
    lowered = name.lower()
    for language in _languages(languages):
        for kind, cues in language.kind_cues:
            if any(cue in lowered for cue in cues):
                return kind
    return SourceKind.UNKNOWN


def infer_side(name: str, *, languages: Sequence[str] | None = None) -> Side:
    """Guess the side of an unregistered claimant from the words in its name ("Russian ...", "Kyiv's ...")."""
    lowered = name.lower() + " "
    for language in _languages(languages):
        for side, cues in language.side_cues:
            if any(cue in lowered for cue in cues):
                return side
    return Side.UNKNOWN


class SourceRegistry:
    """Known claimants, matched by any alias or by an alias inside a longer name ("the Rybar channel")."""

    def __init__(self, *, sources: list[Source], languages: Sequence[str] | None = None) -> None:
        self._sources = list(sources)
        self._languages = _languages(languages)
        self._index: dict[str, dict[str, Source]] = {}
        for language in self._languages:
            index = self._index.setdefault(language.code, {})
            for source in self._sources:
                for alias in (source.name, *source.aliases):
                    key = language.name_key(alias)
                    if key:
                        index.setdefault(key, source)

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

    def match(self, name: str, *, language: str | None = None) -> Source | None:
        """The registered source a name refers to: a whole alias, else the longest alias inside the name.
        Without a language, each language's reading of the name is tried in turn."""
        for lang in self._languages:
            if language is not None and lang.code != language:
                continue
            found = self._match(lang.name_key(name), self._index[lang.code])
            if found is not None:
                return found
        return None

    @staticmethod
    def _match(key: str, index: dict[str, Source]) -> Source | None:
        if key in index:
            return index[key]
        words = key.split()
        for size in range(min(len(words), _MAX_NGRAM), 0, -1):
            for begin in range(len(words) - size + 1):
                found = index.get(" ".join(words[begin : begin + size]))
                if found is not None:
                    return found
        return None

    def claimant(self, name: str, *, hint: str = "", language: str | None = None) -> Claimant:
        """A Claimant for a name as written: registry data when known, else kind and side inferred from
        the name and the hint (e.g. an apposition: "Deep State, a Ukrainian military blog")."""
        source = self.match(name, language=language) or (
            self.match(hint, language=language) if hint else None
        )
        if source is not None:
            return Claimant(
                name=name,
                canonical=source.name,
                kind=source.kind,
                side=source.side,
                reliability=source.reliability,
            )
        described = f"{name} {hint}".strip()
        codes = None if language is None else [language, *(c for c in sorted(LANGUAGES) if c != language)]
        kind = infer_kind(described, languages=codes)
        side = infer_side(described, languages=codes)
        for lang in _languages(codes):
            country = dict(lang.countries).get(lang.name_key(name))
            if country is not None:
                kind, side = SourceKind.GOVERNMENT, country
                break
        return Claimant(name=name, kind=kind, side=side)
