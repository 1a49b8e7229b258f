"""Pure functions from the ledger's records (and, for what is not yet queried, its snapshot) to JSON-ready
dicts, for the CLI and the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimledger.location import approximate, locate
from claimledger.model import ClaimPlace, Document, LedgerClaim
from claimledger.present.report import in_focus, safe_url, sentence_span
from claimledger.present.snapshot import Snapshot
from claimledger.store import ClaimRecord, ContradictionRecord, Review

MAP_COLUMNS = ("id", "lat", "lon", "day", "status", "grade", "side", "claimant", "verdict", "focus")


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


def map_json(records: Iterable[ClaimRecord]) -> dict[str, Any]:
    """Located claims in columns (compact enough for 10,000+ markers): what the map draws."""
    columns: dict[str, list[Any]] = {name: [] for name in MAP_COLUMNS}
    for record in records:
        claim = record.claim
        location = locate(claim)
        if location is None:
            continue
        c = claim.claim
        values = (
            claim.id, location.lat, location.lon, record.day.isoformat() if record.day else None,
            str(c.status), record.grade.code if record.grade else "", str(c.claimant.side),
            c.claimant.canonical or c.claimant.name, record.verdict, in_focus(claim, location),
        )
        for name, value in zip(MAP_COLUMNS, values, strict=True):
            columns[name].append(value)
    return columns


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


def contradictions_json(
    found: Sequence[ContradictionRecord], against: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """Contradictions with both claims in full; `against` holds what each claim contradicts."""
    return [
        {"kind": item.contradiction.kind, "reason": item.contradiction.reason,
         "a": record_json(item.a, contradicts=against.get(item.a.claim.id, [])),
         "b": record_json(item.b, contradicts=against.get(item.b.claim.id, []))}
        for item in found
    ]


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
