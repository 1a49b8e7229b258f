"""The store under hostile input and a hostile environment: concurrent first opens, values PostgreSQL
refuses, a full disk, a read-only file system, a mistyped --db. SQLite always; PostgreSQL when
CLAIMLEDGER_TEST_POSTGRES is set."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_store import url  # noqa: F401  (the SQLite / PostgreSQL ledger URL fixture)
from typer.testing import CliRunner

from claimledger import jobs
from claimledger.errors import NoLedgerError, StoreError
from claimledger.model import Document
from claimledger.present.cli import app
from claimledger.store import Ledger

MAX = 1_000_000
runner = CliRunner()
OPEN_AT = """
import sys, time
from claimledger.store import Ledger
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
Ledger(url=sys.argv[1]).close()
"""


def test_concurrent_first_opens_migrate_the_new_ledger_once(url: str) -> None:  # noqa: F811
    start = time.time() + 4  # all three have imported claimledger by then, and open together
    runs = [
        subprocess.Popen([sys.executable, "-c", OPEN_AT, url, str(start)], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    with Ledger(url=url) as ledger:
        assert ledger.count()["documents"] == 0


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


def test_nul_bytes_and_a_long_language_are_stored_on_every_database(url: str, tmp_path: Path) -> None:  # noqa: F811
    nul = {"text": "The ministry said its forces\u0000 captured Gogolevka.", "source": "nul\u0000src",
           "title": "\u0000"}
    language = {"text": "The ministry said its forces captured Gogolevka.",
                "language": "english-united-kingdom"}
    files = [
        _jsonl(tmp_path / "in" / "a_nul.jsonl", [nul]),
        _jsonl(tmp_path / "in" / "b_lang.jsonl", [language]),
        _jsonl(tmp_path / "in" / "c_good.jsonl", [{"text": "The staff said its forces held Pokrovsk."}]),
    ]
    with Ledger(url=url) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=None, max_bytes=MAX)
        assert (report.added, report.failures) == (3, [])
        stored = {doc.source: doc for doc in ledger.documents()}
    assert stored["nulsrc"].text == "The ministry said its forces captured Gogolevka."
    assert stored["b_lang.jsonl"].meta["unsafe_language"] == "english-united-kingdom"


def test_a_document_the_database_refuses_fails_its_file_and_the_run_goes_on(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """Defence in depth: a document that reaches the store with a NUL byte (no reader makes one)."""
    hostile = Document.create(text="Forces\u0000 held Pokrovsk.", source="wire")
    good = Document.create(text="Forces held Kupiansk.", source="wire")
    monkeypatch.setattr(jobs, "read_documents", lambda path, **_: [hostile] if path.name == "a" else [good])
    with Ledger(url=url) as ledger:
        report = jobs.ingest([Path("a"), Path("b")], ledger=ledger, pipeline=None, max_bytes=MAX)
        postgres = ledger.name.startswith("postgresql")
        assert ledger.has(good.id)
    if postgres:
        [failure] = report.failures
        assert failure.path == Path("a") and hostile.id in failure.reason and "NUL" in failure.reason
        assert report.added == 1
    else:
        assert (report.failures, report.added) == ([], 2)


# -- a full disk ---------------------------------------------------------------------------------------


def test_a_failed_commit_is_a_store_error(tmp_path: Path) -> None:
    """Every insert works, then COMMIT fails (what a full disk does): a StoreError, nothing stored."""
    documents = [(Document.create(text=f"Report {n}.", source="wire"), None) for n in range(3)]
    with Ledger(url=str(tmp_path / "l.db")) as ledger:

        def full(connection: sa.Connection) -> None:
            connection.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
            raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

        sa.event.listen(ledger._engine, "commit", full)
        with pytest.raises(StoreError, match=r"could not be committed.*disk is full"):
            ledger.add_many(documents)
        sa.event.remove(ledger._engine, "commit", full)
        assert ledger.count()["documents"] == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root and mount rights; skipped otherwise), unmounted afterwards."""
    where = tmp_path / "mnt"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_a_store_error_naming_it(tmpfs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(120):
        line = f"Report {n}: the ministry said its forces held positions near Pokrovsk.\n"
        (folder / f"d{n:03}.txt").write_text(line * 60, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmpfs / "l.db"), "--no-extract"])
    assert result.exit_code == 2, result.output
    assert "disk is full" in result.stderr and "Traceback" not in result.output
    with Ledger(url=str(tmpfs / "l.db")) as ledger:
        assert 0 < ledger.count()["documents"] < 120


# -- a read-only ledger and a mistyped --db ----------------------------------------------------------------


def _read_only(tmpfs: Path | None, folder: Path) -> None:
    """Make the folder holding a ledger read-only: a read-only remount when root, else permissions."""
    if tmpfs is not None:
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    else:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)


def test_a_ledger_on_a_read_only_file_system_can_be_read(tmp_path: Path, examples_dir: Path) -> None:
    root = os.geteuid() == 0
    folder = tmp_path / "ro"
    folder.mkdir()
    if root:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], check=False)
        if mounted.returncode != 0:
            pytest.skip("root without mount rights: permissions do not make a file read-only for root")
    db = str(folder / "l.db")
    try:
        assert runner.invoke(app, ["ingest", str(examples_dir / "notes.jsonl"), "--db", db,
                                   "--no-extract"]).exit_code == 0
        _read_only(folder if root else None, folder)
        listed = runner.invoke(app, ["docs", "--db", db, "--format", "json"])
        assert listed.exit_code == 0, listed.output
        documents = json.loads(listed.stdout)
        assert documents
        shown = runner.invoke(app, ["show", documents[0]["id"], "--db", db])
        assert shown.exit_code == 0, shown.output
        claims = runner.invoke(app, ["claims", "--db", db, "--format", "json"])
        assert claims.exit_code == 0, claims.output
        refused = runner.invoke(app, ["ingest", str(examples_dir / "feed.xml"), "--db", db, "--no-extract"])
        assert refused.exit_code == 2 and "read" in refused.stderr.lower()
    finally:
        if root:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)


@pytest.mark.parametrize("command", [["docs"], ["claims"], ["show", "abcd"], ["contradictions"], ["sources"],
                                     ["timeline", "Kyiv"], ["export"], ["token", "list"]])
def test_reading_a_ledger_that_does_not_exist_is_refused(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "mistyped.db"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"no ledger at {db}; ingest creates one" in result.stderr
    assert not db.exists()


def test_reading_an_empty_database_is_refused(url: str) -> None:  # noqa: F811
    with pytest.raises(NoLedgerError, match="ingest creates one"):
        Ledger(url=url, create=False)
    Ledger(url=url).close()
    Ledger(url=url, create=False).close()
