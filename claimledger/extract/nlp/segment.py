"""Sentence segmentation shared by every extraction component, so mentions and claims agree on sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets and footnote markers such as
# "[iii]" or "[12]"), before whitespace and an opening capital, digit or quote; or at a line break (news and
# Telegram posts use line breaks). A bold lead-in ("**Heading.** Body") stays one sentence with its body.
# An emoji or bullet after the full stop opens a sentence too ("... сутки. ▪️ На ..."); a hashtag does not.
_BULLETS = "\u2022\u2023\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_BOUNDARY = re.compile(
    rf"""(?<=[.!?…])((?:["'»”’)\]]|\[[ivxlcdm\d]{{1,6}}\])*)\s+(?=["'«“‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9{_BULLETS}])"""
    r"|\s*\n\s*"
)
_FOOTNOTE_TAIL = re.compile(r"(?:\[[ivxlcdm\d]{1,6}\])+$")
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs", "etc",
        "jr", "sr", "prof", "gov", "sen", "rep", "u.s", "u.k", "e.g", "i.e", "approx", "est", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp",
        "co", "ltd", "dept", "г", "обл", "р-н", "с", "пос", "им", "ул", "д", "н.п", "т.ч", "т.е", "т.д",
        "г.р", "ед", "тыс", "млн", "млрд", "пгт", "чел", "кв", "с.ш", "в.д", "р",
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
        end = match.end(1) if match.group(1) is not None else match.start()  # closers stay in the sentence
        if "\n" not in match.group() and _ends_with_abbreviation(text[start:end]):
            continue
        _append(out, text, start, end)
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _ends_with_abbreviation(chunk: str) -> bool:
    chunk = _FOOTNOTE_TAIL.sub("", chunk).rstrip("\"'»”’)]")
    word = chunk.rsplit(None, 1)[-1] if chunk.strip() else ""
    word = word.lower().rstrip(".").lstrip("(\"'«“")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))
