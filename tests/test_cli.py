"""The command line, driven through Typer's CliRunner against real SQLite ledgers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.present.cli import app
from claimledger.store import Ledger

runner = CliRunner()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_examples_then_list_and_show(examples_dir: Path, db_path: str) -> None:
    result = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_path, "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "0 files failed" in result.output

    listed = runner.invoke(app, ["docs", "--db", db_path, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    documents = json.loads(listed.stdout)
    sources = {doc["source"] for doc in documents}
    assert "seed_belgorod.txt" in sources
    assert "Example Frontline Channel" in sources
    assert all("text" not in doc for doc in documents)

    seed = next(doc for doc in documents if doc["source"] == "seed_belgorod.txt")
    shown = runner.invoke(app, ["show", seed["id"][:8], "--db", db_path])
    assert shown.exit_code == 0, shown.output
    assert "Gogolevka" in shown.output


def test_reingest_adds_nothing(examples_dir: Path, db_path: str) -> None:
    first = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_path, "--no-extract"])
    second = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_path, "--no-extract"])
    assert first.exit_code == second.exit_code == 0
    assert " 0 documents added" in second.output
    with Ledger(url=db_path) as ledger:
        assert ledger.count()["documents"] == len(ledger.documents())


def test_bad_file_is_named_and_batch_goes_on(tmp_path: Path, db_path: str) -> None:
    _write(tmp_path / "in" / "good.txt", "Shelling was reported near the village overnight.")
    (tmp_path / "in" / "broken.json").write_text('{"messages": [', encoding="utf-8")
    (tmp_path / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db_path, "--no-extract"])
    assert result.exit_code == 1
    assert "broken.json" in result.output and "image.txt" in result.output
    assert "1 documents added" in result.output
    with Ledger(url=db_path) as ledger:
        assert [doc.source for doc in ledger.documents()] == ["good.txt"]


def test_corrupt_database_is_a_clean_error(tmp_path: Path, examples_dir: Path) -> None:
    bad = tmp_path / "not-a-ledger.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    result = runner.invoke(app, ["docs", "--db", str(bad)])
    assert result.exit_code == 2
    assert "not-a-ledger.db" in result.output
    assert "Traceback" not in result.output


def test_unknown_document_id(db_path: str) -> None:
    Ledger(url=db_path).close()
    result = runner.invoke(app, ["show", "deadbeef", "--db", db_path])
    assert result.exit_code == 2
    assert "deadbeef" in result.output


def test_markup_in_document_text_is_printed_verbatim(tmp_path: Path, db_path: str) -> None:
    text = "A post with [bold]markup[/bold] and a stray [/x] closing tag near Popovka."
    path = _write(tmp_path / "markup.txt", text)
    assert runner.invoke(app, ["ingest", str(path), "--db", db_path, "--no-extract"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["docs", "--db", db_path, "--format", "json"]).stdout)
    shown = runner.invoke(app, ["show", listed[0]["id"], "--db", db_path])
    assert shown.exit_code == 0, shown.output
    assert "[/x]" in shown.output and "[bold]markup[/bold]" in shown.output


@pytest.mark.slow
def test_analyze_json_contract(examples_dir: Path) -> None:
    result = runner.invoke(app, ["analyze", str(examples_dir / "seed_belgorod.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["source"] for r in records] == ["seed_belgorod.txt"]
    record = records[0]
    assert set(record) >= {"source", "mentions", "claims", "contradictions"}
    text = (examples_dir / "seed_belgorod.txt").read_text(encoding="utf-8")
    for mention in record["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["mention"]
        assert mention["mention"] in mention["sentence"]
        assert (mention["precision_km"] is not None) == (mention["place_id"] is not None)
    for claim in record["claims"]:
        assert claim["sentence"] in text
        assert claim["evidence"] in claim["sentence"]
        assert all(place["precision_km"] > 0 for place in claim["places"] if place.get("place_id"))
    for i, j in record["contradictions"]:
        assert 0 <= i < len(record["claims"]) and 0 <= j < len(record["claims"])


def test_killed_ingest_leaves_no_half_document(tmp_path: Path) -> None:
    """Kill an ingest mid-batch: every stored document is whole, and a rerun completes the batch."""
    folder = tmp_path / "batch"
    texts = {}
    for i in range(600):
        body = " ".join(f"Sentence {k} of report {i} about shelling near the river." for k in range(40))
        texts[f"doc{i:04d}.txt"] = body
        _write(folder / f"doc{i:04d}.txt", body)
    db = str(tmp_path / "killed.db")
    command = [sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", db, "--no-extract"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if Path(db).exists():
            try:
                with Ledger(url=db) as ledger:
                    stored = ledger.count()["documents"]
            except Exception:  # the writer may hold the database mid-migration
                continue
            if stored >= 20:
                break
    assert process.poll() is None, "ingest finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Ledger(url=db) as ledger:
        documents = ledger.documents()
        assert 0 < len(documents) < 600
        for doc in documents:
            assert doc.text == texts[doc.source]
    rerun = runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-extract"])
    assert rerun.exit_code == 0, rerun.output
    with Ledger(url=db) as ledger:
        assert sorted(doc.source for doc in ledger.documents()) == sorted(texts)


@pytest.mark.slow
def test_gazetteer_lookup_info_and_analyst_place(tmp_path: Path, db_path: str) -> None:
    found = runner.invoke(app, ["gazetteer", "lookup", "Popovka", "--country", "RU", "--admin1", "Belgorod",
                                "--db", db_path, "--format", "json"])
    assert found.exit_code == 0, found.output
    places = json.loads(found.stdout)
    assert len(places) >= 2
    assert all(p["country"] == "RU" and p["admin1"].startswith("Belgorod") for p in places)

    info = runner.invoke(app, ["gazetteer", "info", "--format", "json"])
    assert info.exit_code == 0, info.output
    assert "GeoNames" in json.loads(info.stdout)["attribution"]

    added = runner.invoke(app, ["gazetteer", "add", "Zavodska Balka", "--lat", "48.2031", "--lon", "37.3345",
                                "--country", "ua", "--note", "named in a brigade video", "--db", db_path])
    assert added.exit_code == 0, added.output
    found = runner.invoke(app, ["gazetteer", "lookup", "Zavodska Balka", "--db", db_path, "--format", "json"])
    assert [p["id"].startswith("user:") for p in json.loads(found.stdout)] == [True]

    text = "Ukrainian forces repelled an assault near Zavodska Balka on Friday."
    post = _write(tmp_path / "post.txt", text)
    assert runner.invoke(app, ["ingest", str(post), "--db", db_path]).exit_code == 0
    with Ledger(url=db_path) as ledger:
        (document,) = ledger.documents()
        mentions = ledger.extraction(document.id).mentions
    resolved = [m.place.id for m in mentions if m.text == "Zavodska Balka" and m.place]
    assert resolved and resolved[0].startswith("user:")


def test_gazetteer_import_of_a_broken_dump_is_a_clean_error(tmp_path: Path) -> None:
    dump = tmp_path / "UA.txt"
    dump.write_text("this is not\ta GeoNames dump\n", encoding="utf-8")
    target = tmp_path / "user-gazetteer.sqlite"
    result = runner.invoke(app, ["gazetteer", "import", str(dump), "--gazetteer", str(target)])
    assert result.exit_code == 2
    assert "UA.txt" in result.output and "Traceback" not in result.output
    assert not target.exists()
