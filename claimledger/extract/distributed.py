"""Extraction on a Dask cluster: the same `pipe` as `Pipeline.pipe`, with the batches run by Dask workers.

Each worker process builds one `Pipeline` the first time it gets a batch and keeps it for later batches
and later runs (a long-lived cluster stays warm); a worker runs one batch at a time, whatever its thread
count, since parsing holds the GIL. Workers resolve places against their own machine's gazetteer (the
user gazetteer at `gazetteer`, else the worker's configured one, in front of the embedded one) plus the
analyst's places sent with the run.

Dask is an optional dependency (`pip install 'claimledger[cluster]'`): it is imported only when an
extractor connects, so importing this module needs nothing beyond the base install.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from claimledger.errors import ClusterError
from claimledger.extract import Pipeline, _batches
from claimledger.model import Document, Extraction, Place

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["DaskExtractor"]


@dataclass(frozen=True, slots=True)
class _Spec:
    """What a worker's Pipeline is built from; `token` names it so a worker can tell when it changes."""

    token: str
    places: tuple[Place, ...]
    gazetteer: Path | None


_worker_lock = threading.Lock()  # one batch at a time per worker process; guards _worker_pipeline
_worker_pipeline: tuple[str, Pipeline] | None = None


def _pipeline_for(spec: _Spec) -> Pipeline:
    """The worker process's Pipeline for `spec`, built on first use (call with `_worker_lock` held)."""
    global _worker_pipeline
    if _worker_pipeline is None or _worker_pipeline[0] != spec.token:
        from claimledger.extract.geo import Gazetteer, Geoparser

        _worker_pipeline = None  # free the old models before loading new ones
        gazetteer = Gazetteer.default(spec.gazetteer).with_places(spec.places)
        _worker_pipeline = (spec.token, Pipeline(geoparser=Geoparser(gazetteer=gazetteer)))
    return _worker_pipeline[1]


def _extract_batch(spec: _Spec, documents: list[Document]) -> list[Extraction]:
    """The task a worker runs: extract from one batch of documents."""
    with _worker_lock:
        return _pipeline_for(spec).batch(documents)


def _result(future: Any, where: str) -> list[Extraction]:
    """A batch's extractions; a lost scheduler (closed connection, cancelled task) is a ClusterError."""
    from asyncio import CancelledError

    from distributed.comm.core import CommClosedError

    try:
        result: list[Extraction] = future.result()
    except (CommClosedError, CancelledError) as error:
        raise ClusterError(f"lost {where} during extraction: {error or type(error).__name__}") from error
    return result


class DaskExtractor:
    """Extract from documents on a Dask cluster: `scheduler` is its address (`tcp://host:8786`), or None
    to start a `LocalCluster` of `workers` processes on this machine for the extractor's lifetime.

    `places` (the analyst's own) travel to the workers; `gazetteer` is a user gazetteer path each worker
    opens on its own machine if the file is there. `timeout` bounds connecting and waiting for a worker.

    Use it as a context manager to keep one connection (and a local cluster) across several `pipe` calls;
    otherwise each `pipe` call connects and disconnects by itself.
    """

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        batch_size: int = 32,
        places: Sequence[Place] = (),
        gazetteer: Path | None = None,
        workers: int = 2,
        timeout: float = 10.0,
    ) -> None:
        if batch_size < 1 or workers < 1 or timeout <= 0:
            raise ValueError("batch_size and workers must be at least 1 and timeout positive")
        self.scheduler = scheduler
        self.batch_size = batch_size
        self.workers = workers
        self.timeout = timeout
        dump = "\n".join([str(gazetteer), *(place.model_dump_json() for place in places)]).encode()
        self._spec = _Spec(hashlib.sha256(dump).hexdigest(), tuple(places), gazetteer)
        self._client: Client | None = None
        self._cluster: Any = None

    def __call__(self, document: Document) -> Extraction:
        return next(self.pipe([document]))

    def __enter__(self) -> DaskExtractor:
        self.connect()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def where(self) -> str:
        """The scheduler this extractor uses, for messages."""
        return self.scheduler or "a local Dask cluster"

    def connect(self) -> Client:
        """Connect to the scheduler (or start the local cluster) and wait for a worker; idempotent.

        Raises ClusterError when Dask is not installed, the scheduler does not answer or no worker joins
        within `timeout` seconds.
        """
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ClusterError(
                f"cannot use {self.where}: Dask is not installed (pip install 'claimledger[cluster]')"
            ) from error
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",  # a free loopback port, not the shared 8787
                )
                self._client = Client(self._cluster, timeout=self.timeout)
            else:
                self._client = Client(self.scheduler, timeout=self.timeout)
            self._client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, ValueError) as error:  # TimeoutError is an OSError; ValueError: a bad address
            self.close()
            raise ClusterError(f"cannot use {self.where}: {error or type(error).__name__}") from error
        return self._client

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this extractor started one."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def pipe(
        self, documents: Iterable[Document], *, n_process: int = 1, batch_size: int | None = None
    ) -> Iterator[Extraction]:
        """Extract from many documents, in order, `batch_size` documents (default: the extractor's) per task.

        Documents are read lazily and at most two batches per worker are in flight. `n_process` is
        accepted for compatibility with `Pipeline.pipe` and ignored: the cluster's workers set the
        parallelism. A failing batch re-raises the worker's exception here.
        """
        del n_process
        owned = self._client is None
        client = self.connect()
        try:
            spec = client.scatter(self._spec, hash=False)  # sent once; workers fetch it as they need it
            limit = 2 * max(len(client.scheduler_info(n_workers=-1)["workers"]), 1)
            pending: deque[Any] = deque()
            for batch in _batches(documents, batch_size or self.batch_size):
                pending.append(client.submit(_extract_batch, spec, batch, pure=False))
                if len(pending) >= limit:
                    yield from _result(pending.popleft(), self.where)
            while pending:
                yield from _result(pending.popleft(), self.where)
        finally:
            if owned:
                self.close()
