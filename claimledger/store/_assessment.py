"""The persisted cross-source assessment: reading it back and writing it, whole or as a diff.

A full write replaces every stored row; an incremental write compares the new assessment with the one it
was updated from and writes only the grades, groups, contradictions, timelines and blocks that differ.
`covered` names the claims an assessment accounts for (rejected ones included, with no grade): a claim
with no `assessed_claims` row was stored after the assessment and is still to be assessed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from claimledger.assess import Assessment, Contradiction, Grade, Group, Timeline, TimelineEntry
from claimledger.store._rows import trusted, utc_now
from claimledger.store._schema import (
    assessed_blocks,
    assessed_claims,
    assessed_contradictions,
    assessed_groups,
    assessed_timelines,
    assessment_state,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Upsert = Callable[[sa.Table], Any]

#: The ON CONFLICT-capable INSERT of each dialect.
INSERTS: dict[str, Upsert] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
TABLES = (
    assessed_claims,
    assessed_groups,
    assessed_contradictions,
    assessed_timelines,
    assessed_blocks,
    assessment_state,
)
STATE_ID = 1
_CLAIM_COLUMNS = ("claim_id", "group_id", "origin", "reliability", "credibility", "code", "reasons")


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """An assessment as stored, with the assessor settings it was made with and the newest review in it."""

    assessment: Assessment
    settings: dict[str, Any]
    review_id: int


def read(conn: sa.Connection, *, blocks: bool) -> StoredAssessment | None:
    """The stored assessment (without the block index unless `blocks`), or None if none was saved."""
    state = conn.execute(sa.select(assessment_state).where(assessment_state.c.id == STATE_ID)).first()
    if state is None:
        return None
    grades: dict[str, Grade] = {}
    origins: dict[str, str] = {}
    group_of: dict[str, str] = {}
    for claim_id, group_id, origin, reliability, credibility, code, reasons in conn.execute(
        sa.select(*(assessed_claims.c[name] for name in _CLAIM_COLUMNS))
    ):
        if code is not None:
            grade = {"reliability": reliability, "credibility": credibility, "code": code, "reasons": reasons}
            grades[claim_id] = trusted(Grade, grade)
        if origin is not None:
            origins[claim_id] = origin
        if group_id is not None:
            group_of[claim_id] = group_id
    groups = [
        trusted(Group, {"id": row.id, **row.members, "start": row.start, "end": row.end, "frame": row.frame})
        for row in conn.execute(sa.select(assessed_groups).order_by(assessed_groups.c.id))
    ]
    order = [assessed_contradictions.c[name] for name in ("claim_a", "claim_b", "kind")]
    contradictions = [
        trusted(Contradiction, {"a": row.claim_a, "b": row.claim_b, "kind": row.kind, "reason": row.reason})
        for row in conn.execute(sa.select(assessed_contradictions).order_by(*order))
    ]
    timelines = {row.place_id: timeline_from_row(row) for row in conn.execute(sa.select(assessed_timelines))}
    assessment = trusted(
        Assessment,
        {
            "groups": groups,
            "contradictions": contradictions,
            "grades": grades,
            "origins": origins,
            "timelines": timelines,
            "group_of": group_of,
            "blocks": read_blocks(conn) if blocks else {},
        },
    )
    return StoredAssessment(assessment=assessment, settings=state.settings, review_id=state.review_id)


def read_blocks(conn: sa.Connection) -> dict[str, list[str]]:
    return {row.key: row.claim_ids for row in conn.execute(sa.select(assessed_blocks))}


def timeline_from_row(row: sa.Row[Any]) -> Timeline:
    """A stored control timeline."""
    entries = list(map(_entry, row.entries))
    return trusted(Timeline, {"place_id": row.place_id, "name": row.name, "entries": entries})


def _entry(value: dict[str, Any]) -> TimelineEntry:
    value["day"] = date.fromisoformat(value["day"])
    return trusted(TimelineEntry, value)


def write(
    conn: sa.Connection,
    assessment: Assessment,
    *,
    previous: Assessment | None,
    covered: Collection[str],
    settings: Mapping[str, Any],
    review_id: int,
) -> set[str] | None:
    """Store `assessment` inside the caller's transaction; return the ids of the claims whose grade,
    origin or group row was written (None: every claim's, a full write).

    With `previous` (the assessment it was updated from, as stored), write only what changed and mark
    `covered` claims as assessed; without, replace everything and cover exactly `covered`.
    """
    upsert = INSERTS[conn.dialect.name]
    full = previous is None
    if previous is None:
        for table in TABLES:
            conn.execute(sa.delete(table))
        previous = Assessment()
    claim_ids = set(covered)
    for old, new in (
        (previous.grades, assessment.grades),
        (previous.origins, assessment.origins),
        (previous.group_of, assessment.group_of),
    ):
        claim_ids.update(_diff(old, new)[1])
    _upsert(conn, upsert, assessed_claims, [_claim_row(assessment, c) for c in sorted(claim_ids)])
    groups = _diff({g.id: g for g in previous.groups}, {g.id: g for g in assessment.groups})
    _delete(conn, assessed_groups, [{"k_id": key} for key in groups[0]])
    _upsert(conn, upsert, assessed_groups, [_group_row(group) for group in groups[1].values()])
    pairs = _diff(_pairs(previous.contradictions), _pairs(assessment.contradictions))
    _delete(conn, assessed_contradictions, [_pair_keys(key) for key in pairs[0]])
    _upsert(
        conn, upsert, assessed_contradictions,
        [{"claim_a": a, "claim_b": b, "kind": k, "reason": reason} for (a, b, k), reason in pairs[1].items()],
    )
    timelines = _diff(previous.timelines, assessment.timelines)
    _delete(conn, assessed_timelines, [{"k_place_id": key} for key in timelines[0]])
    _upsert(conn, upsert, assessed_timelines, [_timeline_row(t) for t in timelines[1].values()])
    blocks = _diff(previous.blocks, assessment.blocks)
    _delete(conn, assessed_blocks, [{"k_key": key} for key in blocks[0]])
    _upsert(
        conn, upsert, assessed_blocks, [{"key": key, "claim_ids": ids} for key, ids in blocks[1].items()]
    )
    state = {"id": STATE_ID, "settings": dict(settings), "review_id": review_id, "assessed_at": utc_now()}
    _upsert(conn, upsert, assessment_state, [state])
    return None if full else claim_ids


def _diff(old: Mapping[K, V], new: Mapping[K, V]) -> tuple[list[K], dict[K, V]]:
    """(keys gone from `old`, items of `new` that are new or differ); identical objects compare cheaply."""
    removed = [key for key in old if key not in new]
    changed = {k: v for k, v in new.items() if (was := old.get(k)) is not v and was != v}
    return removed, changed


def _pairs(contradictions: Iterable[Contradiction]) -> dict[tuple[str, str, str], str]:
    return {(c.a, c.b, c.kind): c.reason for c in contradictions}


def _pair_keys(key: tuple[str, str, str]) -> dict[str, str]:
    return {"k_claim_a": key[0], "k_claim_b": key[1], "k_kind": key[2]}


def _claim_row(assessment: Assessment, claim_id: str) -> dict[str, Any]:
    grade = assessment.grades.get(claim_id)
    return {
        "claim_id": claim_id,
        "group_id": assessment.group_of.get(claim_id),
        "origin": assessment.origins.get(claim_id),
        "reliability": grade.reliability if grade else None,
        "credibility": grade.credibility if grade else None,
        "code": grade.code if grade else None,
        "reasons": grade.reasons if grade else None,
    }


def _group_row(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "members": {
            "claim_ids": group.claim_ids,
            "origins": group.origins,
            "place_ids": group.place_ids,
            "label": group.label,
            "place": group.place,
        },
        "start": group.start,
        "end": group.end,
        "frame": group.frame,
    }


def _timeline_row(timeline: Timeline) -> dict[str, Any]:
    entries = [entry.model_dump(mode="json") for entry in timeline.entries]
    return {"place_id": timeline.place_id, "name": timeline.name, "entries": entries}


def _upsert(conn: sa.Connection, upsert: Upsert, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT rows, replacing those with the same primary key (one executemany)."""
    if not rows:
        return
    statement = upsert(table)
    keys = [column.name for column in table.primary_key.columns]
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=others), rows)


def _delete(conn: sa.Connection, table: sa.Table, keys: list[dict[str, str]]) -> None:
    """DELETE the rows whose primary key columns equal each dict's `k_<column>` values (one executemany)."""
    if not keys:
        return
    where = [column == sa.bindparam("k_" + column.name) for column in table.primary_key.columns]
    conn.execute(sa.delete(table).where(*where), keys)
