"""Pairs of claims that cannot both hold: control vs control, claim vs denial, exclusive quantities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from claimledger.assess._frame import Frame, day_gap, frame_of, shared_site
from claimledger.model import Action, Claim, LedgerClaim, Side

EVENTS = frozenset({Action.CAPTURE.value, Action.RECAPTURE.value})
BELLIGERENTS = frozenset({Side.RU.value, Side.UA.value})
# Two counts are exclusive when the larger exceeds the smaller by more than this factor.
QUANTITY_FACTOR = 1.5
DISPUTE_LOOKBACK = 2  # sentences before the disputing one whose claims it answers


def describe(frame: Frame) -> str:
    """A short account of a claim: who says what happened, by whom, when."""
    when = f" on {frame.start.isoformat()}" if frame.start else ""
    negation = " (denied)" if frame.negated else ""
    by = f" by {frame.side}" if frame.side != Side.UNKNOWN.value else ""
    return f"{frame.claimant} ({frame.status}): {frame.action}{by}{negation}{when}"


def contradiction(
    a: Frame, b: Frame, *, radius_km: float, days: int, same_origin: bool
) -> tuple[str, str] | None:
    """The kind and reason when `a` and `b` cannot both hold, else None."""
    gap = day_gap(a, b)
    if gap is None:
        if a.start is not None or b.start is not None or a.document_id != b.document_id:
            return None
        gap = 0
    if gap > days:
        return None
    site = shared_site(a, b, radius_km, settlements_only=True)
    if site is None:
        return None
    kind = _denial(a, b) or _control(a, b, gap) or (None if same_origin else _quantity(a, b, gap))
    if kind is None:
        return None
    return kind, f"{kind} at {site.name}: {describe(a)} vs {describe(b)}"


def _denial(a: Frame, b: Frame) -> str | None:
    if a.negated != b.negated:
        denied, other = (a, b) if a.negated else (b, a)
        same_event = denied.action == other.action or {denied.action, other.action} == EVENTS
        sides = {denied.actor_side, other.actor_side}
        if same_event and (len(sides) == 1 or Side.UNKNOWN.value in sides):
            return "denial"
        return None
    if (a.category == "denial") != (b.category == "denial"):
        denier, other = (a, b) if a.category == "denial" else (b, a)
        if not other.negated and denier.claimant_side != other.claimant_side:
            return "denial"
    return None


def _control(a: Frame, b: Frame, gap: int) -> str | None:
    if a.category != "territory" or b.category != "territory" or not (a.strong and b.strong):
        return None
    if a.negated or b.negated or {a.side, b.side} != BELLIGERENTS:
        return None
    if a.action in EVENTS and b.action in EVENTS and (gap > 0 or a.start != b.start):
        return None  # a capture and a later recapture are a sequence, not a contradiction
    if a.document_id == b.document_id and a.sentence == b.sentence:
        return None  # "recaptured X, which Ukraine had held": one sentence tells a sequence
    return "control"


def _quantity(a: Frame, b: Frame, gap: int) -> str | None:
    if gap > 0 or a.quantity is None or b.quantity is None or a.negated or b.negated:
        return None
    if a.action != b.action or a.side != b.side or a.quantity[2] != b.quantity[2]:
        return None
    low, high = sorted((a.quantity, b.quantity))
    if low[1] < high[0] and max(low[1], 0.0) * QUANTITY_FACTOR < high[0]:
        return "quantity"
    return None


def disputes(claims: Sequence[tuple[Frame, int]]) -> list[tuple[Frame, Frame, str]]:
    """Within one document's claims (frame, character offset): pairs where a claim's sentence openly
    disputes the claims of the sentences just before it, by another claimant about the same side.

    Returns (earlier, disputing, reason). This catches disagreements with no shared place, such as
    "Russian servicemembers claimed ... A Russian milblogger claimed, however, that ...".
    """
    ordered = sorted(claims, key=lambda item: item[1])
    sentences: dict[str, int] = {}
    for frame, _ in ordered:
        sentences.setdefault(frame.sentence, len(sentences))
    found: list[tuple[Frame, Frame, str]] = []
    for b, _ in ordered:
        marker = b.dispute_cue
        if marker is None or b.claimant == "author":
            continue
        here = sentences[b.sentence]
        for a, _ in ordered:
            if not here - DISPUTE_LOOKBACK <= sentences[a.sentence] < here or a.claimant == b.claimant:
                continue
            if {a.actor_side, b.actor_side} & BELLIGERENTS and a.actor_side != b.actor_side:
                continue
            found.append((a, b, f"dispute ({marker.lower()}): {describe(a)} vs {describe(b)}"))
    return found


def find_contradictions(
    claims: Sequence[Claim], *, published_at: datetime | None = None, radius_km: float = 5.0, days: int = 3
) -> list[tuple[int, int]]:
    """Indices of contradicting claim pairs within one document (claimant stands in for origin)."""
    frames = [
        frame_of(LedgerClaim(id=str(i), document_id="", source="", published_at=published_at, claim=claim))
        for i, claim in enumerate(claims)
    ]
    pairs: set[tuple[int, int]] = set()
    for i, a in enumerate(frames):
        for j in range(i + 1, len(frames)):
            b = frames[j]
            same = a.claimant == b.claimant
            if contradiction(a, b, radius_km=radius_km, days=days, same_origin=same) is not None:
                pairs.add((i, j))
    for a, b, _ in disputes([(frame, claim.start) for frame, claim in zip(frames, claims, strict=True)]):
        i, j = sorted((int(a.id), int(b.id)))
        pairs.add((i, j))
    return sorted(pairs)
