"""Sentence segmentation shared by every extraction component, so mentions and claims agree on sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets, footnote markers such as
# "[iii]" or "[12]", and Markdown emphasis closers "**"), before whitespace and an opening capital, digit,
# quote or emphasis; or at a line break (news and Telegram posts use line breaks).
_BOUNDARY = re.compile(
    r"""(?<=[.!?…])(?:["'»”’)\]]|\[[ivxlcdm\d]{1,6}\]|\*{1,2}|_)*\s+(?=[*_"'«“‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9])|\s*\n\s*"""
)
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs", "etc",
        "jr", "sr", "prof", "gov", "sen", "rep", "u.s", "u.k", "e.g", "i.e", "approx", "est", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp",
        "co", "ltd", "dept", "km", "sq", "г", "обл", "р-н", "с", "пос", "им", "ул", "д",
    }
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its text and its character offsets in the document."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with offsets; abbreviations such as "Gen." or "U.S." do not end one."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and _ends_with_abbreviation(text[start : match.start()]):
            continue
        _append(out, text, start, match.start())
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _ends_with_abbreviation(chunk: str) -> bool:
    word = chunk.rstrip("\"'»”’)]*_").rsplit(None, 1)[-1] if chunk.strip() else ""
    word = word.lower().rstrip(".").lstrip("(\"'«“")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))
