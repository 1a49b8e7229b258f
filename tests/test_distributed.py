"""Extraction on a real Dask LocalCluster matches the local Pipeline; a dead scheduler is a named error."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

pytest.importorskip("distributed")

from claimledger.errors import ClusterError
from claimledger.extract import Pipeline
from claimledger.extract.distributed import DaskExtractor
from claimledger.model import Document, Place, PlaceKind

TEXTS = [
    "Russian forces shelled Kharkiv overnight, the regional governor said on Telegram.",
    "Ukraine's General Staff said its troops repelled 14 attacks near Pokrovsk on Tuesday.",
    "The Russian Defence Ministry claimed its forces had captured the village of Novomykhailivka.",
    "A drone struck an apartment building in Odesa, killing two people, the city mayor said.",
    "Officials in Belgorod reported that air defences shot down six drones over the region.",
    "Nothing of military interest happened at the cafe; the baker sold bread as usual.",
    "Ukrainian officials said 3 civilians were wounded when a missile hit Zaporizhzhia on Friday.",
    "Кремль заявил, что российские войска заняли Авдеевку.",
    "Генштаб ЗСУ повідомив про 120 боєзіткнень на фронті, зокрема біля Куп'янська.",
    "The governor of Kursk said a power substation was damaged by shelling near Sudzha.",
    "Local residents told reporters that a bridge near Kherson was destroyed on Sunday.",
    "Moscow said it had intercepted 20 drones over the Bryansk and Smolensk regions overnight.",
    "The analysts at the institute wrote that the front line around Huliaipole had not moved.",
]


def documents() -> list[Document]:
    return [
        Document.create(text=text, source=f"test-{i % 3}", published_at=datetime(2024, 6, 10))
        for i, text in enumerate(TEXTS)
    ]


@pytest.fixture(scope="module")
def extractor() -> Iterator[DaskExtractor]:
    """A LocalCluster of two worker processes on loopback, shared by the tests of this module."""
    with DaskExtractor(workers=2, batch_size=3, timeout=60) as running:
        yield running


@pytest.mark.slow
def test_cluster_gives_the_local_pipelines_extractions_in_order(extractor: DaskExtractor) -> None:
    docs = documents()
    local = list(Pipeline().pipe(docs, batch_size=3))
    assert sum(len(e.mentions) for e in local) >= 5 and sum(len(e.claims) for e in local) >= 3
    lazy = (doc for doc in docs)  # a generator, as jobs.extract_files passes
    remote = list(extractor.pipe(lazy, n_process=4))
    assert [e.document_id for e in remote] == [d.id for d in docs]
    assert remote == local


@pytest.mark.slow
def test_cluster_runs_on_two_worker_processes(extractor: DaskExtractor) -> None:
    client = extractor.connect()
    assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2
    pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2


@pytest.mark.slow
def test_batch_size_does_not_change_the_result(extractor: DaskExtractor) -> None:
    docs = documents()
    assert list(extractor.pipe(docs, batch_size=1)) == list(extractor.pipe(docs, batch_size=50))
    assert list(extractor.pipe([])) == []


@pytest.mark.slow
def test_analyst_places_reach_the_workers() -> None:
    place = Place(id="user:test-zorivka", name="Zorivka Hollow", kind=PlaceKind.SETTLEMENT, country="UA",
                  lat=48.1, lon=37.2, sources=["user"])
    doc = Document.create(text="Troops shelled Zorivka Hollow on Monday, the governor said.", source="test")
    with DaskExtractor(workers=1, places=[place], timeout=60) as with_place:
        found = with_place(doc)
    assert place.id in {m.place.id for m in found.mentions if m.place is not None}


def test_unanswered_scheduler_is_a_named_error_not_a_hang() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ClusterError, match=f"tcp://127.0.0.1:{port}"):
        list(DaskExtractor(scheduler=f"tcp://127.0.0.1:{port}", timeout=1).pipe(documents()))
    assert time.monotonic() - started < 15


def test_bad_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        DaskExtractor(batch_size=0)
