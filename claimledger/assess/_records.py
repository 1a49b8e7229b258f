"""The assessment's records: groups, contradictions, grades, origins and control timelines."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from claimledger.model import Record


class Group(Record):
    """Claims that tell one story: same place, compatible action, overlapping time, same side."""

    id: str
    claim_ids: list[str]
    origins: list[str]
    place_ids: list[str] = Field(default_factory=list)
    start: date | None = None
    end: date | None = None
    frame: str = ""


class Contradiction(Record):
    """Two claims that cannot both hold, with the reason in words."""

    a: str
    b: str
    kind: str
    reason: str


class Grade(Record):
    """An Admiralty-style grade: source reliability A-F, information credibility 1-6, and why."""

    reliability: str
    credibility: int
    code: str
    reasons: list[str] = Field(default_factory=list)


class TimelineEntry(Record):
    """One dated claim about who holds or took a settlement, with the assessed status after it."""

    day: date
    claim_id: str
    action: str
    actor_side: str
    holder: str
    grade: str
    status: str
    confidence: float


class Timeline(Record):
    """What is claimed about one settlement over time."""

    place_id: str
    name: str
    entries: list[TimelineEntry] = Field(default_factory=list)


class Assessment(Record):
    """Everything assessment found across a ledger; `blocks` indexes claim ids for incremental updates."""

    groups: list[Group] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    grades: dict[str, Grade] = Field(default_factory=dict)
    origins: dict[str, str] = Field(default_factory=dict)
    timelines: dict[str, Timeline] = Field(default_factory=dict)
    group_of: dict[str, str] = Field(default_factory=dict)
    blocks: dict[str, list[str]] = Field(default_factory=dict)
