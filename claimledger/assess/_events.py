"""Events: claims about one happening, across documents, languages and sides.

Two claims meet in one event when they are about the same or nearby settlements (claims that name only
an oblast, a district or a region: the same region and the same story), on overlapping days, with
compatible actions (a strike and its casualties; an attack and its repulse; a capture, a recapture and a
hold as rival versions). A claim with no place joins the nearest placed claim of its document. Undated
claims meet undated claims by place, and join a dated event only when their settlement has exactly one.
Every event is bounded in days and kilometres, so chains of links stay local and work stays linear.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from claimledger.assess._frame import (
    KM_PER_DEGREE,
    Frame,
    Site,
    day_gap,
    grid_cell,
    shared_site,
    time_buckets,
)
from claimledger.assess._records import Group

GROUND, FIRE = "ground", "fire"
FAMILIES: dict[str, frozenset[str]] = {
    "territory": frozenset({GROUND}),
    "fighting": frozenset({GROUND}),
    "reinforcement": frozenset({GROUND}),
    "strike": frozenset({FIRE}),
    "casualties": frozenset({GROUND, FIRE}),
    "denial": frozenset({GROUND, FIRE}),
    "other": frozenset({GROUND, FIRE}),
}
#: A settlement with more dated claims than this is too busy for an undated claim to pick its event.
ATTACH_CAP = 200
ATTACH_PREFIX = "a:"
UNDATED = -1


@dataclass(frozen=True, slots=True)
class EventRules:
    """How near claims must be to meet in one event, and how far one event may stretch."""

    radius_km: float = 15.0
    days: int = 7
    near_km: float = 5.0
    """How near the places of two undated claims of different documents must be."""
    max_span_days: int = 31
    max_extent_km: float = 40.0


def related(a: Frame, b: Frame) -> bool:
    """Whether two kinds of claim can describe one happening (a strike and its casualties: yes)."""
    return bool(FAMILIES.get(a.category, FAMILIES["other"]) & FAMILIES.get(b.category, FAMILIES["other"]))


def _placed(frame: Frame) -> list[Site]:
    return [site for site in frame.sites if site.settlement or site.region]


def _buckets(frame: Frame, rules: EventRules) -> list[int]:
    return time_buckets(frame, rules.days) if frame.start is not None else [UNDATED]


def filing_keys(frame: Frame, rules: EventRules) -> list[str]:
    """The index blocks an event partner looks a claim up in (`a:` blocks are capped by the caller)."""
    keys = ["d:" + frame.document_id]
    for site in _placed(frame):
        if site.settlement and site.lat is not None and site.lon is not None:
            cell = "e:{}:{}".format(*grid_cell(site.lat, site.lon, rules.radius_km))
            keys += [f"{cell}|{t}" for t in _buckets(frame, rules)]
        else:
            keys += [f"ep:{site.key}|{t}" for t in _buckets(frame, rules)]
        if site.settlement:
            keys.append((ATTACH_PREFIX if frame.start is not None else "u:") + site.key)
    return list(dict.fromkeys(keys))


def lookup_keys(frame: Frame, rules: EventRules) -> list[str]:
    """The index blocks that hold a claim's possible event partners."""
    sites = _placed(frame)
    if not sites:
        return ["d:" + frame.document_id]
    keys: list[str] = []
    dated = frame.start is not None
    times = sorted({t + d for t in _buckets(frame, rules) for d in (-1, 0, 1)}) if dated else [UNDATED]
    for site in sites:
        if site.settlement and site.lat is not None and site.lon is not None:
            i, j = grid_cell(site.lat, site.lon, rules.radius_km)
            keys += [f"e:{i + di}:{j + dj}|{t}" for di in (-1, 0, 1) for dj in (-1, 0, 1) for t in times]
        else:
            keys += [f"ep:{site.key}|{t}" for t in times]
        if site.settlement:
            keys.append(("u:" if dated else ATTACH_PREFIX) + site.key)
    return list(dict.fromkeys(keys))


def linked(a: Frame, b: Frame, rules: EventRules) -> bool:
    """Whether two placed claims belong to one event (same or near place, overlapping days, related kinds)."""
    if not related(a, b):
        return False
    if a.start is not None and b.start is not None:
        gap = day_gap(a, b)
        if gap is None or gap > rules.days:
            return False
    elif a.document_id != b.document_id:
        if (a.start is None) != (b.start is None):
            return False  # an undated claim joins a dated event only through `attach_undated`
        return retold(a, b, rules)
    if shared_site(a, b, rules.radius_km, settlements_only=True) is not None:
        return True
    if any(s.settlement for s in a.sites) or any(s.settlement for s in b.sites):
        return False
    regions = {s.key for s in a.sites if s.region}
    return a.story() == b.story() and any(s.region and s.key in regions for s in b.sites)


def retold(a: Frame, b: Frame, rules: EventRules) -> bool:
    """Whether an undated claim and a claim of another document tell the same thing at one place: the
    same kind of claim, for the same side (or an unstated one), about a settlement within `near_km`.

    Undated claims may be months apart, so they need more than a shared town to meet."""
    sides = {a.side, b.side} - {"unknown"}
    if a.category != b.category or a.negated != b.negated or len(sides) > 1:
        return False
    return shared_site(a, b, rules.near_km, settlements_only=True) is not None


@dataclass(frozen=True, slots=True)
class _Extent:
    """The days and the bounding box an event covers so far (None: no dated or located claim yet)."""

    start: date | None
    end: date | None
    box: tuple[float, float, float, float] | None  # south, north, west, east

    @classmethod
    def of(cls, frame: Frame, rules: EventRules) -> _Extent:
        start, end = frame.start, frame.end
        if start is None or end is None or (end - start).days > rules.max_span_days:
            start = end = None  # a long window ("since August") does not pin an event down
        # A claim listing places along a front ("fighting near A, B and C") is anchored at the first.
        box = None
        for site in frame.sites:
            if site.settlement and site.lat is not None and site.lon is not None:
                box = (site.lat, site.lat, site.lon, site.lon)
                break
        return cls(start, end, box)

    def merge(self, other: _Extent) -> _Extent:
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        boxes = [b for b in (self.box, other.box) if b is not None]
        box = None
        if boxes:
            box = (
                min(b[0] for b in boxes), max(b[1] for b in boxes),
                min(b[2] for b in boxes), max(b[3] for b in boxes),
            )
        return _Extent(min(starts) if starts else None, max(ends) if ends else None, box)

    def fits(self, rules: EventRules) -> bool:
        if self.start and self.end and (self.end - self.start).days > rules.max_span_days:
            return False
        if self.box is None:
            return True
        south, north, west, east = self.box
        across = (east - west) * KM_PER_DEGREE * math.cos(math.radians((south + north) / 2))
        return max((north - south) * KM_PER_DEGREE, across) <= rules.max_extent_km


class EventBuilder:
    """Union-find over claim ids whose merges keep each event within the rules' bounds."""

    def __init__(self, *, ids: Iterable[str], frames: Mapping[str, Frame], rules: EventRules) -> None:
        """`frames` holds the frame of every claim in `ids`."""
        self.frames = frames
        self.rules = rules
        self.parent = {claim_id: claim_id for claim_id in ids}
        self.size = dict.fromkeys(self.parent, 1)
        self.extent = {claim_id: _Extent.of(frames[claim_id], rules) for claim_id in self.parent}
        self.placed = {claim_id for claim_id in self.parent if _placed(frames[claim_id])}

    def frame(self, claim_id: str) -> Frame:
        return self.frames[claim_id]

    def root(self, x: str) -> str:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        """Merge the events of `a` and `b` unless the result would stretch too far; True if one event."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        merged = self.extent[ra].merge(self.extent[rb])
        if not merged.fits(self.rules):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size.pop(rb)
        self.extent[ra] = merged
        del self.extent[rb]
        return True

    def link(self, candidates: Callable[[str], Iterable[str]]) -> None:
        """Join placed claims with their partners among `candidates(claim id)` (in a stable order)."""
        placed, root, frames, rules = self.placed, self.root, self.frames, self.rules
        for claim_id in sorted(placed):
            frame = frames[claim_id]
            for other_id in candidates(claim_id):
                # each pair once, and none already in one event
                if other_id <= claim_id or other_id not in placed or root(claim_id) == root(other_id):
                    continue
                if linked(frame, frames[other_id], rules):
                    self.union(claim_id, other_id)

    def attach_placeless(self, candidates: Callable[[str], Iterable[str]]) -> None:
        """A claim with no place joins the nearest related placed claim of its document (or, with none,
        the document's other unplaced claims)."""
        for claim_id in sorted(self.parent.keys() - self.placed):
            frame = self.frame(claim_id)
            same_doc = [o for o in candidates(claim_id) if o in self.parent and o != claim_id]
            placed = [o for o in same_doc if o in self.placed]
            if not placed:
                for other_id in same_doc:
                    self.union(claim_id, other_id)
                continue
            def nearest(o: str, frame: Frame = frame) -> tuple[bool, int, str]:
                other = self.frame(o)
                return not related(frame, other), abs(other.offset - frame.offset), o

            ranked = sorted(placed, key=nearest)
            for other_id in ranked:
                if self.union(claim_id, other_id):
                    break

    def attach_undated(self, dated_at: Callable[[str], list[str] | None]) -> None:
        """An event of undated claims joins the one dated event of its settlements, if there is one.

        `dated_at(site key)` lists the dated claims at a settlement, or None when there are too many."""
        members: dict[str, list[str]] = defaultdict(list)
        for claim_id in self.parent:
            members[self.root(claim_id)].append(claim_id)
        for first in sorted(members):
            root_id = self.root(first)
            if self.extent[root_id].start is not None:
                continue
            roots: set[str] = set()
            for claim_id in members[first]:
                frame = self.frame(claim_id)
                for site in frame.sites:
                    found = dated_at(site.key) if site.settlement else []
                    if found is None:
                        roots.add("*busy*")
                        continue
                    near = (o for o in found if o in self.parent and retold(frame, self.frame(o), self.rules))
                    roots.update(self.root(o) for o in near)
            roots.discard(root_id)
            if len(roots) == 1 and "*busy*" not in roots:
                self.union(root_id, roots.pop())

    def events(self) -> list[list[str]]:
        by_root: dict[str, list[str]] = defaultdict(list)
        for claim_id in self.parent:
            by_root[self.root(claim_id)].append(claim_id)
        return [sorted(ids) for ids in by_root.values()]


def event_group(claim_ids: list[str], frames: list[Frame], origins: Mapping[str, str]) -> Group:
    """The event record of claims (sorted ids) with their frames: label, place, window, origins."""
    starts = [f.start for f in frames if f.start is not None]
    ends = [f.end for f in frames if f.end is not None]
    settlements = Counter(s.name for f in frames for s in f.sites if s.settlement and s.name)
    regions = Counter(s.name for f in frames for s in f.sites if s.region and s.name)
    place = (settlements or regions).most_common(1)[0][0] if (settlements or regions) else None
    categories = Counter(f.category for f in frames)
    actions = Counter(f.action for f in frames if f.action != "other") or Counter(f.action for f in frames)
    start, end = (min(starts), max(ends)) if starts and ends else (None, None)
    when = "" if start is None else f", {start.isoformat()}"
    if end is not None and end != start:
        when += f" to {end.isoformat()}"
    what = "/".join(action for action, _ in actions.most_common(2))
    return Group.model_construct(
        id="g:" + claim_ids[0],
        claim_ids=claim_ids,
        origins=sorted({origins[c] for c in claim_ids}),
        place_ids=sorted({s.key for f in frames for s in f.sites}),
        start=start,
        end=end,
        frame=" ".join(sorted(categories)),
        label=f"{what} at {place or 'an unnamed place'}{when}",
        place=place,
    )
