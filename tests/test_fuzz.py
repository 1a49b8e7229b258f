"""Property tests over hostile input, bounded to a few seconds each: the readers raise only named errors
(IngestError naming the file), and a batch ingest never aborts, whatever the files and whichever
documents' extraction raises. scripts/fuzz.py runs the same strategies far longer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hostile import reader_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger import jobs
from claimledger.errors import IngestError
from claimledger.extract import Pipeline
from claimledger.ingest import read_file
from claimledger.ingest._jsonl import parse_published
from claimledger.model import Document, Extraction
from claimledger.store import Ledger

MAX = 200_000
#: A fixed set of examples (the same on every run), and a deadline that catches hangs, not slow machines.
BOUNDED = settings(max_examples=100, deadline=timedelta(seconds=20), derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def warm_dateparser() -> None:
    """dateparser loads its data on first use (seconds): not a reader's time."""
    parse_published("3 April 2025 10:00")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """One ledger for every generated batch (a new one each time would mostly time the migrations)."""
    with Ledger(url=str(tmp_path_factory.mktemp("ledger") / "ledger.db")) as opened:
        yield opened


def check_reader(folder: Path, name: str, data: bytes) -> None:
    """Read one input: documents, or an IngestError whose message starts with the file's path."""
    path = folder / name
    path.write_bytes(data)
    try:
        documents = read_file(path, max_bytes=MAX)
    except IngestError as error:
        assert str(error).startswith(str(path)), error
        return
    assert documents
    for document in documents:
        stored = json.dumps(document.model_dump(mode="json"))  # every value serialises, no NUL survives
        assert "\\u0000" not in stored


@BOUNDED
@given(case=st.randoms(use_true_random=False).map(reader_input))
def test_readers_raise_only_named_errors(tmp_path: Path, case: tuple[str, bytes]) -> None:
    check_reader(tmp_path, *case)


class FlakyPipeline(Pipeline):
    """A real Pipeline subclass whose extraction raises for documents whose id ends in a digit below 4."""

    def __init__(self) -> None:
        pass

    def batch(self, documents: list[Document]) -> list[Extraction]:
        if any(document.id[-1] in "0123" for document in documents):
            raise ValueError("no such name")
        return [Extraction(document_id=document.id) for document in documents]


@settings(BOUNDED, max_examples=20)
@given(batch=st.lists(st.randoms(use_true_random=False).map(reader_input), min_size=1, max_size=6))
def test_a_batch_ingest_never_aborts(
    tmp_path_factory: pytest.TempPathFactory, ledger: Ledger, batch: list[tuple[str, bytes]]
) -> None:
    folder = tmp_path_factory.mktemp("batch")
    files = []
    for n, (name, data) in enumerate(batch):
        files.append(folder / f"{n}_{name}")
        files[-1].write_bytes(data)
    before = ledger.count()["documents"]
    report = jobs.ingest(files, ledger=ledger, pipeline=FlakyPipeline(), max_bytes=MAX)
    assert report.files == len(files)
    assert {failure.path for failure in report.failures} <= set(files)
    assert ledger.count()["documents"] == before + report.added
    failed = {doc.id for doc, _ in ledger.failed_documents()}
    assert {failure.document_id for failure in report.extraction_failures} <= failed
