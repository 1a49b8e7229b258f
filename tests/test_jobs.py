"""The jobs the commands run: reading, extracting and storing files, in order, file by file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import jobs
from claimledger.extract import Pipeline
from claimledger.store import Ledger

MAX = 1_000_000


def _files(folder: Path) -> list[Path]:
    folder.mkdir()
    lines = [
        {"text": f"Report {i}: shelling was reported near Vovchansk in Kharkiv Oblast.", "source": "desk",
         "url": f"https://example.org/{i}", "published": "2025-03-18T10:00:00Z"}
        for i in range(3)
    ]
    (folder / "a_notes.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    (folder / "b_broken.jsonl").write_text('{"text": "cut off', encoding="utf-8")
    (folder / "c_post.txt").write_text("Russian forces attacked near Kupiansk, the General Staff said.",
                                       encoding="utf-8")
    return jobs.list_inputs([folder])


def test_extract_files_keeps_file_order_and_grouping(tmp_path: Path) -> None:
    files = _files(tmp_path / "in")
    read = lambda path: jobs.read_documents(path, max_bytes=MAX)  # noqa: E731
    results = list(jobs.extract_files(files, read=read, pipeline=None))
    assert [r.path.name for r in results] == ["a_notes.jsonl", "b_broken.jsonl", "c_post.txt"]
    assert [len(r.items) for r in results] == [3, 0, 1]
    assert results[1].error is not None and "b_broken.jsonl" in results[1].error
    assert [doc.url for doc, _ in results[0].items] == [f"https://example.org/{i}" for i in range(3)]


@pytest.mark.slow
def test_two_processes_extract_what_one_does(tmp_path: Path) -> None:
    files = _files(tmp_path / "in")
    pipeline = Pipeline()
    read = lambda path: jobs.read_documents(path, max_bytes=MAX)  # noqa: E731
    one = list(jobs.extract_files(files, read=read, pipeline=pipeline, processes=1))
    two = list(jobs.extract_files(files, read=read, pipeline=pipeline, processes=2))
    assert [[e for _, e in r.items] for r in one] == [[e for _, e in r.items] for r in two]
    assert any(extraction and extraction.claims for r in one for _, extraction in r.items)


@pytest.mark.slow
def test_ingest_with_workers_stores_each_file_and_reports_the_bad_one(tmp_path: Path) -> None:
    files = _files(tmp_path / "in")
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=Pipeline(), max_bytes=MAX, processes=2)
        assert (report.files, report.added, report.unchanged, len(report.failures)) == (3, 4, 0, 1)
        again = jobs.ingest(files, ledger=ledger, pipeline=Pipeline(), max_bytes=MAX, processes=2)
        assert (again.added, again.unchanged) == (0, 4)
        assert ledger.count()["claims"] > 0
