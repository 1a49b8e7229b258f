"""The ledger store on SQLite and, when CLAIMLEDGER_TEST_POSTGRES is set, on PostgreSQL."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from claimledger.errors import AmbiguousIdError, DocumentNotFoundError, NotALedgerError, StoreError
from claimledger.model import (
    Action,
    Candidate,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    LedgerClaim,
    Place,
    PlaceKind,
    PlaceMention,
    Quantity,
    Side,
    SourceKind,
    Status,
    TimeWindow,
)
from claimledger.store import Ledger, claim_id
from claimledger.store._open import MIGRATIONS, check_and_migrate, create_engine, parse_url
from claimledger.store._schema import VERSION_TABLE, metadata

POSTGRES = os.environ.get("CLAIMLEDGER_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    if not POSTGRES:
        pytest.skip("set CLAIMLEDGER_TEST_POSTGRES to a postgresql+psycopg:// URL to test PostgreSQL")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = sa.make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:
    with Ledger(url=url) as opened:
        yield opened


def make_document(text: str, *, published: datetime | None = None, **fields: Any) -> Document:
    return Document.create(text=text, source="Test Wire", published_at=published, **fields)


def place(place_id: str, name: str) -> Place:
    return Place(
        id=place_id,
        name=name,
        country="UA",
        admin1="Kharkiv Oblast",
        admin2="Kupiansk Raion",
        lat=49.71,
        lon=37.61,
        population=27000,
        precision_km=2.5,
        sources=["test-gazetteer"],
    )


def rich_extraction(document: Document) -> Extraction:
    """Every optional field filled somewhere, and left empty somewhere else."""
    sentence = document.text.split(". ")[0] + "."
    kupiansk = place("gn:1", "Kupiansk")
    mentions = [
        PlaceMention(
            text="Kupiansk",
            start=30,
            end=38,
            sentence=sentence,
            sentence_start=0,
            place=kupiansk,
            candidates=[
                Candidate(place=kupiansk, score=0.9),
                Candidate(place=place("gn:2", "Kupiansk-V"), score=0.1),
            ],
            confidence=0.9,
        ),
        PlaceMention(text="Hill 204", start=60, end=68, sentence="Fighting at Hill 204.", sentence_start=50),
    ]
    claims = [
        Claim(
            sentence=sentence,
            start=0,
            end=len(sentence),
            evidence="repelled an attack",
            claimant=Claimant(
                name="the General Staff",
                canonical="General Staff of Ukraine",
                kind=SourceKind.OFFICIAL_MILITARY,
                side=Side.UA,
                reliability="B",
            ),
            via=[Claimant(name="Test Wire", kind=SourceKind.MEDIA), Claimant(name="a spokesman")],
            action=Action.ATTACK_REPELLED,
            actor_side=Side.RU,
            places=[ClaimPlace(mention="Kupiansk", start=30, end=38, place_id="gn:1", name="Kupiansk",
                               kind=PlaceKind.SETTLEMENT, lat=49.71, lon=37.61)],
            quantity=Quantity(value=12.0, value_max=15.0, unit="attacks", text="12 to 15 attacks"),
            time=TimeWindow(start=date(2024, 3, 1), end=date(2024, 3, 2), text="on Friday"),
            status=Status.CLAIMED,
            status_cue="said",
        ),
        Claim(
            sentence="Fighting at Hill 204.",
            start=50,
            end=71,
            evidence="Fighting",
            claimant=Claimant(name="author"),
            action=Action.FIGHTING,
            time=TimeWindow(),
            status=Status.UNVERIFIED,
        ),
    ]
    return Extraction(document_id=document.id, mentions=mentions, claims=claims, contradictions=[(1, 0)])


def test_round_trip_keeps_every_field(url: str) -> None:
    text = "Officials say they repelled Kupiansk attacks. Fighting at Hill 204; '); DROP TABLE claims; --"
    document = make_document(
        text,
        published=datetime(2024, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        url="https://example.org/a?b=1",
        title="Friday «update»",
        language="en",
        format="html",
        path="/data/a.html",
        relay="@channel",
        meta={"tags": ["front", "kharkiv"], "nested": {"n": 1, "ok": True, "none": None}},
    )
    extraction = rich_extraction(document)
    with Ledger(url=url) as ledger:
        assert ledger.add(document, extraction) is True
    with Ledger(url=url) as ledger:  # reopened: nothing lives only in memory
        stored = ledger.document(document.id)
        for field in Document.model_fields:
            assert getattr(stored, field) == getattr(document, field), field
        assert stored.published_at is not None
        assert stored.published_at.utcoffset() == timedelta(hours=2)
        rebuilt = ledger.extraction(document.id)
        for field in Extraction.model_fields:
            assert getattr(rebuilt, field) == getattr(extraction, field), field
        assert rebuilt.claims[0].time == TimeWindow(
            start=date(2024, 3, 1), end=date(2024, 3, 2), text="on Friday"
        )
        assert rebuilt.claims[1].time == TimeWindow() and rebuilt.claims[1].quantity is None
        assert rebuilt.mentions[1].place is None
        assert ledger.count() == {"documents": 1, "mentions": 2, "claims": 2, "places": 0}
        ledger_claims = ledger.claims()
        assert [c.id for c in ledger_claims] == [claim_id(document.id, 0), claim_id(document.id, 1)]
        assert ledger_claims[0].source == "Test Wire" and ledger_claims[0].relay == "@channel"
        assert ledger_claims[0].url == document.url and ledger_claims[0].published_at == document.published_at
        assert [c.claim for c in ledger_claims] == extraction.claims
        # records the store builds without validation must equal validated ones, nested models included
        validated = [LedgerClaim.model_validate(c.model_dump()) for c in ledger_claims]
        assert ledger_claims == validated
        assert [c.model_dump_json() for c in ledger_claims] == [c.model_dump_json() for c in validated]


def test_document_without_extraction_has_an_empty_one(ledger: Ledger) -> None:
    document = make_document("Nothing happened in the test village.")
    assert ledger.add(document) is True
    assert ledger.extraction(document.id) == Extraction(document_id=document.id)
    with pytest.raises(DocumentNotFoundError, match="no document"):
        ledger.extraction("0" * 64)


def test_add_is_idempotent_by_content_hash(ledger: Ledger) -> None:
    document = make_document("Shelling reported near the test river.")
    assert ledger.add(document, rich_extraction(document)) is True
    assert ledger.add(document, rich_extraction(document)) is False
    assert ledger.add(make_document("Shelling reported near the test river.")) is False
    assert ledger.has(document.id) and not ledger.has("f" * 64)
    assert ledger.count() == {"documents": 1, "mentions": 2, "claims": 2, "places": 0}


def test_extraction_for_another_document_is_refused(ledger: Ledger) -> None:
    first, second = make_document("First test text."), make_document("Second test text.")
    with pytest.raises(StoreError, match=first.id):
        ledger.add(second, Extraction(document_id=first.id))
    assert not ledger.has(second.id)


def test_add_many_reports_new_and_present(ledger: Ledger) -> None:
    documents = [make_document(f"Report number {n} from the test front.") for n in range(7)]
    ledger.add(documents[2])
    items = [(d, rich_extraction(d)) for d in documents] + [(documents[0], None), (documents[6], None)]
    assert ledger.add_many(items, batch_size=3) == [True, True, False, True, True, True, True, False, False]
    assert ledger.count()["claims"] == 2 * 6
    assert ledger.add_many([]) == []


def test_add_many_stops_at_a_failing_document_and_resumes(ledger: Ledger) -> None:
    """Documents before the failing one are committed, it and the later ones are not, none partly."""
    documents = [make_document(f"Batch test report {n}.") for n in range(8)]
    items: list[tuple[Document, Extraction | None]] = [(d, rich_extraction(d)) for d in documents]
    broken = rich_extraction(documents[4])
    # a claim ending before it starts violates the CHECK 0 <= start <= end
    broken.claims.append(broken.claims[0].model_copy(update={"start": 9, "end": 3}))
    items[4] = (documents[4], broken)
    with pytest.raises(StoreError, match=documents[4].id):
        ledger.add_many(items, batch_size=3)
    assert [ledger.has(d.id) for d in documents] == [True] * 4 + [False] * 4
    assert ledger.count() == {"documents": 4, "mentions": 8, "claims": 8, "places": 0}
    items[4] = (documents[4], rich_extraction(documents[4]))
    assert ledger.add_many(items, batch_size=3) == [False] * 4 + [True] * 4
    assert ledger.count()["claims"] == 16


def test_add_many_keeps_what_the_iterable_yielded_before_it_raised(ledger: Ledger) -> None:
    documents = [make_document(f"Generator test report {n}.") for n in range(5)]

    def items() -> Iterator[tuple[Document, Extraction | None]]:
        for document in documents:
            yield document, None
        raise RuntimeError("feed broke")

    with pytest.raises(RuntimeError, match="feed broke"):
        ledger.add_many(items(), batch_size=2)
    assert all(ledger.has(d.id) for d in documents)


def test_a_dangling_contradiction_rolls_back_its_document(ledger: Ledger) -> None:
    document = make_document("Contradiction test text.")
    extraction = rich_extraction(document).model_copy(update={"contradictions": [(0, 7)]})
    with pytest.raises(StoreError, match=document.id):
        ledger.add(document, extraction)
    assert ledger.count() == {"documents": 0, "mentions": 0, "claims": 0, "places": 0}


def test_lookup_by_prefix(ledger: Ledger) -> None:
    first = Document(id="abcd0" + "0" * 59, source="s", text="one")
    second = Document(id="abcd1" + "0" * 59, source="s", text="two")
    ledger.add_many([(first, None), (second, None)])
    assert ledger.document("ABCD0").id == first.id
    assert ledger.document(second.id).id == second.id
    with pytest.raises(AmbiguousIdError, match="abcd"):
        ledger.document("abcd")
    with pytest.raises(DocumentNotFoundError, match="too short"):
        ledger.document("abc")
    for missing in ("abce", "abc%", "abc_0", "ab%d"):
        with pytest.raises(DocumentNotFoundError, match="no document"):
            ledger.document(missing)


def test_documents_newest_published_first(ledger: Ledger) -> None:
    undated = make_document("Undated test text.")
    old = make_document("Old test text.", published=datetime(2023, 1, 1))
    new = make_document("New test text.", published=datetime(2024, 5, 1, 12, tzinfo=UTC))
    ledger.add_many([(undated, None), (old, None), (new, None)])
    assert [d.id for d in ledger.documents()] == [new.id, old.id, undated.id]
    assert [d.id for d in ledger.documents(limit=1, offset=1)] == [old.id]


def test_places_are_added_and_replaced(ledger: Ledger) -> None:
    ledger.add_place(place("analyst:1", "Zeta farm"), note="seen on imagery")
    ledger.add_place(place("analyst:2", "Alpha crossing"))
    moved = place("analyst:1", "Zeta farm").model_copy(update={"lat": 50.0, "kind": "other"})
    ledger.add_place(moved, note="corrected")
    assert ledger.places() == [place("analyst:2", "Alpha crossing"), moved]
    assert ledger.count()["places"] == 2


def test_migrations_build_the_schema_the_code_uses(ledger: Ledger, url: str) -> None:
    engine = create_engine(parse_url(url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_older_ledger_is_upgraded(url: str) -> None:
    engine = create_engine(parse_url(url))
    with engine.connect() as connection:
        check_and_migrate(connection, url, revision="0001")
        with connection.begin():
            assert "ingest_runs" not in sa.inspect(connection).get_table_names()
            connection.execute(
                sa.text(
                    "INSERT INTO documents (id, source, format, meta, text, ingested_at) "
                    "VALUES (:id, 'old', 'text', '{}', 'Old ledger text.', :now)"
                ),
                {"id": "0ld0" * 16, "now": datetime(2024, 1, 1)},
            )
    engine.dispose()
    with Ledger(url=url) as ledger:
        assert ledger.document("0ld0").text == "Old ledger text."
        assert ledger.add_many([(make_document("New text after upgrade."), None)]) == [True]
    engine = create_engine(parse_url(url))
    with engine.connect() as connection:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() == head
        assert connection.execute(sa.text("SELECT documents_added FROM ingest_runs")).scalar() == 1
    engine.dispose()


def test_ledger_from_a_newer_claimledger_is_refused(url: str) -> None:
    Ledger(url=url).close()
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer claimledger"):
        Ledger(url=url)


def test_foreign_database_is_not_a_ledger(url: str) -> None:
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"))
    engine.dispose()
    with pytest.raises(NotALedgerError, match=r"not a claimledger database.*customers"):
        Ledger(url=url)


@pytest.mark.parametrize("content", [os.urandom(8192), b"just some notes, not a database\n" * 50])
def test_corrupt_sqlite_file_is_not_a_ledger(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotALedgerError, match=re.escape(f"{path}: not a claimledger database")):
        Ledger(url=str(path))
    assert path.read_bytes() == content


def test_sqlite_ledger_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    Ledger(url=str(path)).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_unreachable_or_unsupported_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        Ledger(url=str(tmp_path / "missing-dir" / "ledger.db"))
    with pytest.raises(StoreError, match="cannot open"):
        Ledger(url="postgresql://nobody:secret@127.0.0.1:9/none")
    with pytest.raises(StoreError, match="unsupported database"):
        Ledger(url="mysql://localhost/ledger")
