"""Language identification for documents: a pure helper shared by ingest and extraction."""

from __future__ import annotations

import re

__all__ = ["UNDETERMINED", "detect_language"]

UNDETERMINED = "und"
"""ISO 639-2 code for a text whose language could not be told (Latin script, but not English)."""

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
_RUSSIAN_ONLY = re.compile(r"[ЫыЭэЁёЪъ]")
_WORD = re.compile(r"[A-Za-z]+")
_ENGLISH = frozenset(
    {
        "the", "of", "and", "to", "is", "was", "were", "are", "that", "on", "for", "with",
        "by", "from", "at", "as", "has", "have", "had", "said", "it", "its", "their", "this",
        "which", "be", "been", "not",
    }
)
_MIN_WORDS = 25  # shorter texts (headlines) have too few function words to tell
_MIN_ENGLISH_SHARE = 0.06  # English prose runs at 20-35% of these words; German, French, Polish near 0-3%


def detect_language(text: str) -> str:
    """Guess en, ru or uk from the script, the letters only one of Russian and Ukrainian uses and, for
    Latin text long enough to tell, English function words; `UNDETERMINED` for other Latin-script text."""
    sample = text[:5000]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyrillic <= latin:
        words = _WORD.findall(sample)
        if len(words) >= _MIN_WORDS:
            share = sum(word.lower() in _ENGLISH for word in words) / len(words)
            if share < _MIN_ENGLISH_SHARE:
                return UNDETERMINED
        return "en"
    return "uk" if len(_UKRAINIAN_ONLY.findall(sample)) > len(_RUSSIAN_ONLY.findall(sample)) else "ru"
