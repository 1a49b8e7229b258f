"""Language-neutral helpers the language packages build their name keys from."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_PUNCT = re.compile(r"[^\w\s]")


def folded_key(text: str, *, lemma: Callable[[str], str], drop: frozenset[str] = frozenset()) -> str:
    """A name's matching key: lower case, punctuation gone, each word in its dictionary form (`lemma`),
    words in `drop` left out ("Генштабу ЗСУ" and "Генштаб ЗСУ" share one key)."""
    words = _PUNCT.sub(" ", text.replace("\u2019", "'").lower()).split()
    return " ".join(key for word in words if (key := lemma(word)) and key not in drop)


_NAMES = ("Surn", "Name", "Patr")
_ENTITIES = ("Orgn", "Geox", "Abbr")


def name_lemma(parses: Sequence[Any]) -> str:
    """The dictionary form of a word of a name, from a morphological analyzer's readings (pymorphy3
    `Parse` objects): a surname or first name first (masculine before feminine, so "Тарнавського" and
    "Тарнавський" meet), then an organisation or place, a noun, an adjective, and the first reading last.
    Alias and text go through the same choice, which is what matching needs."""

    def rank(parse: Any) -> tuple[int, int]:
        grammemes = parse.tag.grammemes
        if any(g in grammemes for g in _NAMES):
            kind = 0
        elif any(g in grammemes for g in _ENTITIES):
            kind = 1
        elif "NOUN" in grammemes:
            kind = 2
        elif "ADJF" in grammemes:
            kind = 3
        else:
            kind = 4
        return kind, 0 if "masc" in grammemes else 1

    if not parses:
        return ""
    return str(min(parses, key=rank).normal_form)
