"""The typed records shared by every stage: documents in, mentions and claims out.

Records are pydantic models so that they serialise the same way to the store, the JSON
exports, the API and worker processes. Extraction fills them; nothing here touches a database.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Side(StrEnum):
    """Which side of the war a party or an actor belongs to."""

    RU = "RU"
    UA = "UA"
    NEUTRAL = "neutral"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """What kind of party makes a claim."""

    OFFICIAL_MILITARY = "official_military"
    GOVERNMENT = "government"
    HEAD_OF_STATE = "head_of_state"
    MEDIA = "media"
    ANALYST = "analyst"
    OSINT = "osint"
    MILBLOGGER = "milblogger"
    LOCAL_OFFICIAL = "local_official"
    AUTHOR = "author"
    UNKNOWN = "unknown"


class Action(StrEnum):
    """The fixed vocabulary of what a claim says happened."""

    ADVANCE = "advance"
    CAPTURE = "capture"
    RECAPTURE = "recapture"
    ATTACK_REPELLED = "attack_repelled"
    ATTACK = "attack"
    FIGHTING = "fighting"
    REINFORCEMENT = "reinforcement"
    WITHDRAWAL = "withdrawal"
    STRIKE = "strike"
    PRESENCE = "presence"
    CONTROL = "control"
    CASUALTIES = "casualties"
    DENIAL = "denial"
    OTHER = "other"


class Status(StrEnum):
    """The epistemic status of a claim as the text presents it."""

    CONFIRMED = "confirmed"
    CLAIMED = "claimed"
    UNVERIFIED = "unverified"
    DENIED = "denied"
    ASSESSED = "assessed"


class PlaceKind(StrEnum):
    """The feature class of a place."""

    SETTLEMENT = "settlement"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    COUNTRY = "country"
    REGION = "region"
    RIVER = "river"
    OTHER = "other"


class Record(BaseModel):
    """Base for all records: strict fields, enum values serialised as plain strings."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)


def document_id(text: str, source: str = "", url: str = "") -> str:
    """The content hash that identifies a document: same text from the same source, same id."""
    digest = hashlib.sha256()
    for part in ("claimledger-document-v1", source, url, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Document(Record):
    """One ingested text, kept verbatim with where it came from."""

    id: str
    source: str
    text: str
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    format: str = "text"
    path: str | None = None
    relay: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def create(cls, *, text: str, source: str, url: str | None = None, **fields: Any) -> Document:
        """Build a document whose id is the content hash of its text, source and url."""
        return cls(id=document_id(text, source, url or ""), text=text, source=source, url=url, **fields)


class Source(Record):
    """A party that makes claims: a ministry, an outlet, a channel, an analyst."""

    name: str
    kind: SourceKind = SourceKind.UNKNOWN
    side: Side = Side.UNKNOWN
    reliability: str = "F"
    aliases: list[str] = Field(default_factory=list)


class Place(Record):
    """A gazetteer entry."""

    id: str
    name: str
    kind: PlaceKind = PlaceKind.SETTLEMENT
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    precision_km: float | None = None
    sources: list[str] = Field(default_factory=list)


class Candidate(Record):
    """A place a mention might refer to, with the resolver's score."""

    place: Place
    score: float


class PlaceMention(Record):
    """A place name found in a document, resolved or not."""

    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int = 0
    place: Place | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    confidence: float = 0.0


class Claimant(Record):
    """Who asserts a claim, as written and as recognised in the source registry."""

    name: str
    canonical: str | None = None
    kind: SourceKind = SourceKind.UNKNOWN
    side: Side = Side.UNKNOWN
    reliability: str | None = None


class Quantity(Record):
    """A number attached to a claim, with its unit and the text it came from."""

    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    text: str


class TimeWindow(Record):
    """When a claim says something happened, resolved against the publication date."""

    start: date | None = None
    end: date | None = None
    text: str | None = None


class ClaimPlace(Record):
    """A place a claim is about: the mention's text and offsets, and the resolved place if any."""

    mention: str
    start: int
    end: int
    place_id: str | None = None
    name: str | None = None
    kind: PlaceKind | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision_km: float | None = None
    """How far the point may be from the place (the gazetteer's; 15 km for a village known only coarsely)."""

    @classmethod
    def of(cls, mention: PlaceMention) -> ClaimPlace:
        """The claim's view of a mention: its text and offsets, the resolved place's id and whereabouts."""
        place = mention.place
        where = {"name", "kind", "country", "admin1", "admin2", "lat", "lon", "precision_km"}
        located = place.model_dump(include=where) if place else {}
        return cls(
            mention=mention.text, start=mention.start, end=mention.end, place_id=place.id if place else None,
            **located,
        )


class Claim(Record):
    """One attributed assertion from one sentence."""

    sentence: str
    start: int
    end: int
    evidence: str
    claimant: Claimant
    via: list[Claimant] = Field(default_factory=list)
    action: Action = Action.OTHER
    actor_side: Side = Side.UNKNOWN
    places: list[ClaimPlace] = Field(default_factory=list)
    quantity: Quantity | None = None
    time: TimeWindow | None = None
    status: Status = Status.CLAIMED
    status_cue: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    """The extractor's confidence that this is a claim read right (None: extracted before it had one)."""
    dispute_cue: str | None = None
    """The word by which the sentence openly disputes what was reported just before it ("however")."""


class Extraction(Record):
    """Everything extraction found in one document."""

    document_id: str
    mentions: list[PlaceMention] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    contradictions: list[tuple[int, int]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    """What extraction could not do for this document (e.g. no claim rules for its language)."""


class LedgerClaim(Record):
    """A claim as the ledger holds it: with its id and the document and source it came from."""

    id: str
    document_id: str
    source: str
    published_at: datetime | None = None
    url: str | None = None
    relay: str | None = None
    claim: Claim
