"""The jobs the CLI and the API run: read files, extract, store, assess; plain functions over the stages."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from claimledger import config
from claimledger.errors import DocumentRejectedError, IngestError
from claimledger.ingest import is_media_or_asset, iter_files, read_file
from claimledger.isolation import Extracted, Limits, isolated
from claimledger.model import Document, Extraction, LedgerClaim, Place, PlaceKind

if TYPE_CHECKING:
    from claimledger.assess import Assessment, Assessor
    from claimledger.extract.geo import Gazetteer
    from claimledger.store import Ledger, Overrides

ProgressHook = Callable[[Path], None]
"""Called once per file, after it has been handled."""


@dataclass(slots=True)
class FileFailure:
    """A file that could not be ingested, and why."""

    path: Path
    reason: str


@dataclass(slots=True)
class ExtractionFailure:
    """A document that was stored without extraction because extraction raised, and why."""

    path: Path
    document_id: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did: counts of files and documents, the files that failed and the documents
    whose extraction failed (stored with the error)."""

    files: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0  # media files and a Telegram export's media and assets, not read
    failures: list[FileFailure] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    extraction_failures: list[ExtractionFailure] = field(default_factory=list)
    claims_unread: dict[str, int] = field(default_factory=dict)
    """Documents added whose language has no claim rules, by language: their places were found, not claims."""

    @property
    def ok(self) -> bool:
        """True when every file was read and every document extracted."""
        return not self.failures and not self.extraction_failures


def gazetteer(*, user_path: Path | None = None, ledger: Ledger | None = None) -> Gazetteer:
    """The gazetteer to resolve against: the user's full one (if built) over the embedded one, plus the
    analyst's own places from the ledger."""
    from claimledger.extract.geo import Gazetteer

    base = Gazetteer.default(user_path)
    return base.with_places(ledger.places()) if ledger is not None else base


class Extractor(Protocol):
    """What the jobs need of an extraction engine: the local `Pipeline` or a `DaskExtractor`."""

    def pipe(
        self, documents: Iterable[Document], *, n_process: int = ..., batch_size: int = ...
    ) -> Iterator[Extraction]:
        """Extractions for the documents, in their order."""
        ...

    def close(self) -> None:
        """Release workers or cluster connections."""
        ...


def pipeline(
    *, user_gazetteer: Path | None = None, ledger: Ledger | None = None, dask: str | None = None
) -> Extractor:
    """The extraction engine, resolving against `gazetteer()`: a local Pipeline (spaCy and the gazetteer
    load here, once), or with `dask` (a scheduler address) a Dask cluster whose workers each hold one."""
    if dask is not None:
        from claimledger.extract.distributed import DaskExtractor

        places = ledger.places() if ledger is not None else ()
        return DaskExtractor(scheduler=dask, places=places, gazetteer=user_gazetteer)
    from claimledger.extract import Geoparser, Pipeline

    return Pipeline(geoparser=Geoparser(gazetteer=gazetteer(user_path=user_gazetteer, ledger=ledger)))


def download_gazetteer(
    countries: Sequence[str], *, dest: Path | None, base_url: str, alternate_names: bool = True,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Path:
    """Download GeoNames dumps and build the user's gazetteer at `dest` (default: the user data dir)."""
    from claimledger.extract.geo import download_geonames

    return download_geonames(countries, dest=dest or config.user_gazetteer_path(), base_url=base_url,
                             alternate_names=alternate_names, progress=progress)


def import_gazetteer(files: Sequence[Path], *, dest: Path | None) -> Path:
    """Build the user's gazetteer at `dest` (default: the user data dir) from GeoNames dumps on disk."""
    from claimledger.extract.geo import import_geonames

    return import_geonames(files, dest=dest or config.user_gazetteer_path())


def add_place(
    ledger: Ledger, *, name: str, lat: float, lon: float, kind: PlaceKind = PlaceKind.SETTLEMENT,
    country: str | None = None, admin1: str | None = None, admin2: str | None = None, note: str | None = None,
) -> Place:
    """Record an analyst's own place in the ledger; later extraction resolves to it like any entry."""
    key = f"{name}|{lat:.5f}|{lon:.5f}".encode()
    place = Place(
        id=f"user:{hashlib.sha256(key).hexdigest()[:12]}", name=name, kind=kind,
        country=country.upper() if country else None, admin1=admin1, admin2=admin2, lat=lat, lon=lon,
        sources=["user"],
    )
    ledger.add_place(place, note=note)
    return place


def list_inputs(paths: Iterable[Path]) -> list[Path]:
    """Every file the given files and folders hold, recursively, in a stable order."""
    return list(iter_files(paths))


def without_media(files: Sequence[Path], progress: ProgressHook | None = None) -> tuple[list[Path], int]:
    """The files that may hold documents, and how many others were passed over: photos, videos and the
    like, and a Telegram export's media and page assets (see `is_media_or_asset`). `progress` hears of
    those at once."""
    kept = []
    for path in files:
        if not is_media_or_asset(path):
            kept.append(path)
        elif progress is not None:
            progress(path)
    return kept, len(files) - len(kept)


def read_documents(path: Path, *, max_bytes: int, published: datetime | None = None) -> list[Document]:
    """A file's documents; those without a date of their own get `published` (e.g. plain-text files)."""
    documents = read_file(path, max_bytes=max_bytes)
    if published is None:
        return documents
    dated = {"published_at": published}
    return [doc if doc.published_at else doc.model_copy(update=dated) for doc in documents]


@dataclass(slots=True)
class FileResult:
    """One file's documents with what extraction found in each (None without extraction or when it
    failed: `failed` then has the reason by document id), or the file's error."""

    path: Path
    items: list[tuple[Document, Extraction | None]] = field(default_factory=list)
    error: str | None = None
    failed: dict[str, str] = field(default_factory=dict)


def extract_files(
    files: Iterable[Path],
    *,
    read: Callable[[Path], list[Document]],
    pipeline: Extractor | None,
    processes: int = 1,
    max_chars: int | None = None,
    limits: Limits | None = None,
) -> Iterator[FileResult]:
    """Read each file and extract from its documents, yielding one result per file, in order.

    All files' documents stream through the pipeline (`processes` workers) and are regrouped by file, so a
    caller can still store each file in one transaction. A document whose extraction raises, that is
    longer than `max_chars` or over the time or memory `limits`, is kept with the reason (see `isolated`).
    """
    waiting: deque[FileResult] = deque()
    sizes: deque[int] = deque()

    def documents() -> Iterator[Document]:
        for path in files:
            try:
                docs = read(path)
            except IngestError as error:
                docs, waiting_result = [], FileResult(path, error=str(error))
            except Exception as error:  # a reader bug: the file fails, never the batch
                reason = f"{path}: unexpected {type(error).__name__} while reading: {error}"
                docs, waiting_result = [], FileResult(path, error=reason)
            else:
                waiting_result = FileResult(path)
            waiting.append(waiting_result)
            sizes.append(len(docs))
            yield from docs

    stream = documents()
    extracted: Iterator[Extracted] = (
        isolated(pipeline, stream, processes=processes, max_chars=max_chars, limits=limits)
        if pipeline is not None
        else ((doc, None, None) for doc in stream)
    )
    for document, extraction, failure in extracted:
        while len(waiting[0].items) == sizes[0]:  # files whose documents are all extracted
            sizes.popleft()
            yield waiting.popleft()
        head = waiting[0]
        head.items.append((document, extraction))
        if failure is not None:
            head.failed[document.id] = failure
    while waiting:
        sizes.popleft()
        yield waiting.popleft()


def ingest(
    files: Sequence[Path],
    *,
    ledger: Ledger,
    pipeline: Extractor | None,
    max_bytes: int,
    published: datetime | None = None,
    processes: int = 1,
    progress: ProgressHook | None = None,
    assessor: Assessor | None = None,
    max_chars: int | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Read, extract and store each file; a bad file is recorded and the batch goes on. Then bring the
    stored assessment up to date, re-assessing only what the new claims touch (see `assessment`).

    Each file's new documents are stored in one transaction with everything extracted from them, so a
    crash or a kill leaves either the whole file's new documents or none of them; claims stored but not
    yet assessed are assessed by the next run or the next reader.
    """
    report = IngestReport()
    files, report.skipped = without_media(files, progress)

    def fresh(path: Path) -> list[Document]:
        """The file's documents not in the ledger yet, and those whose extraction failed before."""
        documents = read_documents(path, max_bytes=max_bytes, published=published)
        new = [doc for doc in _unique(documents) if _wanted(ledger, doc, retry=pipeline is not None)]
        report.unchanged += len(documents) - len(new)
        return new

    chosen = extract_files(
        files, read=fresh, pipeline=pipeline, processes=processes, max_chars=max_chars, limits=limits
    )
    for result in chosen:
        report.files += 1
        if result.error is not None:
            report.failures.append(FileFailure(result.path, result.error))
        elif result.items:
            try:
                _store(ledger, result, report)
            except DocumentRejectedError as error:  # the file's documents before that one are stored
                report.failures.append(FileFailure(result.path, f"{result.path}: {error}"))
        if progress is not None:
            progress(result.path)
    if report.added:
        assessment(ledger, assessor=assessor)
    return report


def _store(ledger: Ledger, result: FileResult, report: IngestReport) -> None:
    """Store one file's documents in one transaction, with their extractions or extraction errors."""
    items = [(doc, result.failed.get(doc.id, extraction)) for doc, extraction in result.items]
    added = ledger.add_many(items, batch_size=len(items))
    report.added += sum(added)
    report.unchanged += len(added) - sum(added)
    report.added_ids.extend(doc.id for (doc, _), new in zip(result.items, added, strict=True) if new)
    for (doc, extraction), new in zip(result.items, added, strict=True):
        if new and extraction is not None and extraction.warnings:
            language = doc.language or "unknown"
            report.claims_unread[language] = report.claims_unread.get(language, 0) + 1
    report.extraction_failures.extend(
        ExtractionFailure(result.path, doc_id, reason) for doc_id, reason in result.failed.items()
    )


def assessment(
    ledger: Ledger,
    *,
    assessor: Assessor | None = None,
    claims: Sequence[LedgerClaim] | None = None,
    overrides: Overrides | None = None,
) -> Assessment:
    """The ledger's current assessment, kept in the ledger.

    The stored one is used when it was made with `assessor`'s settings and after the newest review;
    claims stored since are added with `Assessor.update`, which re-assesses only what they touch, and
    the difference is saved. Otherwise everything is assessed again and saved (`reassess`). `claims`
    (every claim in the ledger) and `overrides` save reading them when the caller has them. A read-only
    ledger's assessment is brought up to date the same way but not saved.
    """
    from claimledger.assess import Assessor
    from claimledger.store import apply_reviews

    assessor = assessor or Assessor()
    overrides = overrides if overrides is not None else ledger.overrides()
    stored = ledger.assessment(blocks=False)
    if stored is None or stored.settings != assessor.settings() or stored.review_id != overrides.newest:
        return reassess(
            ledger, assessor=assessor, claims=claims, overrides=overrides, save=not ledger.read_only
        )
    new = ledger.unassessed_claims()
    if not new:
        return stored.assessment
    known: Mapping[str, LedgerClaim] = (
        {claim.id: claim for claim in apply_reviews(claims, overrides)}
        if claims is not None
        else _StoredClaims(ledger, overrides)
    )
    previous = stored.assessment.model_copy(update={"blocks": ledger.assessment_blocks()})
    updated = assessor.update(previous, apply_reviews(new, overrides), ledger=known)
    if ledger.read_only:
        return updated
    ledger.save_assessment(
        updated,
        previous=previous,
        covered=[claim.id for claim in new],
        settings=assessor.settings(),
        review_id=overrides.newest,
    )
    return updated


def reassess(
    ledger: Ledger,
    *,
    assessor: Assessor | None = None,
    claims: Sequence[LedgerClaim] | None = None,
    overrides: Overrides | None = None,
    save: bool = True,
) -> Assessment:
    """Assess the whole ledger (its claims with the reviews applied) and store the result (unless not
    `save`), replacing any stored assessment. For `claimledger assess`, after the source registry or the
    settings change."""
    from claimledger.assess import Assessor
    from claimledger.store import apply_reviews

    assessor = assessor or Assessor()
    overrides = overrides if overrides is not None else ledger.overrides()
    claims = claims if claims is not None else ledger.claims()
    result = assessor(apply_reviews(claims, overrides))
    if not save:
        return result
    ledger.save_assessment(
        result,
        covered=[claim.id for claim in claims],
        settings=assessor.settings(),
        review_id=overrides.newest,
    )
    return result


class _StoredClaims(Mapping[str, LedgerClaim]):
    """The ledger's claims by id with the reviews applied, read one at a time as `Assessor.update` asks
    for them (it reads only the claims near the new ones); rejected claims are absent."""

    def __init__(self, ledger: Ledger, overrides: Overrides) -> None:
        self._ledger = ledger
        self._overrides = overrides
        self._read: dict[str, LedgerClaim | None] = {}

    def __getitem__(self, claim_id: str) -> LedgerClaim:
        from claimledger.store import apply_review

        if claim_id not in self._read:
            found = self._ledger.claims_by_id([claim_id])
            keep = bool(found) and self._overrides.verdict(claim_id) != "rejected"
            self._read[claim_id] = apply_review(found[0], self._overrides) if keep else None
        claim = self._read[claim_id]
        if claim is None:
            raise KeyError(claim_id)
        return claim

    def __iter__(self) -> Iterator[str]:
        claims = self._ledger.claims()
        return (claim.id for claim in claims if self._overrides.verdict(claim.id) != "rejected")

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _wanted(ledger: Ledger, document: Document, *, retry: bool) -> bool:
    """True for a document to store: a new one, or (`retry`) one stored when its extraction failed."""
    return not ledger.has(document.id) or (retry and ledger.extraction_failed(document.id))


def _unique(documents: Iterable[Document]) -> Iterator[Document]:
    seen: set[str] = set()
    for doc in documents:
        if doc.id not in seen:
            seen.add(doc.id)
            yield doc


def _with_contradictions(document: Document, extraction: Extraction) -> Extraction:
    """The extraction with the pairs of its own claims that cannot both hold (the assess stage's rules)."""
    from claimledger.assess import find_contradictions

    pairs = find_contradictions(extraction.claims, published_at=document.published_at)
    return extraction.model_copy(update={"contradictions": pairs})


@dataclass(slots=True)
class Analysis:
    """One analysed file: its documents and what extraction found in each."""

    path: Path
    results: list[tuple[Document, Extraction]] = field(default_factory=list)
    error: str | None = None
    failed: list[tuple[Document, str]] = field(default_factory=list)
    """Documents whose extraction failed, with the reason; left out of `results`."""


def analyze(
    files: Sequence[Path],
    *,
    pipeline: Extractor,
    max_bytes: int,
    published: datetime | None = None,
    processes: int = 1,
    progress: ProgressHook | None = None,
    max_chars: int | None = None,
    limits: Limits | None = None,
) -> list[Analysis]:
    """Run the pipeline on files without storing anything."""
    out: list[Analysis] = []
    files, _ = without_media(files, progress)

    def read(path: Path) -> list[Document]:
        return read_documents(path, max_bytes=max_bytes, published=published)

    chosen = extract_files(
        files, read=read, pipeline=pipeline, processes=processes, max_chars=max_chars, limits=limits
    )
    for result in chosen:
        analysis = Analysis(result.path, error=result.error)
        for document, extraction in result.items:
            if extraction is None:  # a pipeline was given: extraction failed
                analysis.failed.append((document, result.failed[document.id]))
            else:
                analysis.results.append((document, _with_contradictions(document, extraction)))
        out.append(analysis)
        if progress is not None:
            progress(result.path)
    return out
