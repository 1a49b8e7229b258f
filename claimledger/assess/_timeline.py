"""Control timelines: dated claims about who holds each settlement and the assessed status after each day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from claimledger.assess._frame import Frame
from claimledger.assess._records import Grade, Timeline, TimelineEntry
from claimledger.model import Side

RELIABILITY_WEIGHT = {"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3, "F": 0.4}
CREDIBILITY_WEIGHT = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.35, 5: 0.1, 6: 0.3}
CARRY = 0.5  # how much of yesterday's evidence still counts today
MAJORITY = 2 / 3
CONTESTED = "contested"
TIMELINE_CATEGORIES = ("territory", "fighting")
FLOOR = 0.05  # an origin whose carried weight fell below this no longer counts as a basis
#: Each belligerent, and how the other one's sources are named when they are missing.
BELLIGERENTS = {Side.RU.value: "Ukrainian", Side.UA.value: "Russian"}
INDEPENDENT = "independent or unknown"


def timeline(
    place_id: str,
    name: str,
    frames: Iterable[Frame],
    grades: Mapping[str, Grade],
    origins: Mapping[str, str] | None = None,
) -> Timeline:
    """The timeline of one settlement from the territorial and fighting claims about it; each state says
    whose word it rests on (the origins whose claims still carry weight) and whether that is one side's."""
    rows = sorted(
        (f for f in frames if f.start is not None and not f.negated and f.category in TIMELINE_CATEGORIES),
        key=lambda f: (f.start, f.id),
    )
    weights: dict[str, float] = defaultdict(float)
    carried: dict[str, float] = defaultdict(float)  # weight by origin
    who: dict[str, tuple[str, str]] = {}  # origin -> (claimant as named, claimant's side)
    entries: list[TimelineEntry] = []
    day_rows: list[Frame] = []
    for i, frame in enumerate(rows):
        day_rows.append(frame)
        if i + 1 < len(rows) and rows[i + 1].start == frame.start:
            continue
        for table in (weights, carried):
            for key in list(table):
                table[key] *= CARRY
        for row in day_rows:
            g = grades[row.id]
            weight = RELIABILITY_WEIGHT[g.reliability] * CREDIBILITY_WEIGHT[g.credibility]
            weights[_holder(row)] += weight
            origin = (origins or {}).get(row.id, row.claimant)
            carried[origin] += weight
            who.setdefault(origin, (row.claimant, row.claimant_side))
        status, confidence = _status(weights)
        sources = sorted({who[o] for o, w in carried.items() if w >= FLOOR})
        basis, single = _basis(status, sources)
        for row in day_rows:
            assert row.start is not None
            entries.append(
                TimelineEntry(
                    day=row.start,
                    claim_id=row.id,
                    action=row.action,
                    actor_side=row.actor_side,
                    holder=_holder(row),
                    grade=grades[row.id].code,
                    status=status,
                    confidence=confidence,
                    sources=[name for name, _ in sources],
                    basis=basis,
                    single_sided=single,
                )
            )
        day_rows = []
    return Timeline(place_id=place_id, name=name, entries=entries)


def _basis(status: str, sources: list[tuple[str, str]]) -> tuple[str, bool]:
    """Whose word a state rests on, by side, and whether only one belligerent's sources speak for it."""
    by_side: dict[str, list[str]] = defaultdict(list)
    for name, side in sources:
        by_side[side if side in BELLIGERENTS else INDEPENDENT].append(name)
    if status in BELLIGERENTS and set(by_side) == {status}:
        other = BELLIGERENTS[status]
        return f"{', '.join(by_side[status])} only; no {other} or independent source", True
    return "; ".join(f"{side}: {', '.join(names)}" for side, names in sorted(by_side.items())), False


def _holder(frame: Frame) -> str:
    """Who a claim says holds the place: a side for a capture, hold or withdrawal, else contested."""
    return frame.side if frame.category == "territory" and frame.strong else CONTESTED


def _status(weights: Mapping[str, float]) -> tuple[str, float]:
    known = {s: w for s, w in weights.items() if s in (Side.RU.value, Side.UA.value, CONTESTED)}
    total = sum(known.values())
    if total <= 0:
        return Side.UNKNOWN.value, 0.0
    side, best = max(known.items(), key=lambda item: item[1])
    share = best / total
    if side == CONTESTED or share < MAJORITY:
        balance = 1 - abs(known.get(Side.RU.value, 0) - known.get(Side.UA.value, 0)) / total
        return CONTESTED, round(min(1.0, total) * balance, 2)
    return side, round(share * min(1.0, total), 2)
