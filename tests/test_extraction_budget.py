"""The per-document time and memory budget: a document over it is reported and the next one is extracted."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from claimledger import jobs
from claimledger.extract import Pipeline
from claimledger.isolation import Limits
from claimledger.model import Document, Extraction
from claimledger.store import Ledger

MAX = 1_000_000


class TrapPipeline(Pipeline):
    """A real Pipeline (its own `warm` and `batch` calls) without models: a document holding SLOW never
    finishes, one holding HOG asks for 1 GB, one holding CRASH ends its process; the others are extracted,
    with the id of the process that extracted them as a warning."""

    def __init__(self) -> None:
        pass

    def batch(self, documents: list[Document]) -> list[Extraction]:
        for document in documents:
            if "SLOW" in document.text:
                time.sleep(60)
            if "HOG" in document.text:
                bytearray(2**30)
            if "CRASH" in document.text:
                os._exit(3)
        return [Extraction(document_id=doc.id, warnings=[str(os.getpid())]) for doc in documents]


def _jsonl(folder: Path, *texts: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [json.dumps({"text": text, "source": "desk"}) for text in texts]
    (folder / "a.jsonl").write_text("\n".join(rows), encoding="utf-8")
    return jobs.list_inputs([folder])


def _outcomes(files: list[Path], limits: Limits, processes: int = 1) -> list[tuple[str, str | None]]:
    [result] = jobs.extract_files(
        files, read=lambda path: jobs.read_documents(path, max_bytes=MAX), pipeline=TrapPipeline(),
        processes=processes, limits=limits,
    )
    return [(doc.text, result.failed.get(doc.id)) for doc, _ in result.items]


@pytest.mark.parametrize("processes", [1, 2])
def test_a_document_over_the_time_budget_is_reported_and_the_next_extracted(
    tmp_path: Path, processes: int
) -> None:
    texts = ("Shelling near Vovchansk.", "SLOW shelling.", "Pokrovsk held.", "Kupiansk.")
    files = _jsonl(tmp_path / "in", *texts)
    assert _outcomes(files, Limits(seconds=0.5), processes) == [
        ("Shelling near Vovchansk.", None),
        ("SLOW shelling.", "over the extraction time budget of 0.5 s; stored unextracted"),
        ("Pokrovsk held.", None),
        ("Kupiansk.", None),
    ]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory cap is enforced on Linux")
def test_a_document_over_the_memory_budget_is_reported_and_the_next_extracted(tmp_path: Path) -> None:
    files = _jsonl(tmp_path / "in", "HOG near Vovchansk.", "Pokrovsk held.")
    assert _outcomes(files, Limits(memory_mb=64)) == [
        ("HOG near Vovchansk.", "over the extraction memory budget of 64 MB; stored unextracted"),
        ("Pokrovsk held.", None),
    ]


def test_a_worker_that_dies_is_replaced_and_its_document_reported(tmp_path: Path) -> None:
    files = _jsonl(tmp_path / "in", "CRASH near Vovchansk.", "Pokrovsk held.", "CRASH again.", "Kupiansk.")
    assert _outcomes(files, Limits(seconds=30)) == [
        ("CRASH near Vovchansk.", "the extraction worker died (exit code 3)"),
        ("Pokrovsk held.", None),
        ("CRASH again.", "the extraction worker died (exit code 3)"),
        ("Kupiansk.", None),
    ]


def test_limits_run_extraction_in_a_worker_and_none_in_this_process(tmp_path: Path) -> None:
    files = _jsonl(tmp_path / "in", "Shelling near Vovchansk.")

    def extracted_by(limits: Limits) -> str:
        [result] = jobs.extract_files(files, read=lambda path: jobs.read_documents(path, max_bytes=MAX),
                                      pipeline=TrapPipeline(), limits=limits)
        [(_, extraction)] = result.items
        assert extraction is not None
        return extraction.warnings[0]

    assert extracted_by(Limits(seconds=30)) != str(os.getpid())
    assert extracted_by(Limits()) == str(os.getpid())


def test_ingest_stores_the_slow_document_with_the_reason_and_the_next_one(tmp_path: Path) -> None:
    files = _jsonl(tmp_path / "in", "SLOW shelling near Vovchansk.", "Pokrovsk held.")
    with Ledger(url=str(tmp_path / "l.db")) as ledger:
        report = jobs.ingest(files, ledger=ledger, pipeline=TrapPipeline(), max_bytes=MAX,
                             limits=Limits(seconds=0.5))
        assert report.added == 2 and not report.ok
        [(document, reason)] = ledger.failed_documents()
        assert document.text.startswith("SLOW") and reason.startswith("over the extraction time budget")
        assert ledger.count()["documents"] == 2


def test_the_budget_is_configured_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMLEDGER_EXTRACT_SECONDS", raising=False)
    monkeypatch.delenv("CLAIMLEDGER_EXTRACT_MEMORY_MB", raising=False)
    assert Limits.configured() == Limits(seconds=120.0, memory_mb=2048)
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_SECONDS", "0")
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_MEMORY_MB", "512")
    assert Limits.configured() == Limits(seconds=None, memory_mb=512)
