"""The read model: one indexed row per claim (`claim_index`, `claim_places`, `place_names`) and the query
that reads through it.

A row holds what readers filter and order on, for the claim as the analysts left it (reviews applied:
effective status, verdict, corrected places) with its stored assessment (grade, group). The write paths
keep it current: storing claims, re-extracting a document, saving an assessment and adding a review each
call `refresh` with the claims they touched (`rebuild` does all of them, for migration 0007 and a full
assessment). Reads only read: `select_claims` compiles a `ClaimQuery` to one SQL statement, newest first,
paged by a keyset cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from claimledger.assess import Grade
from claimledger.errors import StoreError
from claimledger.model import LedgerClaim
from claimledger.store._reviews import Overrides, Review, apply_review, claimant_key, place_key
from claimledger.store._rows import Row, ledger_claim_from_row, trusted
from claimledger.store._schema import (
    assessed_claims,
    claim_index,
    claim_places,
    claims,
    documents,
    place_names,
    reviews,
)

CHUNK = 500
_PROVENANCE = ("source", "published_at", "published_utcoffset", "url", "relay", "language")
_GRADE = ("group_id", "origin", "reliability", "credibility", "code", "reasons")


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """Filters of `Ledger.query`; every one given must match. `claimant` is part of the claimant's name
    (any case); `grade` a code (B2), a reliability letter (B) or a credibility digit (2); `bbox` is
    (west, south, east, north) in degrees. Rejected claims are left out unless `include_rejected`."""

    place_ids: frozenset[str] | None = None
    bbox: tuple[float, float, float, float] | None = None
    since: date | None = None
    until: date | None = None
    claimant: str | None = None
    side: str | None = None
    status: str | None = None
    grade: str | None = None
    group: str | None = None
    language: str | None = None
    document_id: str | None = None
    claim_ids: frozenset[str] | None = None
    include_rejected: bool = False


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim as `Ledger.query` yields it: reviews applied, with its assessment and its keyset cursor."""

    claim: LedgerClaim
    day: date | None
    grade: Grade | None
    group: str | None
    origin: str | None
    verdict: str | None
    cursor: str


def claim_day(claim: LedgerClaim) -> date | None:
    """When a claim is about: the start of its time window, else its document's publication day."""
    time = claim.claim.time
    if time is not None and time.start is not None:
        return time.start
    return claim.published_at.date() if claim.published_at is not None else None


# -- writing --------------------------------------------------------------------------------------


def overrides_of(conn: sa.Connection) -> Overrides:
    """The reviews in force (the audit log is written by hand: small next to the claims)."""
    rows = conn.execute(sa.select(reviews).order_by(reviews.c.id)).mappings()
    return Overrides.from_reviews(Review.model_validate(dict(row)) for row in rows)


def refresh(conn: sa.Connection, claim_ids: Iterable[str]) -> None:
    """Write the index rows of these claims again from the claims, reviews and stored assessment (inside
    the caller's transaction); ids of claims no longer stored lose their rows."""
    wanted = sorted(set(claim_ids))
    if not wanted:
        return
    overrides = overrides_of(conn)
    for n in range(0, len(wanted), CHUNK):
        chunk = wanted[n : n + CHUNK]
        conn.execute(sa.delete(claim_places).where(claim_places.c.claim_id.in_(chunk)))
        conn.execute(sa.delete(claim_index).where(claim_index.c.claim_id.in_(chunk)))
        _write(conn, _source().where(claims.c.id.in_(chunk)), overrides)


def rebuild(conn: sa.Connection) -> None:
    """Write every claim's index row again (inside the caller's transaction), a chunk at a time."""
    overrides = overrides_of(conn)
    conn.execute(sa.delete(claim_places))
    conn.execute(sa.delete(claim_index))
    last = ""
    while True:
        ids = list(conn.execute(
            sa.select(claims.c.id).where(claims.c.id > last).order_by(claims.c.id).limit(CHUNK)
        ).scalars())
        if not ids:
            return
        _write(conn, _source().where(claims.c.id.in_(ids)), overrides)
        last = ids[-1]


def regrade(conn: sa.Connection, claim_ids: Iterable[str] | None) -> None:
    """Copy the stored assessment's grade and group of these claims (None: of every claim) into their index
    rows, in SQL (inside the caller's transaction): what saving an assessment changes."""
    stored = {
        name: sa.select(assessed_claims.c[column])
        .where(assessed_claims.c.claim_id == claim_index.c.claim_id)
        .scalar_subquery()
        for name, column in (("grade", "code"), ("group_id", "group_id"))
    }
    if claim_ids is None:
        conn.execute(sa.update(claim_index).values(stored))
        return
    wanted = sorted(set(claim_ids))
    for n in range(0, len(wanted), CHUNK):
        chunk = wanted[n : n + CHUNK]
        conn.execute(sa.update(claim_index).where(claim_index.c.claim_id.in_(chunk)).values(stored))


def refresh_reviewed(conn: sa.Connection, review: Review) -> None:
    """Refresh the claim a claim or place review is about (a source review changes only grades, which
    the next assessment writes)."""
    if review.kind in ("claim", "place"):
        refresh(conn, [review.key.partition("#")[0]])


def _source() -> sa.Select[Any]:
    """Claims with their provenance and stored assessment columns."""
    return (
        sa.select(claims, *(documents.c[name] for name in _PROVENANCE),
                  *(assessed_claims.c[name] for name in _GRADE))
        .join(documents, claims.c.document_id == documents.c.id)
        .outerjoin(assessed_claims, assessed_claims.c.claim_id == claims.c.id)
    )


def _write(conn: sa.Connection, query: sa.Select[Any], overrides: Overrides) -> None:
    rows: list[dict[str, Any]] = []
    places: list[dict[str, str]] = []
    names: set[tuple[str, str]] = set()
    for row in conn.execute(query).mappings():
        stored = ledger_claim_from_row(row)
        claim = apply_review(stored, overrides)
        rows.append(index_row(claim, row, overrides))
        for place in claim.claim.places:
            if place.place_id is None:
                continue
            places.append({"claim_id": claim.id, "place_id": place.place_id})
            for spelling in (place.place_id, place.mention, place.name or ""):
                names.add((spelling.casefold(), place.place_id))
    if rows:
        conn.execute(sa.insert(claim_index), rows)
    unique = list({(p["claim_id"], p["place_id"]): p for p in places}.values())
    if unique:
        conn.execute(sa.insert(claim_places), unique)
    if names:
        known = sa.select(place_names.c.name_key, place_names.c.place_id).where(
            place_names.c.place_id.in_({place_id for _, place_id in names})
        )
        new = names - {tuple(found) for found in conn.execute(known)}
        if new:
            conn.execute(sa.insert(place_names), [{"name_key": k, "place_id": p} for k, p in sorted(new)])


def index_row(claim: LedgerClaim, row: Row, overrides: Overrides) -> dict[str, Any]:
    """The `claim_index` row of a claim with its reviews applied; `row` holds its stored assessment."""
    from claimledger.location import locate  # the most precise place, as every export places it

    inner, day, location = claim.claim, claim_day(claim), locate(claim)
    time = inner.time
    return {
        "claim_id": claim.id,
        "document_id": claim.document_id,
        "day": day,
        "sort_day": day.toordinal() if day else 0,
        "time_start": time.start if time else None,
        "time_end": time.end if time else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "claimant_key": claimant_key(claim).casefold(),
        "claimant_side": str(inner.claimant.side),
        "actor_side": str(inner.actor_side),
        "action": str(inner.action),
        "status": str(inner.status),
        "grade": row["code"],
        "group_id": row["group_id"],
        "language": row["language"],
        "verdict": overrides.verdict(claim.id),
        "place_fixed": any(place_key(claim.id, n) in overrides.places for n in range(len(inner.places))),
    }


# -- reading --------------------------------------------------------------------------------------


def select_claims(
    query: ClaimQuery, *, cursor: str | None, limit: int | None, by_event: bool = False
) -> sa.Select[Any]:
    """The claims `query` matches, newest first (by day, undated last, then by id), after `cursor`; or,
    `by_event`, event by event (by group id, then claim id), a whole read that takes no cursor."""
    order = (
        (claim_index.c.group_id, claim_index.c.claim_id)
        if by_event
        else (claim_index.c.sort_day.desc(), claim_index.c.claim_id.desc())
    )
    statement = (
        _source()
        .add_columns(claim_index.c.day, claim_index.c.sort_day, claim_index.c.verdict)
        .join(claim_index, claim_index.c.claim_id == claims.c.id)
        .where(*conditions(query))
        .order_by(*order)
        .limit(limit)
    )
    if cursor is not None and by_event:
        raise StoreError("claims read event by event come in one read: give no cursor")
    if cursor is not None:
        sort_day, claim_id = parse_cursor(cursor)
        statement = statement.where(
            sa.tuple_(claim_index.c.sort_day, claim_index.c.claim_id) < sa.tuple_(sort_day, claim_id)
        )
    return statement


def count_claims(query: ClaimQuery) -> sa.Select[Any]:
    """How many claims `query` matches."""
    return sa.select(sa.func.count()).select_from(claim_index).where(*conditions(query))


def conditions(query: ClaimQuery) -> list[sa.ColumnElement[bool]]:
    """`query` as SQL conditions on `claim_index`."""
    c = claim_index.c
    found: list[sa.ColumnElement[bool]] = []
    if not query.include_rejected:
        found.append(sa.or_(c.verdict.is_(None), c.verdict != "rejected"))
    if query.place_ids is not None:
        about = sa.select(claim_places.c.claim_id).where(
            claim_places.c.claim_id == c.claim_id, claim_places.c.place_id.in_(sorted(query.place_ids))
        )
        found.append(about.exists())
    if query.claim_ids is not None:
        found.append(c.claim_id.in_(sorted(query.claim_ids)))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        found += [c.lat.between(south, north), c.lon.between(west, east)]
    if query.since is not None:
        found.append(c.sort_day >= query.since.toordinal())
    if query.until is not None:
        found += [c.sort_day > 0, c.sort_day <= query.until.toordinal()]
    if query.claimant is not None:
        found.append(c.claimant_key.contains(query.claimant.casefold(), autoescape=True))
    for column, value in ((c.claimant_side, query.side), (c.status, query.status), (c.group_id, query.group),
                          (c.language, query.language), (c.document_id, query.document_id)):
        if value is not None:
            found.append(column == value)
    if query.grade is not None:
        found.append(_grade_condition(query.grade))
    return found


def _grade_condition(grade: str) -> sa.ColumnElement[bool]:
    column = claim_index.c.grade
    if len(grade) == 1 and grade.isdigit():
        return column.like(f"_{grade}")
    if len(grade) == 1:
        return column.like(f"{grade.upper()}_")
    return column == grade.upper()


def records(rows: Iterator[Row], overrides: Overrides) -> Iterator[ClaimRecord]:
    """Rows of `select_claims` as records, reviews applied."""
    for row in rows:
        grade = None
        if row["code"] is not None:
            grade = trusted(Grade, {"reliability": row["reliability"], "credibility": row["credibility"],
                                    "code": row["code"], "reasons": row["reasons"]})
        yield ClaimRecord(
            claim=apply_review(ledger_claim_from_row(row), overrides),
            day=row["day"],
            grade=grade,
            group=row["group_id"],
            origin=row["origin"],
            verdict=row["verdict"],
            cursor=f"{row['sort_day']}:{row['id']}",
        )


def parse_cursor(cursor: str) -> tuple[int, str]:
    """A cursor from `ClaimRecord.cursor` as (day number, claim id); StoreError when it is not one."""
    day, _, claim_id = cursor.partition(":")
    if not day.isdigit() or not claim_id:
        raise StoreError(f"not a claim cursor: {cursor[:40]!r} (give the cursor of the last claim read)")
    return int(day), claim_id


def place_ids_named(conn: sa.Connection, name: str, known: Sequence[str]) -> set[str]:
    """The ids of places claims give this name, spelling or id (any case), and those of `known` (the
    gazetteer's places of that name) that claims are about."""
    spelled = sa.select(place_names.c.place_id).where(place_names.c.name_key == name.casefold())
    found = set(conn.execute(spelled).scalars())
    for n in range(0, len(known), CHUNK):
        about = sa.select(claim_places.c.place_id).where(claim_places.c.place_id.in_(known[n : n + CHUNK]))
        found.update(conn.execute(about.distinct()).scalars())
    return found
