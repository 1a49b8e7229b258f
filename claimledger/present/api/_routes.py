"""The read-only endpoints: documents, claims, places, groups, contradictions, timelines, sources, exports."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from claimledger.errors import DocumentNotFoundError, StoreError
from claimledger.location import MAX_COARSEN_KM
from claimledger.present.api._state import LedgerState
from claimledger.present.export import export_acled_csv, export_geojson, export_jsonl, stored
from claimledger.present.snapshot import Snapshot
from claimledger.present.views import (
    claim_json,
    contradictions_json,
    document_json,
    document_summary,
    map_json,
    places_json,
    record_json,
    review_json,
    sources_json,
)
from claimledger.store import ClaimQuery, Ledger

router = APIRouter(prefix="/api")
MAX_PAGE = 1000
MAX_OFFSET = 10**9  # far beyond any ledger; larger ones would overflow SQLite's 64-bit OFFSET
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Coarsen = Annotated[
    float | None,
    Query(gt=0, le=MAX_COARSEN_KM, allow_inf_nan=False, description="grid size in km to snap coordinates to"),
]
EXPORTS = {
    "jsonl": (export_jsonl, "application/x-ndjson", "claims.jsonl"),
    "geojson": (export_geojson, "application/geo+json", "claims.geojson"),
    "csv": (export_acled_csv, "text/csv", "claims.csv"),
}


def state_of(request: Request) -> LedgerState:
    state: LedgerState = request.app.state.ledger
    return state


def snapshot_of(request: Request) -> Snapshot:
    return state_of(request).snapshot()


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees, as in GeoJSON."""
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(part) for part in bbox.split(","))
    except ValueError as error:
        raise HTTPException(422, "bbox must be four numbers: west,south,east,north") from error
    return west, south, east, north


@router.get("/meta")
def meta(request: Request) -> dict[str, Any]:
    """The ledger's name and counts, and the settings the web UI needs."""
    snapshot = snapshot_of(request)
    days = [row.day for row in snapshot.rows if row.day is not None]
    return {
        "ledger": state_of(request).ledger.name,
        "tiles": request.app.state.tiles,
        "counts": state_of(request).read(lambda ledger: ledger.count()),
        "first_day": min(days).isoformat() if days else None,
        "last_day": max(days).isoformat() if days else None,
    }


@router.get("/documents")
def documents(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Documents, newest first, without their text."""
    state = state_of(request)
    found = state.read(lambda ledger: ledger.documents(limit=limit, offset=offset))
    total = state.read(lambda ledger: ledger.count()["documents"])
    return page([document_summary(d) for d in found], total, limit, offset)


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str) -> dict[str, Any]:
    """A document's text, with where each of its claims' sentences is."""
    state = state_of(request)
    try:
        found = state.read(lambda ledger: ledger.document(document_id))
    except DocumentNotFoundError as error:
        raise HTTPException(404, str(error)) from error
    snapshot = state.snapshot()
    claims = [c for c in snapshot.claims if c.document_id == found.id]
    return document_json(found, claims)


@router.get("/claims")
def claims(
    request: Request,
    place: Annotated[str | None, Query(description="a place id, or a name claims give the place")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
    since: date | None = None,
    until: date | None = None,
    claimant: str | None = None,
    side: str | None = None,
    status: str | None = None,
    grade: Annotated[str | None, Query(description="a grade code (B2) or a reliability letter (B)")] = None,
    limit: Limit = 100,
    cursor: Annotated[str | None, Query(max_length=200, description="`next` of the previous page")] = None,
) -> dict[str, Any]:
    """Claims, newest first (by the day they are about), filtered in the ledger's read model; every filter
    given must match; rejected claims are left out. Page on with `cursor` set to the answer's `next`."""
    query = ClaimQuery(bbox=parse_bbox(bbox), since=since, until=until, claimant=claimant, side=side,
                       status=status, grade=grade)

    def read(ledger: Ledger) -> dict[str, Any]:
        named = None if place is None else frozenset(ledger.place_ids_named(place))
        chosen = query if named is None else replace(query, place_ids=named)
        found = list(ledger.query(chosen, limit=limit, cursor=cursor))
        against = ledger.contradicting([record.claim.id for record in found])
        items = [record_json(r, contradicts=against.get(r.claim.id, [])) for r in found]
        return {"total": ledger.count_matching(chosen), "limit": limit, "cursor": cursor,
                "next": found[-1].cursor if len(found) == limit else None, "items": items}

    try:
        return state_of(request).read(read)
    except StoreError as error:  # a cursor that is not one
        raise HTTPException(422, str(error)) from error


@router.get("/claims/{claim_id}")
def claim(request: Request, claim_id: str) -> dict[str, Any]:
    """One claim with its grade's reasons, its reviews and the ids of the claims it contradicts."""

    def read(ledger: Ledger) -> dict[str, Any] | None:
        chosen = ClaimQuery(claim_ids=frozenset({claim_id}), include_rejected=True)
        found = next(iter(list(ledger.query(chosen, limit=1))), None)
        if found is None:
            return None
        against = ledger.contradicting([claim_id]).get(claim_id, [])
        return record_json(found, contradicts=against, reviews=ledger.overrides().for_claim(found.claim))

    item = state_of(request).read(read)
    if item is None:
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return item


@router.get("/map")
def claim_map(
    request: Request, bbox: Annotated[str | None, Query(description="west,south,east,north")] = None
) -> dict[str, Any]:
    """The located claims (in `bbox` when given, filtered in SQL), rejected ones marked, in columns: what
    the web map draws."""
    query = ClaimQuery(bbox=parse_bbox(bbox), include_rejected=True)
    return state_of(request).read(lambda ledger: map_json(ledger.query(query)))


@router.get("/places")
def places(request: Request) -> list[dict[str, Any]]:
    """The places claims are about, most claimed first."""
    return places_json(snapshot_of(request))


@router.get("/places/{place_id}")
def place(request: Request, place_id: str, limit: Limit = 200, offset: Offset = 0) -> dict[str, Any]:
    """A place's claims and its control timeline."""
    snapshot = snapshot_of(request)
    indexes = snapshot.by_place.get(place_id)
    if indexes is None:
        raise HTTPException(404, f"no claim is about place {place_id!r}")
    claims = [snapshot.claims[n] for n in indexes]
    name = next(p.name for p in claims[0].claim.places if p.place_id == place_id)
    timeline = snapshot.assessment.timelines.get(place_id)
    items = [claim_json(c, snapshot) for c in claims[offset : offset + limit]]
    return {
        "id": place_id,
        "name": name,
        "claims": page(items, len(claims), limit, offset),
        "timeline": timeline.model_dump(mode="json") if timeline else None,
    }


@router.get("/groups")
def groups(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Groups of claims that tell one story, largest first."""
    found = sorted(snapshot_of(request).assessment.groups, key=lambda g: (-len(g.claim_ids), g.id))
    return page(
        [g.model_dump(mode="json") for g in found[offset : offset + limit]], len(found), limit, offset
    )


@router.get("/contradictions")
def contradictions(
    request: Request,
    limit: Limit = 100,
    cursor: Annotated[str | None, Query(max_length=200, description="`next` of the previous page")] = None,
) -> dict[str, Any]:
    """Pairs of claims that cannot both hold (neither rejected), with both claims in full. Page on with
    `cursor` set to the answer's `next`."""

    def read(ledger: Ledger) -> dict[str, Any]:
        found = ledger.contradictions(limit=limit, cursor=cursor)
        against = ledger.contradicting([r.claim.id for item in found for r in (item.a, item.b)])
        return {"total": ledger.count_contradictions(), "limit": limit, "cursor": cursor,
                "next": found[-1].cursor if len(found) == limit else None,
                "items": contradictions_json(found, against)}

    try:
        return state_of(request).read(read)
    except StoreError as error:  # a cursor that is not one
        raise HTTPException(422, str(error)) from error


@router.get("/timelines")
def timelines(request: Request) -> list[dict[str, Any]]:
    """Settlements with a control timeline, and how many entries each has."""
    found = snapshot_of(request).assessment.timelines.values()
    return [{"place_id": t.place_id, "name": t.name, "entries": len(t.entries)} for t in found]


@router.get("/timelines/{place_id}")
def timeline(request: Request, place_id: str) -> dict[str, Any]:
    found = snapshot_of(request).assessment.timelines.get(place_id)
    if found is None:
        raise HTTPException(404, f"no control timeline for place {place_id!r}")
    return found.model_dump(mode="json")


@router.get("/sources")
def sources(request: Request) -> list[dict[str, Any]]:
    """Claimants with their side, kind, reliability (after reviews) and claim counts."""
    return sources_json(snapshot_of(request))


@router.get("/audit")
def audit(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """The analysts' changes, newest first: who, when, why, what."""
    found = state_of(request).read(lambda ledger: ledger.reviews())[::-1]
    return page([review_json(r) for r in found[offset : offset + limit]], len(found), limit, offset)


@router.get("/export/{fmt}")
def export(
    request: Request, fmt: Literal["jsonl", "geojson", "csv"], coarsen_km: Coarsen = None
) -> Response:
    """The whole assessed ledger (rejected claims left out) as the CLI exports it."""
    write, media_type, filename = EXPORTS[fmt]
    out = io.StringIO()
    by_event = fmt == "csv"  # one ACLED row per event
    state_of(request).read(
        lambda ledger: write(stored(ledger, by_event=by_event), out, coarsen_km=coarsen_km)
    )
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), media_type=media_type, headers=headers)
