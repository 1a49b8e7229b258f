"""The read side of `Ledger` over the read model (`_read_model.py`): `query` streams claims as the analysts
left them with their assessment, filtered and ordered in SQL; the lookups beside it read one place's
timeline, a page's contradictions, and whether the stored assessment is behind the claims and reviews.
None of them writes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from claimledger.assess import Contradiction, Timeline
from claimledger.errors import StoreError
from claimledger.store import _read_model
from claimledger.store._assessment import STATE_ID, timeline_from_row
from claimledger.store._read_model import ClaimQuery, ClaimRecord
from claimledger.store._schema import (
    assessed_claims,
    assessed_contradictions,
    assessed_timelines,
    assessment_state,
    claim_index,
    claims,
    reviews,
)


@dataclass(frozen=True, slots=True)
class ContradictionRecord:
    """A stored contradiction with both its claims as `Ledger.query` gives them, and its keyset cursor."""

    contradiction: Contradiction
    a: ClaimRecord
    b: ClaimRecord
    cursor: str


#: Rows fetched from the database at a time while a query streams.
YIELD_PER = 500
_ID_CHUNK = 500


class QueryMethods:
    """The query part of `Ledger` (which provides the connection, the name and the transactions)."""

    name: str
    _conn: sa.Connection

    if TYPE_CHECKING:

        def _transaction(self, what: str, *, write: bool = False) -> AbstractContextManager[None]: ...

    def query(
        self,
        filters: ClaimQuery | None = None,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        by_event: bool = False,
    ) -> Iterator[ClaimRecord]:
        """Claims matching `filters`, reviews applied, with their assessment, newest first (by the day they
        are about, undated last, then by id), streamed `YIELD_PER` rows at a time. Pass the last record's
        `cursor` to read on from it. `by_event` orders them by event instead (group id, then claim id: an
        event's claims come together) in one read without a cursor. Read the iterator to its end (or close
        it) before using the ledger for anything else: it holds the read transaction open."""
        statement = _read_model.select_claims(
            filters or ClaimQuery(), cursor=cursor, limit=limit, by_event=by_event
        )
        with self._transaction("cannot read claims"):
            overrides = _read_model.overrides_of(self._conn)
            rows = self._conn.execute(statement.execution_options(yield_per=YIELD_PER)).mappings()
            yield from _read_model.records(iter(rows), overrides)

    def count_matching(self, filters: ClaimQuery | None = None) -> int:
        """How many claims `filters` match."""
        with self._transaction("cannot count claims"):
            return int(self._conn.execute(_read_model.count_claims(filters or ClaimQuery())).scalar_one())

    def contradictions(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> list[ContradictionRecord]:
        """The stored contradictions between claims no analyst rejected, in the order of their claim ids,
        with both claims; pass the last one's `cursor` to read on from it."""
        statement = _contradictions().order_by(*_PAIR).limit(limit)
        if cursor is not None:
            statement = statement.where(sa.tuple_(*_PAIR) > sa.tuple_(*_parse_pair_cursor(cursor)))
        with self._transaction("cannot read the stored assessment"):
            pairs = [Contradiction(a=row.claim_a, b=row.claim_b, kind=row.kind, reason=row.reason)
                     for row in self._conn.execute(statement)]
            wanted = frozenset(ids for pair in pairs for ids in (pair.a, pair.b))
            found = {r.claim.id: r for r in self.query(ClaimQuery(claim_ids=wanted, include_rejected=True))}
        return [ContradictionRecord(contradiction=pair, a=found[pair.a], b=found[pair.b],
                                    cursor=",".join((pair.a, pair.b, pair.kind))) for pair in pairs]

    def count_contradictions(self) -> int:
        """How many stored contradictions are between claims no analyst rejected."""
        with self._transaction("cannot read the stored assessment"):
            counted = sa.select(sa.func.count()).select_from(_contradictions().subquery())
            return int(self._conn.execute(counted).scalar_one())

    def place_ids_named(self, name: str, *, known: Sequence[str] = ()) -> set[str]:
        """The ids of places claims give this name or spelling (or the id itself), any case, plus those of
        `known` (say, the gazetteer's places of that name) that claims are about."""
        with self._transaction("cannot read places"):
            return _read_model.place_ids_named(self._conn, name, known)

    def timelines(self, place_ids: Collection[str]) -> list[Timeline]:
        """The stored control timelines of these places (those that have one), by place id."""
        query = (
            sa.select(assessed_timelines)
            .where(assessed_timelines.c.place_id.in_(sorted(place_ids)))
            .order_by(assessed_timelines.c.place_id)
        )
        with self._transaction("cannot read the stored assessment"):
            return [timeline_from_row(row) for row in self._conn.execute(query)]

    def contradicting(self, claim_ids: Collection[str]) -> dict[str, list[str]]:
        """For each of these claims that the stored assessment contradicts, the ids it contradicts."""
        wanted, found = sorted(set(claim_ids)), dict[str, list[str]]()
        a, b = assessed_contradictions.c.claim_a, assessed_contradictions.c.claim_b
        with self._transaction("cannot read the stored assessment"):
            for n in range(0, len(wanted), _ID_CHUNK):
                chunk = wanted[n : n + _ID_CHUNK]
                pairs = sa.select(a, b).where(sa.or_(a.in_(chunk), b.in_(chunk))).order_by(a, b)
                for first, second in self._conn.execute(pairs):
                    found.setdefault(first, []).append(second)
                    found.setdefault(second, []).append(first)
        chosen = set(wanted)
        return {key: sorted(set(ids)) for key, ids in found.items() if key in chosen}

    def staleness(self, settings: Mapping[str, Any]) -> str | None:
        """Why the stored assessment is behind the ledger (no assessment, other assessor `settings`,
        reviews or claims stored since), or None when it is current."""
        newest = sa.select(sa.func.coalesce(sa.func.max(reviews.c.id), 0)).scalar_subquery().label("newest")
        covered = sa.select(assessed_claims.c.claim_id).where(assessed_claims.c.claim_id == claims.c.id)
        unassessed = sa.select(claims.c.id).where(~covered.exists()).limit(1)
        with self._transaction("cannot read the stored assessment"):
            state = self._conn.execute(
                sa.select(assessment_state.c.settings, assessment_state.c.review_id, newest)
                .where(assessment_state.c.id == STATE_ID)
            ).first()
            if state is None:
                return "no assessment is stored"
            if state.settings != dict(settings):
                return "it was made with other assessor settings"
            if state.review_id != state.newest:
                return "analysts' reviews were added since"
            if self._conn.execute(unassessed).first() is not None:
                return "claims were stored since"
        return None


_PAIR = (assessed_contradictions.c.claim_a, assessed_contradictions.c.claim_b, assessed_contradictions.c.kind)


def _contradictions() -> sa.Select[Any]:
    """Stored contradictions whose two claims are in the read model and not rejected."""
    a, b = claim_index.alias("a"), claim_index.alias("b")
    kept = [sa.or_(side.c.verdict.is_(None), side.c.verdict != "rejected") for side in (a, b)]
    return (
        sa.select(assessed_contradictions)
        .join(a, a.c.claim_id == assessed_contradictions.c.claim_a)
        .join(b, b.c.claim_id == assessed_contradictions.c.claim_b)
        .where(*kept)
    )


def _parse_pair_cursor(cursor: str) -> tuple[str, str, str]:
    """A cursor from `ContradictionRecord.cursor`; StoreError when it is not one."""
    parts = cursor.split(",")
    if len(parts) != 3 or not all(parts):
        raise StoreError(f"not a contradiction cursor: {cursor[:40]!r} (give the last one's cursor)")
    return parts[0], parts[1], parts[2]
