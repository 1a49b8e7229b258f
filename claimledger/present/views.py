"""Pure functions from a ledger snapshot to JSON-ready dicts, and the claim filters (CLI and API)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from claimledger.assess import Contradiction
from claimledger.model import ClaimPlace, Document, LedgerClaim
from claimledger.present.export import approximate, locate
from claimledger.present.report import in_focus, safe_url, sentence_span
from claimledger.present.snapshot import Row, Snapshot
from claimledger.store import ClaimRecord, Review

MAX_INDEX = 2**62


@dataclass(frozen=True)
class ClaimFilter:
    """The claim filters of the API; every one given must match."""

    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    since: date | None = None
    until: date | None = None
    claimant: str | None = None
    side: str | None = None
    status: str | None = None
    grade: str | None = None

    def rows(self, snapshot: Snapshot) -> Sequence[Row]:
        """The matching rows in ledger order: the smallest index that applies, then the other filters."""
        candidates = min(self._candidates(snapshot), key=len, default=None)
        if candidates is None:
            return snapshot.rows
        return [row for row in (snapshot.rows[n] for n in sorted(candidates)) if self.matches(row)]

    def _candidates(self, snapshot: Snapshot) -> Iterator[Sequence[int]]:
        """Row indexes that may match, one list per filter that has an index."""
        if self.place is not None:
            yield snapshot.by_place.get(self.place, [])
        if self.status is not None:
            yield snapshot.by_status.get(self.status, [])
        if self.side is not None:
            yield snapshot.by_side.get(self.side, [])
        if self.claimant is not None:
            wanted = self.claimant.casefold()
            yield [n for key, found in snapshot.by_claimant.items() if wanted in key for n in found]
        if self.since is not None or self.until is not None:
            low = bisect_left(snapshot.dated, (self.since,)) if self.since else 0
            high = (
                bisect_right(snapshot.dated, (self.until, MAX_INDEX)) if self.until else len(snapshot.dated)
            )
            yield [n for _, n in snapshot.dated[low:high]]
        if self.bbox is not None or self.grade is not None:
            yield range(len(snapshot.rows))

    def matches(self, row: Row) -> bool:
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if (
                row.lat is None
                or row.lon is None
                or not (south <= row.lat <= north and west <= row.lon <= east)
            ):
                return False
        if (self.since is not None or self.until is not None) and row.day is None:
            return False
        if self.since is not None and row.day is not None and row.day < self.since:
            return False
        if self.until is not None and row.day is not None and row.day > self.until:
            return False
        if self.claimant is not None and self.claimant.casefold() not in row.claimant:
            return False
        if self.side is not None and row.side != self.side:
            return False
        if self.status is not None and row.status != self.status:
            return False
        return self.grade is None or row.grade == self.grade or row.grade[:1] == self.grade


def place_label(place: ClaimPlace, regions: Sequence[str | None] = (), *, as_written: bool = False) -> str:
    """How a table names a place: the resolved name (the mention `as_written`), with its precision when the
    point is only approximate ("Kamianka (approx., ±15 km)"); for an unresolved mention, the mention and its
    candidates' oblasts (`regions`, one per candidate: "Oleksandrivka (3 candidates in Donetsk Oblast)"),
    never a guess."""
    if place.name is not None:
        name = place.mention if as_written else place.name
        return f"{name} (approx., ±{place.precision_km:g} km)" if approximate(place) else name
    if not regions:
        return f"{place.mention} (unresolved)"
    where = ", ".join(dict.fromkeys(region or "unknown region" for region in regions))
    return f"{place.mention} ({len(regions)} candidate{'s' * (len(regions) != 1)} in {where})"


def review_json(review: Review) -> dict[str, Any]:
    return review.model_dump(mode="json")


def record_json(
    record: ClaimRecord, *, contradicts: Sequence[str], reviews: Sequence[Review] | None = None
) -> dict[str, Any]:
    """A claim with its grade, group, verdict and the ids of the claims it `contradicts`; with `reviews`
    (those in force on it), its grade's reasons and that audit trail too."""
    claim = record.claim
    data = claim.model_dump(mode="json", exclude={"url"})
    data["url"] = safe_url(claim.url)
    data["day"] = record.day.isoformat() if record.day else None
    location = locate(claim)
    data["location"] = None if location is None else {
        "lat": location.lat, "lon": location.lon, "precision_km": location.precision_km,
        "geo_precision": location.precision, "approximate": location.approximate,
    }
    data["grade"] = record.grade.code if record.grade else None
    data["group"] = record.group
    data["origin"] = record.origin
    data["verdict"] = record.verdict
    data["contradicts"] = list(contradicts)
    if reviews is not None:
        data["reasons"] = record.grade.reasons if record.grade else []
        data["reviews"] = [review_json(r) for r in reviews]
    return data


def claim_json(claim: LedgerClaim, snapshot: Snapshot, *, full: bool = False) -> dict[str, Any]:
    """A claim of a snapshot as `record_json` gives it; `full` adds reasons and the audit trail."""
    row = snapshot.rows[snapshot.index[claim.id]]
    record = ClaimRecord(
        claim=claim, day=row.day, grade=snapshot.assessment.grades.get(claim.id),
        group=snapshot.assessment.group_of.get(claim.id), origin=snapshot.assessment.origins.get(claim.id),
        verdict=row.verdict, cursor="",
    )
    reviews = snapshot.overrides.for_claim(claim) if full else None
    return record_json(record, contradicts=snapshot.against.get(claim.id, []), reviews=reviews)


def map_json(snapshot: Snapshot) -> dict[str, Any]:
    """Every located claim in columns (compact enough for 10,000+ markers): the map's whole data."""
    located = [row for row in snapshot.rows if row.lat is not None]
    claims = snapshot.claims
    return {
        "id": [claims[row.index].id for row in located],
        "lat": [row.lat for row in located],
        "lon": [row.lon for row in located],
        "day": [row.day.isoformat() if row.day else None for row in located],
        "status": [row.status for row in located],
        "grade": [row.grade for row in located],
        "side": [row.side for row in located],
        "claimant": [
            claims[row.index].claim.claimant.canonical or claims[row.index].claim.claimant.name
            for row in located
        ],
        "verdict": [row.verdict for row in located],
        "focus": [_focus(claims[row.index]) for row in located],
    }


def _focus(claim: LedgerClaim) -> bool:
    """Whether the claim may set the map's opening view (placed at settlement or district level)."""
    location = locate(claim)
    return location is not None and in_focus(claim, location)


def document_json(document: Document, claims: Sequence[LedgerClaim]) -> dict[str, Any]:
    """A document with its text and where each of its claims' sentences is in it."""
    data = document.model_dump(mode="json", exclude={"url"})
    data["url"] = safe_url(document.url)
    spans = []
    for claim in claims:
        span = sentence_span(claim, document)
        if span is not None:
            spans.append({"claim_id": claim.id, "start": span[0], "end": span[1]})
    data["sentences"] = spans
    return data


def document_summary(document: Document) -> dict[str, Any]:
    data = document.model_dump(mode="json", exclude={"text", "url", "meta"})
    data["url"] = safe_url(document.url)
    return data


def contradictions_json(snapshot: Snapshot, found: Sequence[Contradiction]) -> list[dict[str, Any]]:
    """Contradictions with both claims in full."""
    items = []
    for c in found:
        a, b = snapshot.claim(c.a), snapshot.claim(c.b)
        if a is not None and b is not None:
            items.append({"kind": c.kind, "reason": c.reason,
                          "a": claim_json(a, snapshot), "b": claim_json(b, snapshot)})
    return items


def places_json(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every place claims are about, with its coordinates and how many claims name it."""
    found: dict[str, dict[str, Any]] = {}
    for claim in snapshot.claims:
        for place in claim.claim.places:
            if place.place_id and place.place_id not in found:
                found[place.place_id] = {
                    "id": place.place_id,
                    "name": place.name,
                    "kind": place.kind,
                    "lat": place.lat,
                    "lon": place.lon,
                }
    for place_id, entry in found.items():
        entry["claims"] = len(snapshot.by_place.get(place_id, ()))
        timeline = snapshot.assessment.timelines.get(place_id)
        entry["timeline"] = timeline is not None
    return sorted(found.values(), key=lambda entry: (-entry["claims"], entry["name"] or ""))


def sources_json(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every claimant with its side, kind, reliability (after reviews) and track record in the ledger:
    claims by status, how many are contradicted, and the mean information credibility (1 best, 6 unjudged)."""
    found: dict[str, dict[str, Any]] = {}
    credibility: dict[str, list[int]] = {}
    for claim in snapshot.claims:
        claimant = claim.claim.claimant
        key = claimant.canonical or claimant.name
        entry = found.setdefault(
            key,
            {
                "name": key,
                "side": claimant.side,
                "kind": claimant.kind,
                "reliability": claimant.reliability,
                "claims": 0,
                "by_status": {},
                "contradicted": 0,
            },
        )
        entry["claims"] += 1
        entry["by_status"][claim.claim.status] = entry["by_status"].get(claim.claim.status, 0) + 1
        entry["contradicted"] += bool(snapshot.against.get(claim.id))
        grade = snapshot.assessment.grades.get(claim.id)
        if grade is not None:
            credibility.setdefault(key, []).append(grade.credibility)
        review = snapshot.overrides.sources.get(key)
        entry["review"] = review_json(review) if review else None
    for key, values in credibility.items():
        found[key]["mean_credibility"] = round(sum(values) / len(values), 2)
    return sorted(found.values(), key=lambda entry: (-entry["claims"], entry["name"]))
