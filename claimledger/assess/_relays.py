"""Relays inside one document: a headline restating its own article, a claimant named twice.

An outlet's headline ("Governor reports drone attack on Belgorod") is the outlet restating the claim its
body attributes ("The Belgorod regional governor said a drone struck..."): it shares that claim's origin.
Within one event of one document, a claimant named more briefly ("the governor") is the claimant named in
full ("the Belgorod regional governor"). Across documents, relays are found by `Assessor.origins`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from claimledger.assess._frame import Frame, normalize_name

SENTENCE_END = (".", "!", "?", "…", ":", ";")
CLOSERS = " \"'»”’)]"


def is_headline(frame: Frame) -> bool:
    """A claim that opens its document with a line that does not end like a sentence: a title."""
    return frame.offset == 0 and not frame.sentence.rstrip(CLOSERS).endswith(SENTENCE_END)


def _words(frame: Frame) -> frozenset[str]:
    name = normalize_name(frame.claimant)
    return frozenset() if name in ("", "author") else frozenset(name.split())


def shared_origins(
    events: Iterable[list[str]], frame: Callable[[str], Frame], origins: Mapping[str, str]
) -> dict[str, str]:
    """Origins that change because a claim restates another of its document's claims in the same event."""
    changed: dict[str, str] = {}
    for claim_ids in events:
        by_document: dict[str, list[Frame]] = defaultdict(list)
        for claim_id in claim_ids:
            by_document[frame(claim_id).document_id].append(frame(claim_id))
        for frames in by_document.values():
            if len(frames) > 1:
                changed.update(_within(sorted(frames, key=lambda f: (f.offset, f.id)), origins))
    return changed


def _within(frames: list[Frame], origins: Mapping[str, str]) -> dict[str, str]:
    changed: dict[str, str] = {}
    body = [f for f in frames if not is_headline(f)]
    for f in frames:
        if is_headline(f) and body:
            source = next((b for b in body if b.category == f.category), body[0])
            changed[f.id] = origins[source.id]
    words = {f.id: _words(f) for f in body}
    for f in body:
        fuller = [
            other for other in body
            if words[f.id] and words[f.id] < words[other.id]
            and len({f.claimant_side, other.claimant_side} - {"unknown"}) <= 1
        ]
        if fuller:
            changed[f.id] = origins[max(fuller, key=lambda o: (len(words[o.id]), o.id)).id]
    return {claim_id: origin for claim_id, origin in changed.items() if origins[claim_id] != origin}
