"""The pymorphy3 analyzers for Russian and Ukrainian, loaded once per process and shared by every
extraction component that reads Cyrillic (the geoparser, the claim rules, the claimant name keys)."""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["analyzer"]


@cache
def analyzer(language: str) -> Any:
    """The pymorphy3 analyzer for "ru" or "uk" (with its PyPI dictionaries), loaded once per process."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)
