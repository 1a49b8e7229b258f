"""The read model: `Ledger.query` filters, order and cursor on SQLite and PostgreSQL, kept current by
writes (claims, reviews, assessment), built by migration 0007, and read-only reads from the CLI."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from test_store import url  # noqa: F401  (the SQLite / PostgreSQL ledger fixture)
from typer.testing import CliRunner

from claimledger import jobs
from claimledger.assess import Assessor
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    PlaceKind,
    Side,
    Status,
    TimeWindow,
)
from claimledger.present.cli import app
from claimledger.store import ClaimQuery, Ledger, claim_id
from claimledger.store._open import _alembic_config, create_engine, parse_url

KUPIANSK = ClaimPlace(mention="Kupiansk", start=0, end=8, place_id="t:1", name="Kupiansk",
                      kind=PlaceKind.SETTLEMENT, country="UA", lat=49.71, lon=37.61, precision_km=1.0)
TESTOVKA = ClaimPlace(mention="Testovki", start=0, end=8, place_id="t:2", name="Testovka",
                      kind=PlaceKind.SETTLEMENT, country="RU", lat=51.2, lon=35.1, precision_km=1.0)
EVERY = ClaimQuery(include_rejected=True)


def claim(text: str, who: str, side: Side, place: ClaimPlace, day: date, status: Status) -> Claim:
    return Claim(
        sentence=text, start=0, end=len(text), evidence=text, claimant=Claimant(name=who, side=side),
        action=Action.CAPTURE, actor_side=Side.RU, places=[place],
        time=TimeWindow(start=day, end=day, text=day.isoformat()), status=status,
    )


def fill(ledger: Ledger) -> dict[str, str]:
    """Two documents, four claims over two places and three days; returns claim ids by short name."""
    first = Document.create(text="Kupiansk report one.", source="Wire A", language="en",
                            published_at=datetime(2025, 3, 20, tzinfo=UTC))
    second = Document.create(text="Testovka report two.", source="Wire B", language="uk",
                             published_at=datetime(2025, 3, 21, tzinfo=UTC))
    ledger.add(first, Extraction(document_id=first.id, claims=[
        claim("Kupiansk was taken.", "Test Ministry", Side.RU, KUPIANSK, date(2025, 3, 1), Status.CLAIMED),
        claim("Kupiansk holds.", "Test Staff", Side.UA, KUPIANSK, date(2025, 3, 2), Status.DENIED),
    ]))
    ledger.add(second, Extraction(document_id=second.id, claims=[
        claim("Testovka fell.", "Test Ministry", Side.RU, TESTOVKA, date(2025, 3, 3), Status.CLAIMED),
        claim("Testovka is contested.", "Open Watch", Side.NEUTRAL, TESTOVKA, date(2025, 3, 2),
              Status.UNVERIFIED),
    ]))
    return {"taken": claim_id(first.id, 0), "holds": claim_id(first.id, 1),
            "fell": claim_id(second.id, 0), "contested": claim_id(second.id, 1), "doc": first.id}


@pytest.fixture
def filled(url: str) -> Iterator[tuple[Ledger, dict[str, str]]]:  # noqa: F811
    with Ledger(url=url) as ledger:
        ids = fill(ledger)
        jobs.reassess(ledger)
        yield ledger, ids


def ids_of(ledger: Ledger, query: ClaimQuery | None = None, **options: object) -> list[str]:
    return [record.claim.id for record in ledger.query(query, **options)]  # type: ignore[arg-type]


def test_query_filters_in_sql(filled: tuple[Ledger, dict[str, str]]) -> None:
    ledger, ids = filled
    same_day = sorted([ids["holds"], ids["contested"]], reverse=True)  # the day, then the id, newest first
    assert ids_of(ledger) == [ids["fell"], *same_day, ids["taken"]]
    assert ids_of(ledger, ClaimQuery(place_ids=frozenset({"t:1"}))) == [ids["holds"], ids["taken"]]
    assert ids_of(ledger, ClaimQuery(bbox=(35.0, 51.0, 36.0, 52.0))) == [ids["fell"], ids["contested"]]
    assert set(ids_of(ledger, ClaimQuery(since=date(2025, 3, 2), until=date(2025, 3, 2)))) == {
        ids["holds"], ids["contested"]}
    assert ids_of(ledger, ClaimQuery(claimant="MINISTRY")) == [ids["fell"], ids["taken"]]
    assert ids_of(ledger, ClaimQuery(side="UA")) == [ids["holds"]]
    assert ids_of(ledger, ClaimQuery(status="unverified")) == [ids["contested"]]
    assert ids_of(ledger, ClaimQuery(language="en")) == [ids["holds"], ids["taken"]]
    assert ids_of(ledger, ClaimQuery(document_id=ids["doc"])) == [ids["holds"], ids["taken"]]
    record = next(ledger.query(ClaimQuery(place_ids=frozenset({"t:2"})), limit=1))
    assert record.grade is not None and record.grade.reasons and record.day == date(2025, 3, 3)
    assert ids_of(ledger, ClaimQuery(grade=record.grade.code))[0] == ids["fell"]
    assert ids["fell"] in ids_of(ledger, ClaimQuery(grade=record.grade.code[0]))
    assert ledger.count_matching(ClaimQuery(claimant="test")) == 3
    assert ledger.place_ids_named("KUPIANSK") == {"t:1"}
    assert ledger.place_ids_named("testovki") == {"t:2"}


def test_keyset_pages_cover_the_order_once(filled: tuple[Ledger, dict[str, str]]) -> None:
    ledger, _ = filled
    whole, paged, cursor = ids_of(ledger), [], None
    while True:
        page = list(ledger.query(limit=3, cursor=cursor))
        if not page:
            break
        paged += [record.claim.id for record in page]
        cursor = page[-1].cursor
    assert paged == whole and len(whole) == 4


def test_contradictions_are_paged_from_sql(filled: tuple[Ledger, dict[str, str]]) -> None:
    ledger, ids = filled
    stored = ledger.assessment()
    assert stored is not None and stored.assessment.contradictions
    expected = sorted((c.a, c.b, c.kind) for c in stored.assessment.contradictions)
    paged, cursor = [], None
    while page := ledger.contradictions(limit=1, cursor=cursor):
        paged += [(p.a.claim.id, p.b.claim.id, p.contradiction.kind) for p in page]
        assert page[0].a.grade is not None
        cursor = page[-1].cursor
    assert paged == expected and ledger.count_contradictions() == len(expected)
    ledger.add_review(kind="claim", key=ids["taken"], value={"verdict": "rejected"}, who="t", why="t")
    left = [(p.a.claim.id, p.b.claim.id) for p in ledger.contradictions()]
    assert all(ids["taken"] not in pair for pair in left) and ledger.count_contradictions() == len(left)


def test_reviews_update_the_index(filled: tuple[Ledger, dict[str, str]]) -> None:
    ledger, ids = filled
    ledger.add_review(kind="claim", key=ids["taken"], value={"verdict": "rejected"}, who="t", why="t")
    ledger.add_review(kind="claim", key=ids["contested"], value={"verdict": "confirmed"}, who="t", why="t")
    ledger.add_review(kind="place", key=f"{ids['holds']}#0", who="t", why="moved",
                      value={"place_id": "t:2", "name": "Testovka", "kind": "settlement",
                             "lat": 51.2, "lon": 35.1})
    assert ids["taken"] not in ids_of(ledger)
    assert ids["taken"] in ids_of(ledger, ClaimQuery(include_rejected=True))
    assert ids_of(ledger, ClaimQuery(status="confirmed")) == [ids["contested"]]
    assert ids_of(ledger, ClaimQuery(place_ids=frozenset({"t:1"}))) == []
    moved = next(ledger.query(ClaimQuery(place_ids=frozenset({"t:2"}), side="UA")))
    assert moved.claim.claim.places[0].name == "Testovka"
    assert ledger.staleness(Assessor().settings()) == "analysts' reviews were added since"
    jobs.reassess(ledger)
    assert ledger.staleness(Assessor().settings()) is None
    assert all(r.grade is not None for r in ledger.query())


def test_migration_0007_builds_the_index_of_an_existing_ledger(url: str) -> None:  # noqa: F811
    with Ledger(url=url) as ledger:
        ids = fill(ledger)
        jobs.reassess(ledger)
        ledger.add_review(kind="claim", key=ids["taken"], value={"verdict": "rejected"}, who="t", why="t")
        before = [(r.claim.id, r.grade, r.verdict, r.day) for r in ledger.query(EVERY)]
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0006")
        assert "claim_index" not in sa.inspect(connection).get_table_names()
    engine.dispose()
    with Ledger(url=url) as ledger:
        after = [(r.claim.id, r.grade, r.verdict, r.day) for r in ledger.query(EVERY)]
    assert after == before and len(after) == 4


def test_cli_reads_a_read_only_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = (tmp_path / "ledger.db").resolve()
    with Ledger(url=str(path)) as ledger:
        ids = fill(ledger)
        jobs.reassess(ledger)
        ledger.add_review(kind="claim", key=ids["taken"], value={"verdict": "rejected"}, who="t", why="t")
    for extra in tmp_path.glob("ledger.db-*"):
        extra.unlink()
    content = path.read_bytes()
    path.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(path, os.W_OK):  # root writes read-only files: make the ledger see them as read-only
        access = os.access
        unwritable = {path, tmp_path.resolve()}
        monkeypatch.setattr(os, "access", lambda where, mode, **options: (
            mode != os.W_OK or Path(where).resolve() not in unwritable) and access(where, mode, **options))
    runner = CliRunner()
    try:
        with Ledger(url=str(path), create=False) as opened:
            assert opened.read_only
        listed = runner.invoke(app, ["claims", "--db", str(path), "--format", "json"])
        assert listed.exit_code == 0, listed.output
        claims = json.loads(listed.stdout)
        assert ids["taken"] not in {c["id"] for c in claims} and len(claims) == 3
        assert "out of date" in listed.stderr and "claimledger assess" in listed.stderr
        timeline = runner.invoke(app, ["timeline", "kupiansk", "--db", str(path), "--format", "json"])
        assert timeline.exit_code == 0, timeline.output
        shown = runner.invoke(app, ["show", ids["doc"][:8], "--db", str(path), "--format", "json"])
        assert shown.exit_code == 0, shown.output
        verdicts = {c["id"]: c["verdict"] for c in json.loads(shown.stdout)["claims"]}
        assert verdicts == {ids["taken"]: "rejected", ids["holds"]: None}
    finally:
        tmp_path.chmod(stat.S_IRWXU)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert path.read_bytes() == content
