"""An assessed snapshot of the ledger: claims with the analysts' reviews applied, their assessment, and
compact per-claim indexes for filtering. The CLI and the web API both read the ledger through it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from claimledger import jobs
from claimledger.assess import Assessment, Assessor
from claimledger.model import LedgerClaim
from claimledger.present.export import contradicting, locate
from claimledger.store import Ledger, Overrides, apply_review, claim_day, claimant_key, paused_gc


@dataclass(frozen=True, slots=True)
class Row:
    """What the claim filters look at, precomputed per claim."""

    index: int
    day: date | None
    lat: float | None
    lon: float | None
    place_ids: frozenset[str]
    claimant: str
    side: str
    status: str
    grade: str
    verdict: str | None


@dataclass(frozen=True)
class Snapshot:
    """The ledger's claims as the analysts left them, assessed, with lookup indexes."""

    claims: list[LedgerClaim]
    index: dict[str, int]
    rows: list[Row]
    by_place: dict[str, list[int]]
    by_status: dict[str, list[int]]
    by_side: dict[str, list[int]]
    by_claimant: dict[str, list[int]]
    dated: list[tuple[date, int]]  # (day, row index) of every dated claim, by day
    assessment: Assessment
    overrides: Overrides
    against: dict[str, list[str]]

    def claim(self, claim_id: str) -> LedgerClaim | None:
        n = self.index.get(claim_id)
        return None if n is None else self.claims[n]

    @classmethod
    def build(cls, stored: list[LedgerClaim], overrides: Overrides, assessment: Assessment) -> Snapshot:
        """Index the stored claims with the reviews applied and `assessment` (of those claims)."""
        claims = [apply_review(claim, overrides) for claim in stored]
        rows: list[Row] = []
        by_place: dict[str, list[int]] = defaultdict(list)
        for n, claim in enumerate(claims):
            location = locate(claim)
            place_ids = frozenset(p.place_id for p in claim.claim.places if p.place_id)
            for place_id in place_ids:
                by_place[place_id].append(n)
            grade = assessment.grades.get(claim.id)
            c = claim.claim
            rows.append(
                Row(
                    index=n,
                    day=claim_day(claim),
                    lat=location.lat if location else None,
                    lon=location.lon if location else None,
                    place_ids=place_ids,
                    claimant=claimant_key(claim).casefold(),
                    side=str(c.claimant.side),
                    status=str(c.status),
                    grade=grade.code if grade else "",
                    verdict=overrides.verdict(claim.id),
                )
            )
        return cls(
            claims=claims,
            index={claim.id: n for n, claim in enumerate(claims)},
            rows=rows,
            by_place=dict(by_place),
            by_status=_index_by(rows, "status"),
            by_side=_index_by(rows, "side"),
            by_claimant=_index_by(rows, "claimant"),
            dated=sorted((row.day, row.index) for row in rows if row.day is not None),
            assessment=assessment,
            overrides=overrides,
            against=contradicting(assessment),
        )


def _index_by(rows: list[Row], field: str) -> dict[str, list[int]]:
    """Row indexes by the value of one field, each list in ledger order."""
    found: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        found[getattr(row, field)].append(row.index)
    return dict(found)


def load(ledger: Ledger, *, assessor: Assessor | None = None) -> Snapshot:
    """Read the ledger's claims, reviews and stored assessment (see `jobs.assessment`: brought up to date
    first if claims were stored since, or assessed again after a review)."""
    with paused_gc():
        stored, overrides = ledger.claims(), ledger.overrides()
        assessment = jobs.assessment(ledger, assessor=assessor, claims=stored, overrides=overrides)
        return Snapshot.build(stored, overrides, assessment)


def place_ids_named(snapshot: Snapshot, name: str) -> set[str]:
    """The ids of places claims mention by this name or spelling (or the id itself), case-insensitively,
    and of the places the gazetteer knows by that name in any script ("Гоголевка", "Гоголівка")."""
    wanted = name.casefold()
    known = {place.id for place in jobs.gazetteer().lookup(name, sounds=True)}
    return {
        place.place_id
        for claim in snapshot.claims
        for place in claim.claim.places
        if place.place_id
        and (
            place.place_id in known
            or wanted in (place.place_id.casefold(), place.mention.casefold(), (place.name or "").casefold())
        )
    }
