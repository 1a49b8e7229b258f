"""Pure conversions between the model records and table rows (plain dicts of column values)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from claimledger.model import (
    Candidate,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    LedgerClaim,
    Place,
    PlaceMention,
    Quantity,
    TimeWindow,
)

Row = Mapping[Any, Any]
M = TypeVar("M", bound=BaseModel)

_PLACE_FIELDS = ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "precision_km")
_NO_PLACE = dict.fromkeys(("place_id", *_PLACE_FIELDS, "place_sources"))


def utc_now() -> datetime:
    """The current time as naive UTC, the form every timestamp column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def claim_id(document_id: str, ordinal: int) -> str:
    """A claim's stable id: the first 16 hex digits of its document's id and its position in it."""
    return f"{document_id[:16]}-{ordinal}"


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """A record from values the store wrote itself (already valid), without validating them again.

    Equal to `model.model_validate(values)` for such values, fields in the same order. When `values`
    names every field (the common case) the instance is assembled directly, several times faster than
    `model_construct`, which is used otherwise to fill in defaults (rows written before a field existed).
    """
    fields = _fields(model)
    if len(values) != len(fields) or not fields <= values.keys():
        return model.model_construct(**values)
    record = _new(model)
    _set(record, "__dict__", {name: values[name] for name in model.__pydantic_fields__})
    _set(record, "__pydantic_fields_set__", set(fields))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


@cache
def _fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model.model_fields)


_new = object.__new__
_set = object.__setattr__


def _split_datetime(value: datetime | None) -> tuple[datetime | None, int | None]:
    """A datetime as (naive UTC, offset in seconds); a naive datetime is kept as is with no offset."""
    offset = value.utcoffset() if value is not None else None
    if value is None or offset is None:
        return value, None
    return value.astimezone(UTC).replace(tzinfo=None), int(offset.total_seconds())


def _join_datetime(value: datetime | None, offset: int | None) -> datetime | None:
    if value is None or offset is None:
        return value
    return value.replace(tzinfo=UTC).astimezone(timezone(timedelta(seconds=offset)))


def document_row(
    document: Document, ingested_at: datetime, extraction_error: str | None = None
) -> dict[str, Any]:
    published_at, offset = _split_datetime(document.published_at)
    return {
        **document.model_dump(mode="json", exclude={"published_at"}),
        "published_at": published_at,
        "published_utcoffset": offset,
        "ingested_at": ingested_at,
        "extraction_error": extraction_error,
    }


def document_from_row(row: Row) -> Document:
    return Document(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        url=row["url"],
        title=row["title"],
        published_at=_join_datetime(row["published_at"], row["published_utcoffset"]),
        language=row["language"],
        format=row["format"],
        path=row["path"],
        relay=row["relay"],
        meta=row["meta"],
    )


def _place_columns(place: Place) -> dict[str, Any]:
    """The mentions-table columns of a resolved place."""
    return {
        "place_id": place.id,
        **{field: getattr(place, field) for field in _PLACE_FIELDS},
        "place_sources": place.sources,
    }


def mention_row(document_id: str, ordinal: int, mention: PlaceMention) -> dict[str, Any]:
    place = mention.place
    return {
        "document_id": document_id,
        "ordinal": ordinal,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "sentence": mention.sentence,
        "sentence_start": mention.sentence_start,
        "confidence": mention.confidence,
        **(_place_columns(place) if place is not None else _NO_PLACE),
        "candidates": [candidate.model_dump(mode="json") for candidate in mention.candidates],
    }


def mention_from_row(row: Row) -> PlaceMention:
    place = None
    if row["place_id"] is not None:
        place = Place(
            id=row["place_id"], sources=row["place_sources"], **{field: row[field] for field in _PLACE_FIELDS}
        )
    return PlaceMention(
        text=row["text"],
        start=row["start"],
        end=row["end"],
        sentence=row["sentence"],
        sentence_start=row["sentence_start"],
        place=place,
        candidates=[Candidate.model_validate(candidate) for candidate in row["candidates"]],
        confidence=row["confidence"],
    )


def claim_row(document_id: str, ordinal: int, claim: Claim) -> dict[str, Any]:
    time = claim.time
    return {
        "id": claim_id(document_id, ordinal),
        "document_id": document_id,
        "ordinal": ordinal,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "evidence": claim.evidence,
        "claimant_name": claim.claimant.name,
        "claimant_canonical": claim.claimant.canonical,
        "claimant_kind": claim.claimant.kind,
        "claimant_side": claim.claimant.side,
        "claimant_reliability": claim.claimant.reliability,
        "via": [claimant.model_dump(mode="json") for claimant in claim.via],
        "action": claim.action,
        "actor_side": claim.actor_side,
        "places": [place.model_dump(mode="json") for place in claim.places],
        "quantity": claim.quantity.model_dump(mode="json") if claim.quantity else None,
        "has_time": time is not None,
        "time_start": time.start if time else None,
        "time_end": time.end if time else None,
        "time_text": time.text if time else None,
        "status": claim.status,
        "status_cue": claim.status_cue,
        "confidence": claim.confidence,
        "dispute_cue": claim.dispute_cue,
    }


def claim_from_row(row: Row) -> Claim:
    time = None
    if row["has_time"]:
        window = {"start": row["time_start"], "end": row["time_end"], "text": row["time_text"]}
        time = trusted(TimeWindow, window)
    claimant = {
        "name": row["claimant_name"],
        "canonical": row["claimant_canonical"],
        "kind": row["claimant_kind"],
        "side": row["claimant_side"],
        "reliability": row["claimant_reliability"],
    }
    quantity = row["quantity"]
    return trusted(
        Claim,
        {
            "sentence": row["sentence"],
            "start": row["start"],
            "end": row["end"],
            "evidence": row["evidence"],
            "claimant": trusted(Claimant, claimant),
            "via": [trusted(Claimant, via) for via in row["via"]],
            "action": row["action"],
            "actor_side": row["actor_side"],
            "places": [trusted(ClaimPlace, place) for place in row["places"]],
            "quantity": trusted(Quantity, quantity) if quantity is not None else None,
            "time": time,
            "status": row["status"],
            "status_cue": row["status_cue"],
            "confidence": row["confidence"],
            "dispute_cue": row["dispute_cue"],
        },
    )


def extraction_rows(extraction: Extraction) -> tuple[list[dict[str, Any]], ...]:
    """The rows of the mentions, claims and contradictions tables for one document's extraction."""
    doc_id = extraction.document_id
    return (
        [mention_row(doc_id, n, mention) for n, mention in enumerate(extraction.mentions)],
        [claim_row(doc_id, n, claim) for n, claim in enumerate(extraction.claims)],
        [
            {"claim_a": claim_id(doc_id, a), "claim_b": claim_id(doc_id, b)}
            for a, b in extraction.contradictions
        ],
    )


def ledger_claim_from_row(row: Row) -> LedgerClaim:
    """A claim joined with its document's `source`, `published_at`, `published_utcoffset`, `url`, `relay`."""
    return trusted(
        LedgerClaim,
        {
            "id": row["id"],
            "document_id": row["document_id"],
            "source": row["source"],
            "published_at": _join_datetime(row["published_at"], row["published_utcoffset"]),
            "url": row["url"],
            "relay": row["relay"],
            "claim": claim_from_row(row),
        },
    )


def place_row(place: Place, note: str | None, added_at: datetime) -> dict[str, Any]:
    return {**place.model_dump(mode="json"), "note": note, "added_at": added_at}


def place_from_row(row: Row) -> Place:
    return Place(id=row["id"], sources=row["sources"], **{field: row[field] for field in _PLACE_FIELDS})
