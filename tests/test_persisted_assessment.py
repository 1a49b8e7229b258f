"""The assessment kept in the ledger: saved whole, kept current on new claims with `Assessor.update`,
re-done after a review, caught up after a crash, and equal to a fresh full assessment throughout."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from test_store import url  # noqa: F401  (the SQLite / PostgreSQL ledger URL fixture)

from claimledger import jobs
from claimledger.assess import Assessment, Assessor
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    LedgerClaim,
    Quantity,
    Side,
    SourceKind,
    Status,
    TimeWindow,
)
from claimledger.present import snapshot
from claimledger.store import Ledger, apply_reviews

PLACES = [(f"test:{n}", f"Testville {n}", 48.0 + n * 0.03, 37.0 + (n % 3) * 0.02) for n in range(6)]
CLAIMANTS = [
    Claimant(name="North Command", canonical="North Command", kind=SourceKind.OFFICIAL_MILITARY,
             side=Side.RU, reliability="C"),
    Claimant(name="South Watch", canonical="South Watch", kind=SourceKind.OSINT, side=Side.UA,
             reliability="B"),
    Claimant(name="East Blogger", canonical="East Blogger", kind=SourceKind.MILBLOGGER, side=Side.RU),
    Claimant(name="author", kind=SourceKind.AUTHOR),
]
ACTIONS = [Action.CAPTURE, Action.CONTROL, Action.ATTACK, Action.STRIKE, Action.CASUALTIES, Action.FIGHTING]


class CountingAssessor(Assessor):
    """The real Assessor, counting whole assessments and incremental updates."""

    def __init__(self) -> None:
        super().__init__()
        self.full = 0
        self.updates = 0

    def __call__(self, claims: Sequence[LedgerClaim], documents: Any = None) -> Assessment:
        self.full += 1
        return super().__call__(claims, documents)

    def update(self, assessment: Assessment, new_claims: Sequence[LedgerClaim], **kwargs: Any) -> Assessment:
        self.updates += 1
        return super().update(assessment, new_claims, **kwargs)


def generate(documents: int, *, seed: int) -> Iterator[tuple[Document, Extraction]]:
    """Documents of three claims each about a few nearby made-up villages over two weeks."""
    rng = random.Random(seed)
    for d in range(documents):
        published = datetime(2025, 5, 1, 9) + timedelta(days=rng.randrange(14), minutes=d)
        claims, offset = [], 0
        for n in range(3):
            place_id, name, lat, lon = rng.choice(PLACES)
            action = rng.choice(ACTIONS)
            text = f"Report {seed}-{d}-{n}: units were active near {name}."
            day = published.date() - timedelta(days=rng.randrange(2))
            count = rng.choice([None, 10.0, 40.0])
            claims.append(
                Claim(
                    sentence=text, start=offset, end=offset + len(text), evidence=text,
                    claimant=rng.choice(CLAIMANTS), action=action, actor_side=rng.choice([Side.RU, Side.UA]),
                    places=[ClaimPlace(mention=name, start=offset, end=offset + len(name), place_id=place_id,
                                       name=name, kind="settlement", lat=lat, lon=lon)],
                    quantity=Quantity(value=count, unit="soldiers", text=str(count)) if count else None,
                    time=TimeWindow(start=day, end=day, text="that day"),
                    status=rng.choice([Status.CLAIMED, Status.DENIED, Status.UNVERIFIED]),
                )
            )
            offset += len(text) + 1
        document = Document.create(
            text=" ".join(c.sentence for c in claims), source=f"wire-{d % 3}", published_at=published
        )
        yield document, Extraction(document_id=document.id, claims=claims)


def canonical(a: Assessment) -> dict[str, Any]:
    """An assessment in a form that does not depend on the order things were found in."""
    return {
        "grades": {k: v.model_dump() for k, v in a.grades.items()},
        "origins": a.origins,
        "groups": sorted((g.model_dump() for g in a.groups), key=lambda g: g["id"]),
        "group_of": a.group_of,
        "contradictions": sorted((c.a, c.b, c.kind, c.reason) for c in a.contradictions),
        "timelines": {k: v.model_dump() for k, v in a.timelines.items()},
    }


def fresh(ledger: Ledger) -> dict[str, Any]:
    """A full assessment of the ledger as it is now, computed from scratch."""
    return canonical(Assessor()(apply_reviews(ledger.claims(), ledger.overrides())))


def stored(ledger: Ledger) -> dict[str, Any]:
    found = ledger.assessment()
    assert found is not None
    return canonical(found.assessment)


def test_incremental_ingests_equal_a_full_assessment_and_survive_reopening(url: str) -> None:  # noqa: F811
    assessor = CountingAssessor()
    with Ledger(url=url) as ledger:
        ledger.add_many(generate(12, seed=1))
        jobs.assessment(ledger, assessor=assessor)
        assert (assessor.full, assessor.updates) == (1, 0)
        for seed in (2, 3, 4):
            ledger.add_many(generate(6, seed=seed))
            assert len(ledger.unassessed_claims()) == 18
            jobs.assessment(ledger, assessor=assessor)
            assert ledger.unassessed_claims() == []
        assert (assessor.full, assessor.updates) == (1, 3)
        expected = fresh(ledger)
        assert expected["contradictions"] and len(expected["groups"]) < 90  # the data has both to compare
        assert stored(ledger) == expected
    with Ledger(url=url) as reopened:
        assert stored(reopened) == expected
        snap = snapshot.load(reopened, assessor=assessor)
        assert (assessor.full, assessor.updates) == (1, 3)  # read, not re-assessed
        assert canonical(snap.assessment) == expected


def test_a_review_reassesses_once_and_stays_correct(url: str) -> None:  # noqa: F811
    assessor = CountingAssessor()
    with Ledger(url=url) as ledger:
        ledger.add_many(generate(15, seed=5))
        before = canonical(jobs.assessment(ledger, assessor=assessor))
        rejected = before["contradictions"][0][0]
        ledger.add_review(kind="claim", key=rejected, value={"verdict": "rejected"}, who="t", why="gone")
        ledger.add_review(kind="source", key="East Blogger", value={"reliability": "A"}, who="t", why="ok")
        snapshot.load(ledger, assessor=assessor)  # a read assesses in memory and writes nothing
        assert ledger.staleness(assessor.settings()) == "analysts' reviews were added since"
        jobs.assessment(ledger, assessor=assessor)  # what the review write path runs
        snap = snapshot.load(ledger, assessor=assessor)
        assert (assessor.full, assessor.updates) == (3, 0)
        assert rejected not in snap.assessment.grades
        assert canonical(snap.assessment) == fresh(ledger) == stored(ledger)
        snapshot.load(ledger, assessor=assessor)
        assert assessor.full == 3


def test_claims_stored_before_a_crash_are_caught_up_by_the_next_assessment(url: str) -> None:  # noqa: F811
    assessor = CountingAssessor()
    with Ledger(url=url) as ledger:
        ledger.add_many(generate(10, seed=6))
        jobs.reassess(ledger, assessor=assessor)
        first = ledger.claims()[0].id
        ledger.add_review(kind="claim", key=first, value={"verdict": "confirmed"}, who="t", why="seen")
        jobs.assessment(ledger, assessor=assessor)
        # An ingest that stored these documents and died before assessing them:
        ledger.add_many(generate(5, seed=7))
    with Ledger(url=url) as ledger:
        assert len(ledger.unassessed_claims()) == 15
        snapshot.load(ledger, assessor=assessor)  # a read leaves the catch-up to ingest or `assess`
        assert len(ledger.unassessed_claims()) == 15
        jobs.assessment(ledger, assessor=assessor)
        snap = snapshot.load(ledger, assessor=assessor)
        assert (assessor.full, assessor.updates) == (3, 1)
        assert ledger.unassessed_claims() == []
        assert canonical(snap.assessment) == fresh(ledger) == stored(ledger)


def test_other_settings_reassess_the_whole_ledger(url: str) -> None:  # noqa: F811
    with Ledger(url=url) as ledger:
        ledger.add_many(generate(8, seed=8))
        jobs.assessment(ledger)
        wide = Assessor(radius_km=50.0)
        found = jobs.assessment(ledger, assessor=wide)
        saved = ledger.assessment()
        assert saved is not None and saved.settings == wide.settings()
        assert canonical(found) == canonical(wide(ledger.claims())) == stored(ledger)



def test_events_and_disputes_commands_read_the_stored_assessment(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from claimledger.present.cli import app

    db = str(tmp_path / "ledger.db")
    with Ledger(url=db) as ledger:
        ledger.add_many(generate(12, seed=1))
        assessment = jobs.assessment(ledger)
    runner = CliRunner()
    listed = runner.invoke(app, ["events", "--db", db, "--format", "json", "--limit", "1000"])
    assert listed.exit_code == 0, listed.output
    events = json.loads(listed.stdout)
    assert {e["id"] for e in events} == {g.id for g in assessment.groups}
    assert all(e["label"] and e["sources"] for e in events)
    found = runner.invoke(app, ["disputes", "--db", db, "--format", "json"])
    assert found.exit_code == 0, found.output
    disputes = json.loads(found.stdout)
    assert disputes and all(len(d["versions"]) >= 2 and d["event"] in assessment.group_of.values()
                            for d in disputes)
    table = runner.invoke(app, ["disputes", "--db", db])
    assert table.exit_code == 0 and "holds" in table.stdout
