"""Recognition: find gazetteer names in text as token windows, with the context cues around them.

Windows start at capitalised tokens and extend over capitalised tokens, hyphens and the few lower-case
words names contain (admin words, "on", "na"...). All windows of a document are looked up in one batched
gazetteer query; Cyrillic tokens are looked up under their nominative forms too (pymorphy3, see _morph),
so "в Поповке" and "под Белгородской областью" match, and oblast names through `REGION_KEYS` ("на
Сумщині"), and under their sound keys, so a Russian spelling finds the Ukrainian village and the other way
round ("Красногоровка", "Гоголівка"; entries found only so are marked `secondary`). Then the longest match
wins, left to right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.extract.geo._morph import word_info
from claimledger.extract.geo._names import SOUND_MARK, is_cyrillic, name_key, sound_key
from claimledger.extract.geo._regions import REGION_KEYS

if TYPE_CHECKING:
    from claimledger.extract.geo._gazetteer import Entry, Gazetteer
    from claimledger.extract.nlp.segment import Sentence

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*['’]?")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_POSSESSIVE_ENDS = "s'’"
_MAX_WINDOW = 5
_SHOUTED_LETTERS = 8
# Two upper-case words in a row: a cheap test before looking for ALL-CAPS lines.
_SHOUTED = re.compile(r"[^\W\d_a-zа-яёіїєґ]{2,}[ -][^\W\d_a-zа-яёіїєґ]{2,}")
INNER_WORDS = frozenset(
    {
        "on",
        "upon",
        "na",
        "nad",
        "pod",
        "de",
        "city",
        "oblast",
        "region",
        "province",
        "krai",
        "kray",
        "republic",
        "district",
        "raion",
        "rayon",
        "область",
        "край",
        "район",
        "республика",
        "на",
        "над",
        "под",
    }
)
"""Lower-case words that may continue a name ("Rostov on Don", "Belgorod region")."""


@dataclass(slots=True)
class Token:
    """A word of the document: its text, offsets, lookup key and whether it starts with a capital."""

    text: str
    start: int
    end: int
    key: str
    capital: bool
    possessive: bool
    shouted: bool = False
    """On an ALL-CAPS line (a wire headline: "KHARKIV SHELLED"), where capitals say nothing of names."""


@dataclass(slots=True)
class Match:
    """A gazetteer name found in the text: token range, offsets, the key that matched, its entries."""

    first: int
    last: int
    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]
    sentence: int
    secondary: frozenset[str] = frozenset()
    """Ids of entries found only under a former or other name or a sound key: the name is not theirs."""
    former: frozenset[str] = frozenset()
    """Ids of entries that bore the name only formerly (Artemivsk) or as another village's name."""
    region: bool = False
    """A direction phrase ("на Курському напрямку"): it names the area around its town, whose oblast is
    context for the document's other places, as a named oblast is."""


def tokenize(text: str) -> list[Token]:
    """The word tokens of a text; a trailing possessive 's is cut off the token and remembered."""
    tokens: list[Token] = []
    append = tokens.append
    shouting = _shouted_lines(text)
    line = 0
    for found in _TOKEN.finditer(text):
        word = found.group()
        start, end = found.span()
        possessive = False
        if len(word) > 3 and word[-1] in _POSSESSIVE_ENDS:
            cut = 2 if word[-2:] in _POSSESSIVE else 1 if word[-1] in _POSSESSIVE else 0
            if cut:
                word, end, possessive = word[:-cut], end - cut, True
        key = word.lower() if word.isascii() and word.isalpha() else name_key(word)
        while line + 1 < len(shouting) and shouting[line + 1][0] <= start:
            line += 1
        append(
            Token(word, start, end, key, word[0].isupper(), possessive, bool(shouting and shouting[line][1]))
        )
    return tokens


def _shouted_lines(text: str) -> list[tuple[int, bool]]:
    """(start offset, ALL CAPS?) for each line; empty when the text has no ALL-CAPS line (the usual case)."""
    if not _SHOUTED.search(text):
        return []
    out: list[tuple[int, bool]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        letters = [c for c in line if c.isalpha()]
        out.append((start, len(letters) >= _SHOUTED_LETTERS and all(c.isupper() for c in letters)))
        start += len(line)
    return out


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return not left.possessive and (gap.isspace() or gap in ("-", " - ")) and "\n" not in gap


def _windows(
    text: str, tokens: Sequence[Token], forms: Sequence[tuple[str, ...]], first: int
) -> list[tuple[int, list[str]]]:
    """(last token index, candidate keys) for each window starting at token `first`."""
    out: list[tuple[int, list[str]]] = []
    keys = list(forms[first])
    out.append((first, _with_regions(keys)))
    for index in range(first + 1, min(first + _MAX_WINDOW, len(tokens))):
        token, own = tokens[index], forms[index]
        if not (
            (token.capital or not INNER_WORDS.isdisjoint(own)) and _joined(text, tokens[index - 1], token)
        ):
            break
        keys = [f"{key} {form}" for key, form in itertools.islice(itertools.product(keys, own), 16)]
        out.append((index, _with_regions(keys)))
    return out


def _with_regions(keys: list[str]) -> list[str]:
    """The keys, led by the gazetteer key of any Cyrillic oblast name among them ("харківська область")
    and followed by their sound keys (the other language's spelling: "Красногоровка", "Гоголівка")."""
    if keys[0].isascii():
        return keys
    regions = [REGION_KEYS[key] for key in keys if key in REGION_KEYS]
    sounds = [sound for sound in dict.fromkeys(sound_key(key) for key in keys) if sound]
    return [*regions, *keys, *sounds]


def find_matches(
    text: str, tokens: Sequence[Token], sentence_of: Sequence[int], gazetteer: Gazetteer, *, language: str
) -> list[Match]:
    """The longest gazetteer names in the text, left to right, not overlapping."""
    forms = [
        (t.key,) if t.key.isascii() or not is_cyrillic(t.text) else word_info(t.text, language).keys
        for t in tokens
    ]
    starts = [i for i, t in enumerate(tokens) if t.capital]
    windows = {i: _windows(text, tokens, forms, i) for i in starts}
    found = gazetteer.candidates(key for ws in windows.values() for _last, keys in ws for key in keys)
    matches: list[Match] = []
    skip_until = -1
    for first in starts:
        if first <= skip_until:
            continue
        for last, keys in reversed(windows[first]):
            hits = [k for k in keys if k in found]
            if hits and sentence_of[first] == sentence_of[last]:
                entries, secondary, former = _entries(hits, found, gazetteer)
                matches.append(
                    Match(
                        first,
                        last,
                        tokens[first].start,
                        tokens[last].end,
                        hits[0],
                        entries,
                        sentence_of[first],
                        secondary,
                        former,
                    )
                )
                skip_until = last
                break
    return matches


def _entries(
    hits: Sequence[str], found: dict[str, tuple[Entry, ...]], gazetteer: Gazetteer
) -> tuple[tuple[Entry, ...], frozenset[str], frozenset[str]]:
    """The entries of a window: those of its best spelled key plus the places its sound keys add; which of
    them bear the name only formerly or by sound, and which only formerly."""
    spelled = next((k for k in hits if not k.startswith(SOUND_MARK)), None)
    entries: dict[str, Entry] = {}
    primary: set[str] = set()
    former: set[str] = set()
    for key in hits:
        if key == spelled or key.startswith(SOUND_MARK):
            for entry in found[key]:
                entries.setdefault(entry.id, entry)
                if entry.id in gazetteer.former(key):
                    former.add(entry.id)
                elif key == spelled:
                    primary.add(entry.id)
    former -= primary
    return tuple(entries.values()), frozenset(entries) - primary, frozenset(former)


def sentence_index(tokens: Sequence[Token], sentences: Sequence[Sentence]) -> list[int]:
    """For each token, the index of the sentence it lies in (-1 when outside every sentence)."""
    out: list[int] = []
    current = 0
    for token in tokens:
        while current < len(sentences) and sentences[current].end <= token.start:
            current += 1
        inside = current < len(sentences) and sentences[current].start <= token.start
        out.append(current if inside else -1)
    return out
