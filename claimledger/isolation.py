"""Extraction that no single document can stop: one that raises, is too long, takes too long or needs too
much memory comes out with the reason instead of an extraction, and the documents after it go on.

The length budget (`max_chars`) is checked before extraction. The time and memory budgets (`Limits`) are
enforced where they can be, in worker processes forked from this one: a worker past a document's time is
killed and replaced; a worker's address space is capped (RLIMIT_AS) at its size when it starts plus the
memory budget, so an allocation past it fails in that worker alone. A deadline checked between the steps
of `Pipeline.batch` in this process could not do it: one long sentence spends minutes in a single call to
the claim rules (a 400,000-character sentence, 140 s in one spaCy stream), and no check runs meanwhile.
So with limits, extraction always runs in workers (`processes` of them, at least one), where the platform
forks (Linux, macOS; the memory cap is enforced on Linux); elsewhere, and for a Dask cluster (whose
workers have their own memory limit), only the length budget applies.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from time import monotonic
from typing import TYPE_CHECKING, Any

from claimledger import config
from claimledger.errors import ClaimledgerError
from claimledger.model import Document, Extraction

if TYPE_CHECKING:
    from claimledger.extract import Pipeline
    from claimledger.jobs import Extractor

Extracted = tuple[Document, Extraction | None, str | None]
"""A document with its extraction (None without a pipeline), or with None and why extraction failed."""

_WARM_UP = 32  # documents whose languages are loaded before forking workers


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """A document's extraction budget besides its length: wall-clock `seconds`, and `memory_mb` a worker may
    add to what it holds when it starts (its loaded models). None is no limit."""

    seconds: float | None = None
    memory_mb: int | None = None

    @classmethod
    def configured(cls) -> Limits:
        """The limits set by the environment, else the defaults (see `config.extract_seconds`)."""
        return cls(seconds=config.extract_seconds(), memory_mb=config.extract_memory_mb())

    @property
    def bounded(self) -> bool:
        return self.seconds is not None or self.memory_mb is not None


def isolated(
    pipeline: Extractor,
    documents: Iterator[Document],
    *,
    processes: int = 1,
    max_chars: int | None = None,
    limits: Limits | None = None,
) -> Iterator[Extracted]:
    """The pipeline's extractions of the documents, in order, where one document's failure never stops the
    rest (see the module's docstring). Claimledger's own named errors (a model not installed, a lost Dask
    cluster) are not about one document and propagate. `limits` default to `Limits.configured()`.
    """
    from claimledger.extract import Pipeline

    limits = limits if limits is not None else Limits.configured()
    extract: Callable[[Iterator[Document]], Iterator[Extracted]]
    forks = "fork" in multiprocessing.get_all_start_methods()
    if limits.bounded and forks and isinstance(pipeline, Pipeline):
        extract = _Workers(pipeline=pipeline, processes=processes, limits=limits).extract
    else:
        extract = lambda stream: _retried(pipeline, stream, processes=processes)  # noqa: E731
    return _within_length(documents, max_chars, extract)


def failure(error: BaseException) -> str:
    """The reason a document's extraction failed, from what it raised."""
    return f"{type(error).__name__}: {error}"


def _within_length(
    documents: Iterator[Document],
    max_chars: int | None,
    extract: Callable[[Iterator[Document]], Iterator[Extracted]],
) -> Iterator[Extracted]:
    """`extract` over the documents no longer than `max_chars`; the longer ones come out in their place,
    unextracted, with the reason."""
    taken: deque[tuple[Document, str | None]] = deque()  # given to `extract` (None) or held back (why)

    def feed() -> Iterator[Document]:
        for document in documents:
            over = max_chars is not None and len(document.text) > max_chars
            taken.append((document, f"over the extraction budget of {max_chars:,} characters "
                                    f"({len(document.text):,}); stored unextracted" if over else None))
            if not over:
                yield document

    def held_back() -> Iterator[Extracted]:
        while taken and taken[0][1] is not None:
            document, reason = taken.popleft()
            yield document, None, reason

    for item in extract(feed()):
        yield from held_back()
        taken.popleft()
        yield item
    yield from held_back()


def _retried(pipeline: Extractor, documents: Iterator[Document], *, processes: int) -> Iterator[Extracted]:
    """`pipeline.pipe` over the documents in this process (or the pipeline's own workers). When it raises,
    the documents it had taken without returning their extractions are extracted again one at a time: each
    one that still raises comes out with the reason; then a new `pipe` call goes on with the rest."""
    taken: deque[Document] = deque()

    def feed() -> Iterator[Document]:
        for document in documents:
            taken.append(document)
            yield document

    while True:
        try:
            for extraction in pipeline.pipe(feed(), n_process=processes):
                yield taken.popleft(), extraction, None
        except ClaimledgerError:
            raise
        except Exception:  # one input hit a bug: find it below, one document at a time
            if not taken:
                raise
        else:
            return
        while taken:
            document = taken.popleft()
            try:
                yield document, next(iter(pipeline.pipe([document], n_process=1))), None
            except ClaimledgerError:
                raise
            except Exception as error:
                yield document, None, failure(error)


class _Workers:
    """Forked worker processes, each extracting one document at a time, with the results in input order.
    A worker past the time budget is killed and one that dies is replaced; its document is reported."""

    def __init__(self, *, pipeline: Pipeline, processes: int, limits: Limits) -> None:
        self._pipeline = pipeline
        self._size = max(processes, 1)
        self._limits = limits

    def extract(self, documents: Iterator[Document]) -> Iterator[Extracted]:
        first = list(islice(documents, _WARM_UP))
        if not first:
            return
        try:  # the workers share the loaded models, and so does each replacement
            self._pipeline.warm(first)
        except ClaimledgerError:
            raise
        except Exception:  # only a head start: a document that fails here fails again in a worker
            pass
        waiting = chain(first, documents)
        workers = [_Worker(pipeline=self._pipeline, limits=self._limits) for _ in range(self._size)]
        results: dict[int, Extracted] = {}
        sent = done = 0
        exhausted = False
        try:
            while True:
                for worker in workers:
                    if worker.idle and not exhausted and sent - done < 4 * self._size:
                        document = next(waiting, None)
                        exhausted = document is None
                        if document is not None:
                            worker.send(sent, document)
                            sent += 1
                busy = [worker for worker in workers if not worker.idle]
                if not busy:
                    return
                deadline = min(worker.deadline for worker in busy)
                ready = wait([worker.connection for worker in busy],
                             timeout=None if math.isinf(deadline) else max(deadline - monotonic(), 0))
                for worker in busy:
                    finished = worker.outcome(ready)
                    if finished is not None:
                        results[finished[0]] = finished[1]
                while done in results:
                    yield results.pop(done)
                    done += 1
        finally:
            for worker in workers:
                worker.stop()


class _Worker:
    """One forked process that extracts the documents it is sent, one at a time (see `_serve`)."""

    def __init__(self, *, pipeline: Pipeline, limits: Limits) -> None:
        self._pipeline = pipeline
        self._limits = limits
        self._job: tuple[int, Document] | None = None
        self.deadline = math.inf
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(self._pipeline, child, self._limits.memory_mb), daemon=True,
            name="claimledger-extract",
        )
        self._process.start()
        child.close()

    @property
    def idle(self) -> bool:
        return self._job is None

    def send(self, number: int, document: Document) -> None:
        """Give the worker the `number`th document; its time starts now."""
        self._job = (number, document)
        seconds = self._limits.seconds
        self.deadline = monotonic() + seconds if seconds is not None else math.inf
        self.connection.send(document)

    def outcome(self, ready: list[Any]) -> tuple[int, Extracted] | None:
        """The job's number and result when it is over: returned, failed, out of time, or the worker died;
        None while it runs. A worker that died or ran out of time is replaced."""
        assert self._job is not None, "no document sent"
        number, document = self._job
        if self.connection in ready:
            try:
                kind, value = self.connection.recv()
            except (EOFError, OSError):
                return number, (document, None, self._replaced(self._death()))
            self._job = None
            if kind == "fatal":
                raise value
            return number, ((document, value, None) if kind == "done" else (document, None, value))
        if monotonic() >= self.deadline:
            return number, (document, None, self._replaced(
                f"over the extraction time budget of {self._limits.seconds:g} s; stored unextracted"))
        return None

    def _death(self) -> str:
        self._process.join(timeout=5)
        code = self._process.exitcode
        cause = f"exit code {code}" if code is None or code >= 0 else signal.Signals(-code).name
        return f"the extraction worker died ({cause})"

    def _replaced(self, reason: str) -> str:
        self._kill()
        self._job = None
        self._start()
        return reason

    def _kill(self) -> None:
        self.connection.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()

    def stop(self) -> None:
        """End the worker: an idle one is asked to, a busy one is killed."""
        if self._job is None:
            self.connection.send(None)
            self._process.join(timeout=5)
        self._kill()


def _serve(pipeline: Pipeline, connection: Connection, memory_mb: int | None) -> None:
    """A worker's loop: extract each document received and send back the outcome, until it receives None
    or its parent is gone. Ctrl-C is the parent's to handle: it stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb is not None:
        _cap_memory(memory_mb)
    parent = os.getppid()
    while True:
        while not connection.poll(1.0):
            if os.getppid() != parent:  # killed: nobody will ask for more
                return
        document = connection.recv()
        if document is None:
            return
        connection.send(_extract(pipeline, document, memory_mb))


def _extract(pipeline: Pipeline, document: Document, memory_mb: int | None) -> tuple[str, object]:
    try:
        return "done", pipeline.batch([document])[0]
    except ClaimledgerError as error:
        return "fatal", error
    except MemoryError as error:
        if memory_mb is None:
            return "failed", failure(error)
        return "failed", f"over the extraction memory budget of {memory_mb:,} MB; stored unextracted"
    except Exception as error:
        return "failed", failure(error)


def _cap_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus `memory_mb` (RLIMIT_AS): an allocation
    past it raises MemoryError here. Linux only: elsewhere the size is not read, or the cap not enforced."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
