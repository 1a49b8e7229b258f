"""An assessed snapshot of the ledger, loaded whole: claims with the analysts' reviews applied, their
assessment, and claims by place. Only the readers not yet switched to `Ledger.query` use it (sources,
events and disputes, the report, and the API's meta, places, groups, timelines and documents); see issue 11.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from claimledger import jobs
from claimledger.assess import Assessment, Assessor
from claimledger.model import LedgerClaim
from claimledger.present.export import contradicting
from claimledger.store import Ledger, Overrides, apply_review, claim_day, paused_gc


@dataclass(frozen=True, slots=True)
class Row:
    """What the snapshot's readers look at, precomputed per claim."""

    index: int
    day: date | None
    verdict: str | None


@dataclass(frozen=True)
class Snapshot:
    """The ledger's claims as the analysts left them, assessed, with lookup indexes."""

    claims: list[LedgerClaim]
    index: dict[str, int]
    rows: list[Row]
    by_place: dict[str, list[int]]
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
            for place_id in {p.place_id for p in claim.claim.places if p.place_id}:
                by_place[place_id].append(n)
            rows.append(Row(index=n, day=claim_day(claim), verdict=overrides.verdict(claim.id)))
        return cls(
            claims=claims,
            index={claim.id: n for n, claim in enumerate(claims)},
            rows=rows,
            by_place=dict(by_place),
            assessment=assessment,
            overrides=overrides,
            against=contradicting(assessment),
        )


def load(ledger: Ledger, *, assessor: Assessor | None = None) -> Snapshot:
    """Read the ledger's claims, reviews and stored assessment. A read never writes: when the stored
    assessment is behind the claims or reviews (or missing), the claims are assessed in memory instead."""
    assessor = assessor or Assessor()
    with paused_gc():
        stored, overrides = ledger.claims(), ledger.overrides()
        saved = ledger.assessment(blocks=False) if ledger.staleness(assessor.settings()) is None else None
        assessment = saved.assessment if saved is not None else jobs.reassess(
            ledger, assessor=assessor, claims=stored, overrides=overrides, save=False)
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
