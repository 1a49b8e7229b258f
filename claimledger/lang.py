"""Language identification for documents: a pure helper shared by ingest and extraction."""

from __future__ import annotations

import re

__all__ = ["detect_language"]

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
