"""One document whose extraction raises never stops a batch: it is stored with the error and listed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import jobs
from claimledger.errors import ClusterError
from claimledger.extract import Pipeline
from claimledger.model import Document, Extraction
from claimledger.present.cli import app
from claimledger.store import Ledger

MAX = 1_000_000
POISON = "POISON"
runner = CliRunner()


class PoisonedPipeline(Pipeline):
    """A real Pipeline (its own `pipe`, batches and worker processes) whose `batch` raises when one of its
    documents holds POISON, like an extraction bug triggered by one hostile text; it finds nothing else."""

    def __init__(self) -> None:  # no models: what is tested is how failures are isolated
        pass

    def batch(self, documents: list[Document]) -> list[Extraction]:
        if any(POISON in document.text for document in documents):
            raise OverflowError("date value out of range")
        return [Extraction(document_id=document.id) for document in documents]


def _folder(folder: Path, poisoned: tuple[int, ...] = (1,)) -> list[Path]:
    folder.mkdir(parents=True)
    for n in range(3):
        lines = [
            {"text": f"File {n} line {i}: shelling near Vovchansk."
             + (f" {POISON}" * (n in poisoned and i == 1)),
             "source": "desk", "url": f"https://example.org/{n}/{i}"}
            for i in range(4)
        ]
        (folder / f"{n}.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    return jobs.list_inputs([folder])


def _read(path: Path) -> list[Document]:
    return jobs.read_documents(path, max_bytes=MAX)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_failing_document_is_reported_and_the_rest_extracted(tmp_path: Path, processes: int) -> None:
    files = _folder(tmp_path / "in")
    results = list(jobs.extract_files(files, read=_read, pipeline=PoisonedPipeline(), processes=processes))
    assert [len(result.items) for result in results] == [4, 4, 4]
    failed = [doc for result in results for doc, extraction in result.items if extraction is None]
    assert [doc.text for doc in failed] == [f"File 1 line 1: shelling near Vovchansk. {POISON}"]
    assert results[1].failed == {failed[0].id: "OverflowError: date value out of range"}
    assert not results[0].failed and not results[2].failed
    extracted = [extraction for result in results for _, extraction in result.items if extraction]
    assert len(extracted) == 11


def test_several_failures_in_one_batch_are_each_found(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in", poisoned=(0, 1, 2))
    results = list(jobs.extract_files(files, read=_read, pipeline=PoisonedPipeline()))
    assert [len(result.failed) for result in results] == [1, 1, 1]
    assert sum(extraction is not None for result in results for _, extraction in result.items) == 9


def test_named_errors_of_the_engine_still_stop_the_run(tmp_path: Path) -> None:
    class LostCluster(PoisonedPipeline):
        def batch(self, documents: list[Document]) -> list[Extraction]:
            raise ClusterError("lost tcp://cluster:8786 during extraction")

    files = _folder(tmp_path / "in")
    with pytest.raises(ClusterError):
        list(jobs.extract_files(files, read=_read, pipeline=LostCluster()))


def test_ingest_stores_the_failed_document_with_its_error_and_retries_it(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in")
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=PoisonedPipeline(), max_bytes=MAX)
        assert (report.files, report.added, len(report.failures)) == (3, 12, 0)
        assert not report.ok
        [failure] = report.extraction_failures
        assert failure.path.name == "1.jsonl" and "OverflowError" in failure.reason
        [(document, reason)] = ledger.failed_documents()
        assert document.id == failure.document_id and POISON in document.text
        assert reason == "OverflowError: date value out of range"

        class Fixed(PoisonedPipeline):
            def batch(self, documents: list[Document]) -> list[Extraction]:
                return [Extraction(document_id=document.id) for document in documents]

        again = jobs.ingest(files, ledger=ledger, pipeline=Fixed(), max_bytes=MAX)
        assert (again.added, again.unchanged, again.ok) == (1, 11, True)
        assert ledger.failed_documents() == []
        assert ledger.count()["documents"] == 12


def test_without_extraction_a_failed_document_stays_listed(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in")
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        jobs.ingest(files, ledger=ledger, pipeline=PoisonedPipeline(), max_bytes=MAX)
        again = jobs.ingest(files, ledger=ledger, pipeline=None, max_bytes=MAX)
        assert (again.added, again.unchanged) == (0, 12)
        assert len(ledger.failed_documents()) == 1


@pytest.fixture
def poisoned_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(jobs, "pipeline", lambda **_: PoisonedPipeline())
    yield


def test_cli_names_the_failed_document_exits_1_and_lists_it(
    tmp_path: Path, poisoned_cli: None
) -> None:
    _folder(tmp_path / "in")
    db = str(tmp_path / "l.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db])
    assert result.exit_code == 1, result.output
    assert "12 documents added" in result.stdout
    assert "1 document could not be extracted" in result.stdout
    assert "extraction failed:" in result.stderr and "1.jsonl" in result.stderr
    assert "OverflowError" in result.stderr

    listed = runner.invoke(app, ["docs", "--failed", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row["extraction_error"] == "OverflowError: date value out of range"
    table = runner.invoke(app, ["docs", "--failed", "--db", db])
    assert "OverflowError" in table.stdout and row["id"][:12] in table.stdout


def test_cli_analyze_reports_the_failed_document_and_prints_the_rest(
    tmp_path: Path, poisoned_cli: None
) -> None:
    files = _folder(tmp_path / "in")
    result = runner.invoke(app, ["analyze", *map(str, files), "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [len(record["documents"]) for record in records] == [4, 3, 4]
    assert records[1]["failed"][0]["error"] == "OverflowError: date value out of range"
    assert "extraction failed:" in result.stderr


HOSTILE = {
    "overflow.txt": "The ministry said its forces captured Gogolevka in Kursk region "
    "over the past 99999999999 days.",
    "tangut.txt": "Обстрел у \U00017075Покровска.",
}


@pytest.mark.slow
def test_the_audit_reproductions_never_stop_a_batch(tmp_path: Path) -> None:
    """The issue's hostile documents between good ones: every document is stored, extracted or listed."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The ministry said its forces captured Gogolevka.", encoding="utf-8")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    telegram = folder / "year1" / "result.json"
    telegram.parent.mkdir()
    telegram.write_text(json.dumps({"name": "c", "messages": [
        {"id": n, "type": "message", "date_unixtime": "-62135596800", "text": text} for n, text in enumerate((
            "The ministry said its forces have advanced near Gogolevka in Kursk region since last December.",
            "The ministry said its forces repelled two attacks near Gogolevka in Kursk region overnight.",
        ))]}), encoding="utf-8")
    (folder / "z.txt").write_text("The staff said its forces held Pokrovsk.", encoding="utf-8")
    files = jobs.list_inputs([folder])
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=jobs.pipeline(), max_bytes=MAX,
                             published=datetime(2025, 3, 18, tzinfo=UTC))
        assert report.failures == []
        assert (report.files, report.added) == (5, 6)
        failed = {doc.id for doc, _ in ledger.failed_documents()}
        assert failed == {failure.document_id for failure in report.extraction_failures}
        good = [doc for doc in ledger.documents() if doc.source in ("a.txt", "z.txt")]
        assert len(good) == 2 and not failed & {doc.id for doc in good}
        assert ledger.count()["claims"] >= 2


def test_documents_over_the_extraction_budget_are_stored_unextracted(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in", poisoned=())
    long_one = tmp_path / "in" / "long.txt"
    long_one.write_text("Shelling near Vovchansk. " * 40, encoding="utf-8")
    files = jobs.list_inputs([tmp_path / "in"])
    results = list(jobs.extract_files(files, read=_read, pipeline=PoisonedPipeline(), max_chars=500))
    assert [len(result.items) for result in results] == [4, 4, 4, 1]
    [reason] = results[3].failed.values()
    assert reason == "over the extraction budget of 500 characters (1,000); stored unextracted"
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=PoisonedPipeline(), max_bytes=MAX, max_chars=500)
        assert report.added == 13 and [f.path.name for f in report.extraction_failures] == ["long.txt"]


def test_held_back_documents_keep_their_place_around_a_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = ["short one", "x" * 600, f"short {POISON}", "y" * 700, "short two"]
    (folder / "a.jsonl").write_text("\n".join(json.dumps({"text": row}) for row in rows), encoding="utf-8")
    [result] = jobs.extract_files(jobs.list_inputs([folder]), read=_read, pipeline=PoisonedPipeline(),
                                  max_chars=500)
    assert [doc.text[:7] for doc, _ in result.items] == ["short o", "x" * 7, "short P", "y" * 7, "short t"]
    assert [extraction is not None for _, extraction in result.items] == [True, False, False, False, True]
    assert len(result.failed) == 3
