"""Extraction: a document in, its place mentions and claims out. Pure: no database, no network.

Contradictions are the assess stage's business: `Extraction.contradictions` stays empty here.

`Pipeline` segments each document into sentences once and hands them to the geoparser and the claim
extractor, so every mention and claim points at the same sentence. Build one Pipeline per process and
reuse it: models and the gazetteer load once. `Pipeline.pipe` batches: the sentences of a batch of
documents are parsed in one spaCy stream, and with `n_process > 1` batches go to worker processes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from claimledger.extract.claims import LANGUAGES, ClaimExtractor, ClaimJob, supported
from claimledger.extract.geo import Geoparser
from claimledger.extract.nlp import detect_language, split_sentences
from claimledger.lang import UNDETERMINED
from claimledger.model import Document, Extraction

__all__ = ["ClaimExtractor", "Geoparser", "Pipeline"]

_WORKER: Pipeline | None = None  # the Pipeline of a worker process


class Pipeline:
    """Run sentence segmentation, geoparsing and claim extraction on documents."""

    def __init__(self, *, geoparser: Geoparser | None = None, claims: ClaimExtractor | None = None) -> None:
        self.geoparser = geoparser if geoparser is not None else Geoparser()
        self.claims = claims if claims is not None else ClaimExtractor()

    def close(self) -> None:
        """Nothing to release: worker processes of `pipe` end with each call."""

    def __call__(self, document: Document) -> Extraction:
        return self.batch([document])[0]

    def batch(self, documents: list[Document]) -> list[Extraction]:
        """Extract from a list of documents in this process, parsing all their sentences in one stream."""
        jobs = []
        for document in documents:
            language = document.language or detect_language(document.text)
            sentences = split_sentences(document.text)
            mentions = self.geoparser(document.text, sentences, language=language)
            jobs.append(ClaimJob(document, sentences, mentions, language))
        claims = self.claims.pipe(jobs)
        return [
            Extraction(
                document_id=job.document.id,
                mentions=list(job.mentions),
                claims=found,
                warnings=[] if supported(job.language) else [_unsupported(job.language)],
            )
            for job, found in zip(jobs, claims, strict=True)
        ]

    def warm(self, documents: Iterable[Document]) -> None:
        """Load the gazetteer and the claim rules (with their models) of these documents' languages in this
        process, before forking workers that then share them."""
        languages = {document.language or detect_language(document.text) for document in documents}
        for language in sorted(languages):
            self.batch([Document.create(text="Warm-up.", source="warm-up", language=language)])

    def pipe(
        self, documents: Iterable[Document], *, n_process: int = 1, batch_size: int = 32
    ) -> Iterator[Extraction]:
        """Extract from many documents, in order, `batch_size` documents at a time.

        With `n_process > 1` the batches run in that many worker processes. Where the platform forks, the
        workers share this Pipeline's loaded models; elsewhere each worker builds a default Pipeline.
        """
        batches = _batches(documents, batch_size)
        if n_process <= 1:
            for batch in batches:
                yield from self.batch(batch)
            return
        forks = "fork" in multiprocessing.get_all_start_methods()
        first = next(batches, None)
        if first is None:
            return
        if forks:  # load the models the input needs before forking: the workers share them, not reload them
            self.warm(first)
        batches = chain([first], batches)
        with ProcessPoolExecutor(
            max_workers=n_process,
            mp_context=multiprocessing.get_context("fork") if forks else None,
            initializer=_start_worker,
            initargs=(self if forks else None,),
        ) as pool:
            pending: deque[Future[list[Extraction]]] = deque()
            for batch in batches:  # keep a few batches per worker in flight, not the whole input
                pending.append(pool.submit(_work, batch))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()


def _unsupported(language: str) -> str:
    what = (
        "language not recognised" if language == UNDETERMINED else f"no claim rules for language {language!r}"
    )
    return f"{what}: places were found, claims were not (claims are read in {', '.join(sorted(LANGUAGES))})"


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, max(size, 1))):
        yield batch


def _start_worker(pipeline: Pipeline | None) -> None:
    global _WORKER
    _WORKER = pipeline if pipeline is not None else Pipeline()


def _work(documents: list[Document]) -> list[Extraction]:
    assert _WORKER is not None, "worker process started without a Pipeline"
    return _WORKER.batch(documents)
