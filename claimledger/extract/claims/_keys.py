"""Language-neutral helpers the language packages build their name keys from."""

from __future__ import annotations

import re
from collections.abc import Callable

_PUNCT = re.compile(r"[^\w\s]")


def folded_key(text: str, *, lemma: Callable[[str], str], drop: frozenset[str] = frozenset()) -> str:
    """A name's matching key: lower case, punctuation gone, each word in its dictionary form (`lemma`),
    words in `drop` left out ("Генштабу ЗСУ" and "Генштаб ЗСУ" share one key)."""
    words = _PUNCT.sub(" ", text.replace("\u2019", "'").lower()).split()
    return " ".join(key for word in words if (key := lemma(word)) and key not in drop)
