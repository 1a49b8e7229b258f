"""Resolution: choose each mention's place from its candidates, using the document's context.

Evidence, strongest first: an admin unit named in the same sentence or the document ("Belgorod region", "in
Kursk"; a raion or hromada: "Берестового Кальміуського району"; the oblast of a direction: "на Курському
напрямку"), the other places of the sentence and of the
document (spatial coherence: a story is about one area, so "Popovka and Demidovka" resolves to the pair of
villages that lie together), the war-reporting country prior (Ukraine, Russia, Belarus), then population. Pass
one fixes the unambiguous places; pass two scores homonyms against them. Mentions with the same name in one
document share one reading. When the two best candidates are different places (over 10 km apart) whose scores,
context included, differ by less than the margin, the resolver abstains: no place, candidates kept; unless one
of the tied places is much the biggest, or the only one in an oblast along the front line (the front-line
prior is only ever a tie-breaker). Population weighs 0.15 per tenfold, so villages of like size sharing a name
in one oblast (the three Popovkas of Belgorod oblast) need context to tell apart. A place the name fits only
by sound (another language's spelling) ranks below one it spells, and one that bore the name only formerly
(Artemivsk) comes last.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from claimledger.extract.geo._gazetteer import Entry
from claimledger.extract.geo._names import name_key

COUNTRY_PRIOR = {
    "UA": 1.0,
    "RU": 0.9,
    "BY": 0.5,
    "MD": 0.3,
    "PL": 0.3,
    "RO": 0.2,
    "GE": 0.2,
    "KZ": 0.2,
    "LT": 0.2,
    "LV": 0.2,
    "EE": 0.2,
    "FI": 0.2,
    "SK": 0.1,
    "HU": 0.1,
}
KIND_PRIOR = {"country": 1.5, "admin1": 0.6, "region": 0.8, "admin2": -0.3, "settlement": 0.0}
SAME_SENTENCE_KM, SAME_DOCUMENT_KM = 60.0, 150.0
MAX_CANDIDATES = 400
PRIMARY_NAME_BONUS = 0.6
FORMER_NAME_PENALTY = 1.5
SOUND_PENALTY = 0.7
PEER_CANDIDATES = 100
CONFIDENT = 0.75
KM_PER_DEGREE = 111.2
_LOCAL = ("settlement", "admin2")
FRONT_ADMIN1 = ("donetsk", "luhansk", "zaporizh", "kherson", "kharkiv", "kursk", "belgorod")
"""Oblasts along the front line (2022-25), by the start of their names: the tie-breaker's prior."""
TIE_BROKEN = 0.5
TIE_POPULATION = 4


@dataclass(slots=True)
class Pending:
    """One mention to resolve: its candidates (already narrowed by cues) and where it sits."""

    key: str
    sentence: int
    entries: list[Entry]
    secondary: frozenset[str] = frozenset()
    """Ids of entries the name fits only formerly or by sound (see `Match.secondary`)."""
    former: frozenset[str] = frozenset()
    """Ids of entries that bore the name only formerly: a last resort (see `Match.former`)."""
    region: bool = False
    """A direction: its place's oblast is admin context, like a named oblast (see `Match.region`)."""
    scores: list[float] = field(default_factory=list)
    chosen: Entry | None = None
    confidence: float = 0.0

    def prior(self, entry: Entry) -> float:
        penalty = (
            FORMER_NAME_PENALTY
            if entry.id in self.former
            else SOUND_PENALTY
            if entry.id in self.secondary
            else 0.0
        )
        return _named_prior(entry, self.key, entry.id in self.secondary) - penalty


def _km(a: Entry, b: Entry) -> float:
    """Distance in km by the flat-earth (equirectangular) approximation: within 1% of the great-circle
    distance at the scales the resolver compares (tens to hundreds of km), and cheaper in its hot loop."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def prior(entry: Entry) -> float:
    """Score without context: country prior, kind, population."""
    prominence = 1.0 if entry.population >= 500_000 else 0.3 if entry.population >= 100_000 else 0.0
    return (
        COUNTRY_PRIOR.get(entry.country or "", 0.0)
        + KIND_PRIOR.get(entry.kind, 0.0)
        + 0.15 * math.log10(1 + entry.population)
        + prominence
    )


@lru_cache(maxsize=100_000)
def _named_prior(entry: Entry, key: str, secondary: bool) -> float:
    """The prior, plus a bonus when the mention spells the entry's own name (not a former or other name).

    Ukrainian settlements get it under any of their current names: reporting on the war uses their Russian
    forms (Volchansk), which abroad are other towns' own names. A `secondary` reading (a former name,
    Artemovsk; a spelling met only by sound) gets none: a place bearing that name now comes first."""
    if secondary:
        return prior(entry)
    own = entry.country == "UA" and entry.kind == "settlement"
    return prior(entry) + (
        PRIMARY_NAME_BONUS if own or skeleton(name_key(entry.name)) == skeleton(key) else 0.0
    )


def _tie_break(tied: Sequence[Entry]) -> Entry | None:
    """The place among near-tied candidates that is much the biggest (TIE_POPULATION times any other), or
    else the only one along the front line; None (abstain) when neither settles it."""
    ranked = sorted(tied, key=lambda e: -e.population)
    if len(ranked) > 1 and ranked[0].population >= TIE_POPULATION * max(1, ranked[1].population):
        return ranked[0]
    front = [e for e in tied if on_front(e)]
    return front[0] if len(front) == 1 else None


def _unit_of(entry: Entry) -> str | None:
    """The raion or hromada an admin2-kind entry is (what its members carry as admin2 / admin3)."""
    return entry.admin3 if entry.feature == "ADM3" else entry.admin2


def on_front(entry: Entry) -> bool:
    """Whether a place lies in an oblast along the front line."""
    return (entry.admin1 or "").lower().startswith(FRONT_ADMIN1)


def skeleton(key: str) -> str:
    """A key with the letters romanisations disagree on folded together (Zaporizhzhya = Zaporizhzhia)."""
    return key.replace("y", "i").replace("j", "i").replace("ii", "i")


def _one_place(entries: Sequence[Entry]) -> bool:
    """Whether the entries are one place: a single entry, or settlements all within 5 km of the first."""
    first = entries[0]
    return len(entries) == 1 or (
        all(e.kind == "settlement" for e in entries) and all(_km(e, first) <= 5.0 for e in entries)
    )


class _Points:
    """Entries indexed by longitude for fast "nearest within r km" queries."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        # each place once: a long text naming the same places over and over keeps the index small
        located = sorted({(e.lon, e.lat, e.id) for e in entries if e.lat is not None and e.lon is not None})
        self._lons = [p[0] for p in located]
        self._points = located
        lats = [p[1] for p in located]
        self._lat_range = (min(lats), max(lats)) if lats else (0.0, 0.0)

    def proximities(self, entries: Sequence[Entry], radius: float) -> list[float]:
        """For each entry: 1 at distance 0, falling linearly to 0 at `radius` km, from the nearest other
        point (a flat-earth distance, fine at these radii)."""
        points, lons = self._points, self._lons
        if not points:
            return [0.0] * len(entries)
        lat_span = radius / KM_PER_DEGREE
        south, north = self._lat_range[0] - lat_span, self._lat_range[1] + lat_span
        out: list[float] = []
        for entry in entries:
            lat, lon, ident = entry.lat, entry.lon, entry.id
            if lat is None or lon is None or not south < lat < north:
                out.append(0.0)
                continue
            scale = max(0.1, math.cos(math.radians(lat))) * KM_PER_DEGREE
            span = radius / scale
            best = radius * radius
            for index in range(bisect_left(lons, lon - span), len(points)):
                other_lon, other_lat, other = points[index]
                if other_lon > lon + span:
                    break
                dy = other_lat - lat
                if -lat_span < dy < lat_span and other != ident:
                    dx = (other_lon - lon) * scale
                    squared = dx * dx + dy * dy * KM_PER_DEGREE * KM_PER_DEGREE
                    if squared < best:
                        best = squared
            out.append(1.0 - math.sqrt(best) / radius)
        return out


_NOWHERE = _Points(())


class _Context:
    """What one scoring round knows about the document: admin units, countries, anchor and peer points."""

    def __init__(
        self,
        anchors: Sequence[tuple[int, Entry]],
        ambiguous: Sequence[Pending],
        regions: Sequence[tuple[int, Entry]] = (),
    ) -> None:
        self.admins = {(s, e.country, e.admin1) for s, e in anchors if e.kind == "admin1"}
        self.admins |= {(s, e.country, e.admin1) for s, e in regions if e.admin1}  # "Курському напрямку"
        self.document_admins = {(c, a) for _s, c, a in self.admins}
        self.units = {(s, _unit_of(e)) for s, e in anchors if e.kind == "admin2" and _unit_of(e)}
        self.document_units = {unit for _s, unit in self.units}
        self.countries = {e.country for _s, e in anchors if e.kind == "country"}
        self.document_points = _Points(e for _s, e in anchors if e.kind in _LOCAL)
        by_sentence: dict[int, list[Entry]] = {}
        for sentence, entry in anchors:
            if entry.kind in _LOCAL:
                by_sentence.setdefault(sentence, []).append(entry)
        self.sentence_points = {s: _Points(entries) for s, entries in by_sentence.items()}
        self.peer_points: dict[int, list[tuple[str, _Points]]] = {}
        for item in ambiguous:
            points = _Points(item.entries[:PEER_CANDIDATES])
            self.peer_points.setdefault(item.sentence, []).append((item.key, points))


class Resolver:
    """Resolve the pending mentions of one document in place (sets chosen, scores, confidence)."""

    def __init__(self, *, margin: float = 0.15) -> None:
        self.margin = margin

    def __call__(self, pending: Sequence[Pending]) -> None:
        for item in pending:
            item.entries = sorted(item.entries, key=item.prior, reverse=True)
            del item.entries[MAX_CANDIDATES:]
        anchors: list[tuple[int, Entry]] = []
        for item in pending:
            if item.entries and (
                _one_place(item.entries) or item.prior(item.entries[0]) - item.prior(item.entries[1]) >= 1.0
            ):
                item.chosen = item.entries[0]
                anchors.append((item.sentence, item.entries[0]))
        ambiguous = [item for item in pending if item.chosen is None and item.entries]
        regions = [(item.sentence, item.chosen) for item in pending if item.region and item.chosen]
        for _round in range(2):
            context = _Context(anchors, ambiguous, regions)
            for item in ambiguous:
                self._score(item, context)
            for item in ambiguous:
                self._choose(item)
            confident = [
                item for item in ambiguous if item.chosen is not None and item.confidence >= CONFIDENT
            ]
            anchors += [(item.sentence, item.chosen) for item in confident if item.chosen is not None]
            ambiguous = [item for item in ambiguous if item not in confident]
            if not confident:
                break
        for item in pending:
            if not item.scores:
                item.scores = [item.prior(e) for e in item.entries]
                item.confidence = 0.95 if item.chosen is not None else 0.0
        self._one_sense_per_document(pending)

    def _score(self, item: Pending, context: _Context) -> None:
        sentence_anchors = context.sentence_points.get(item.sentence, _NOWHERE)
        peer_points = [
            points for peer, points in context.peer_points.get(item.sentence, []) if peer != item.key
        ]
        entries = item.entries
        near_sentence = sentence_anchors.proximities(entries, SAME_SENTENCE_KM)
        near_document = context.document_points.proximities(entries, SAME_DOCUMENT_KM)
        near_peers = [points.proximities(entries, SAME_SENTENCE_KM) for points in peer_points]
        scored: list[tuple[float, Entry]] = []
        for index, entry in enumerate(entries):
            bonus = 3.0 * near_sentence[index] + 1.5 * near_document[index]
            if (item.sentence, entry.country, entry.admin1) in context.admins:
                bonus += 2.5
            elif (entry.country, entry.admin1) in context.document_admins:
                bonus += 1.2
            if entry.country in context.countries:
                bonus += 0.4
            for unit in (entry.admin2, entry.admin3):
                if unit and (item.sentence, unit) in context.units:
                    bonus += 2.5
                elif unit and unit in context.document_units:
                    bonus += 1.2
            for near in near_peers:
                bonus += 1.5 * near[index] / len(near_peers)
            scored.append((item.prior(entry) + bonus, entry))
        scored.sort(key=lambda t: t[0], reverse=True)
        item.entries = [e for _s, e in scored]
        item.scores = [s for s, _e in scored]

    def _choose(self, item: Pending) -> None:
        gap = item.scores[0] - item.scores[1] if len(item.scores) > 1 else math.inf
        if gap < self.margin and _km(item.entries[0], item.entries[1]) > 10.0:
            tied = [
                e for e, s in zip(item.entries, item.scores, strict=True) if item.scores[0] - s < self.margin
            ]
            item.chosen = _tie_break(tied)
            item.confidence = 0.3 if item.chosen is None else TIE_BROKEN
        else:
            item.chosen = item.entries[0]
            item.confidence = round(1.0 / (1.0 + math.exp(-2.0 * gap)) if gap < math.inf else 0.95, 3)

    @staticmethod
    def _one_sense_per_document(pending: Sequence[Pending]) -> None:
        best: dict[str, Pending] = {}
        for item in pending:
            if item.chosen is not None and item.confidence > best.get(item.key, item).confidence:
                best[item.key] = item
            best.setdefault(item.key, item)
        for item in pending:
            leader = best[item.key]
            if (
                leader is not item
                and leader.chosen is not None
                and leader.confidence > item.confidence
                and leader.chosen in item.entries
            ):
                item.chosen, item.confidence = leader.chosen, leader.confidence
