"""The assessment's records: events (groups), contradictions, disputes, grades, origins and timelines."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from claimledger.model import Record


class Group(Record):
    """An event: claims across documents and languages about one place (or nearby places), overlapping
    days and compatible actions, whichever side they favour; `origins` are its independent origins."""

    id: str
    claim_ids: list[str]
    origins: list[str]
    place_ids: list[str] = Field(default_factory=list)
    start: date | None = None
    end: date | None = None
    frame: str = ""
    """The kinds of claim in the event ("territory fighting")."""
    label: str = ""
    place: str | None = None


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
    sources: list[str] = Field(default_factory=list)
    """Whose word the assessed status rests on (claimants of the claims that still carry weight)."""
    basis: str = ""
    """The sources by side in words ("Russian MoD only; no Ukrainian or independent source")."""
    single_sided: bool = False
    """True when the status rests on one belligerent's sources with no other or independent source."""


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


class Version(Record):
    """One rival version inside a dispute: what it says, who holds it and how they are graded."""

    label: str
    claim_ids: list[str]
    claimants: list[str]
    origins: list[str]
    grades: list[str]
    best: str


class Dispute(Record):
    """The contradictions of one event rolled up: its rival versions (the pairs stay in `contradictions`)."""

    event: str
    label: str
    kinds: list[str]
    pairs: int
    versions: list[Version]
