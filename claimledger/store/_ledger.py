"""The Ledger: documents with their place mentions and claims, in SQLite or PostgreSQL."""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from claimledger.assess import Assessment
from claimledger.errors import (
    AmbiguousIdError,
    DocumentNotFoundError,
    DocumentRejectedError,
    NoLedgerError,
    NotALedgerError,
    ReviewError,
    StoreError,
)
from claimledger.model import Document, Extraction, LedgerClaim, Place
from claimledger.store import _assessment, _read_model, _reviews, _rows
from claimledger.store._assessment import StoredAssessment
from claimledger.store._open import (
    begin_write,
    check_and_migrate,
    create_engine,
    display_name,
    parse_url,
    read_only,
    sqlite_file,
)
from claimledger.store._queries import QueryMethods
from claimledger.store._reextract import ReextractMethods
from claimledger.store._reviews import Overrides, Review
from claimledger.store._schema import (
    assessed_claims,
    claims,
    contradictions,
    documents,
    ingest_runs,
    mentions,
    places,
    reviews,
)
from claimledger.store._tokens import TokenMethods

Item = tuple[Document, Extraction | str | None]
"""A document with its extraction, None when it was not extracted, or the reason its extraction failed."""

#: The dialect-specific INSERT that knows ON CONFLICT, by dialect name.
INSERTS: dict[str, Callable[[sa.Table], sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
EXTRACTION_TABLES = (mentions, claims, contradictions)
MIN_PREFIX = 4
_NEWEST_FIRST = (documents.c.published_at.desc().nulls_last(), documents.c.ingested_at.desc(), documents.c.id)
_PROVENANCE = ("source", "published_at", "published_utcoffset", "url", "relay")
_ID_CHUNK = 500


class Ledger(TokenMethods, ReextractMethods, QueryMethods):
    """The claim ledger database. One Ledger holds one connection; use it from one thread at a time.

    `url` is a SQLAlchemy URL (`postgresql+psycopg://user@host/db`) or a plain path to a SQLite file,
    created if missing; with `create=False` (commands that only read) a missing or empty database is a
    NoLedgerError instead. Opening upgrades the schema to the newest migration. A SQLite file this process
    cannot write (a read-only file system) opens `read_only`: everything reads, nothing is written.
    SQLite runs in WAL mode with foreign keys on, and all of a Ledger's reads and writes go through its
    one connection.
    """

    def __init__(self, *, url: str, create: bool = True) -> None:
        parsed = parse_url(url)
        self.name = display_name(parsed)
        path = sqlite_file(parsed)
        if not create and path is not None and not path.exists():
            raise NoLedgerError(f"no ledger at {self.name}; ingest creates one")
        unwritable = read_only(parsed)
        self.read_only = unwritable is not None
        self._engine = create_engine(unwritable or parsed)
        insert = INSERTS[self._engine.dialect.name]
        self._insert_document = (
            insert(documents).on_conflict_do_nothing(index_elements=["id"]).returning(documents.c.id)
        )
        upsert = insert(places)
        self._upsert_place = upsert.on_conflict_do_update(
            index_elements=["id"], set_={column.name: upsert.excluded[column.name] for column in places.c}
        )
        try:
            self._conn = self._engine.connect()
        except sa.exc.DBAPIError as error:
            self._engine.dispose()
            raise _open_error(self.name, parsed, error) from error
        try:
            check_and_migrate(self._conn, self.name, create=create)
        except (sa.exc.DBAPIError, StoreError) as error:
            self.close()
            if isinstance(error, StoreError):
                raise
            raise _open_error(self.name, parsed, error) from error

    # -- writing -----------------------------------------------------------------------------------

    def add(self, document: Document, extraction: Extraction | str | None = None) -> bool:
        """Store a document with its mentions and claims in one transaction; `extraction` may instead be
        the reason extraction failed, kept with the document (see `failed_documents`).

        Returns True if the document is new, False if a document with its id (content hash) is
        already stored; the extraction is then ignored, unless the stored one's extraction had failed:
        the new extraction then replaces the error (and True is returned).
        """
        with self._transaction(f"document {document.id} could not be stored", write=True):
            return self._insert(document, extraction, _rows.utc_now())

    def add_many(self, items: Iterable[Item], *, batch_size: int = 200) -> list[bool]:
        """Store many documents, `batch_size` per transaction; one bool per item as `add` returns.

        The result is the same as calling `add` on each item in order and stopping at the first
        error: when a document cannot be stored, every document before it is committed, it and the
        ones after it are not, and StoreError names it. When `items` itself raises, the documents it
        yielded before are committed and its exception propagates. Each document is always wholly
        stored or not at all, so running the same input again resumes where it stopped.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        started = _rows.utc_now()
        added: list[bool] = []
        batch: list[Item] = []
        try:
            for item in items:
                batch.append(item)
                if len(batch) == batch_size:
                    added += self._add_batch(batch)
                    batch = []
        except Exception:
            self._add_batch(batch)
            raise
        added += self._add_batch(batch)
        run = {
            "started_at": started,
            "finished_at": _rows.utc_now(),
            "documents_seen": len(added),
            "documents_added": sum(added),
        }
        with self._transaction("the ingest run could not be recorded", write=True):
            self._conn.execute(sa.insert(ingest_runs), run)
        return added

    def add_place(self, place: Place, *, note: str | None = None) -> None:
        """Add an analyst's place, or replace the one with the same id."""
        with self._transaction(f"place {place.id!r} could not be stored", write=True):
            self._conn.execute(self._upsert_place, _rows.place_row(place, note, _rows.utc_now()))

    def _add_batch(self, batch: Sequence[Item]) -> list[bool]:
        """Store a batch in one transaction with one statement per table.

        If that fails, store it again document by document to find the failing one (see add_many).
        """
        if not batch:
            return []
        try:
            with begin_write(self._conn):
                return self._insert_batch(batch, _rows.utc_now())
        except (sa.exc.DBAPIError, StoreError):
            return self._add_one_by_one(batch)

    def _add_one_by_one(self, batch: Sequence[Item]) -> list[bool]:
        """Store a batch in one transaction; on failure, commit the documents before the failing one."""
        now = _rows.utc_now()
        added: list[bool] = []
        try:
            with begin_write(self._conn):
                for document, extraction in batch:
                    added.append(self._insert(document, extraction, now))
        except (sa.exc.DBAPIError, StoreError) as error:
            if len(added) == len(batch):  # every insert worked, the COMMIT failed: a full disk, a lost server
                raise StoreError(
                    f"{self.name}: {len(batch)} documents could not be committed ({_reason(error)})"
                ) from error
            failed = batch[len(added)][0]
            with self._transaction(f"documents before {failed.id} could not be stored again", write=True):
                for document, extraction in batch[: len(added)]:
                    self._insert(document, extraction, now)
            if isinstance(error, StoreError):
                raise
            message = f"{self.name}: document {failed.id} could not be stored ({_reason(error)})"
            refused = isinstance(error, sa.exc.DataError)  # its values, not the database, are the problem
            raise (DocumentRejectedError if refused else StoreError)(message) from error
        return added

    def _insert_batch(self, batch: Sequence[Item], now: datetime) -> list[bool]:
        """Insert the batch's new documents inside the caller's transaction, with one statement per table."""
        ids = [document.id for document, _ in batch]
        known = sa.select(documents.c.id).where(documents.c.id.in_(ids))
        seen = set(self._conn.execute(known).scalars())
        failed = set(self._conn.execute(known.where(documents.c.extraction_error.is_not(None))).scalars())
        added: list[bool] = []
        rows: tuple[list[dict[str, Any]], ...] = ([], [], [], [])
        for document, extraction in batch:
            self._check_pair(document, extraction)
            retried = document.id in failed and isinstance(extraction, Extraction)
            added.append(document.id not in seen or retried)
            if not added[-1]:
                continue
            seen.add(document.id)
            failed.discard(document.id)
            if retried:
                self._clear_error(document.id)
            else:
                rows[0].append(_rows.document_row(document, now, _error_of(extraction)))
            if isinstance(extraction, Extraction):
                for table_rows, more in zip(rows[1:], _rows.extraction_rows(extraction), strict=True):
                    table_rows.extend(more)
        self._insert_rows((documents, *EXTRACTION_TABLES), rows)
        return added

    def _insert(self, document: Document, extraction: Extraction | str | None, now: datetime) -> bool:
        """Insert one document and its extraction inside the caller's transaction; False if present
        (and not stored with an extraction error that this extraction replaces)."""
        self._check_pair(document, extraction)
        row = _rows.document_row(document, now, _error_of(extraction))
        inserted = self._conn.execute(self._insert_document, row).first() is not None
        if not isinstance(extraction, Extraction):
            return inserted
        if not inserted and not self._clear_error(document.id):
            return False
        self._insert_rows(EXTRACTION_TABLES, _rows.extraction_rows(extraction))
        return True

    def _clear_error(self, document_id: str) -> bool:
        """Forget a stored document's extraction error (a new extraction is being stored); False if it
        had none."""
        cleared = self._conn.execute(
            sa.update(documents)
            .where(documents.c.id == document_id, documents.c.extraction_error.is_not(None))
            .values(extraction_error=None)
        )
        return bool(cleared.rowcount)

    def _insert_rows(self, tables: Sequence[sa.Table], rows: Sequence[list[dict[str, Any]]]) -> None:
        """One executemany INSERT per table that has rows; new claims get their read-model rows."""
        for table, table_rows in zip(tables, rows, strict=True):
            if table_rows:
                self._conn.execute(sa.insert(table), table_rows)
            if table is claims:
                _read_model.refresh(self._conn, [row["id"] for row in table_rows])

    def _check_pair(self, document: Document, extraction: Extraction | str | None) -> None:
        if isinstance(extraction, Extraction) and extraction.document_id != document.id:
            raise StoreError(
                f"{self.name}: extraction for document {extraction.document_id} "
                f"was given with document {document.id}"
            )

    # -- reading -----------------------------------------------------------------------------------

    def has(self, document_id: str) -> bool:
        with self._transaction("cannot read documents"):
            found = self._conn.execute(sa.select(documents.c.id).where(documents.c.id == document_id))
            return found.first() is not None

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[Document]:
        """Documents, newest published first (undated ones last, then newest ingested first)."""
        query = sa.select(documents).order_by(*_NEWEST_FIRST).limit(limit).offset(offset)
        with self._transaction("cannot read documents"):
            return [_rows.document_from_row(row) for row in self._conn.execute(query).mappings()]

    def failed_documents(self, *, limit: int | None = None) -> list[tuple[Document, str]]:
        """Documents whose extraction failed, with the reason, newest first; the next ingest of their
        file extracts them again."""
        query = (
            sa.select(documents).where(documents.c.extraction_error.is_not(None))
            .order_by(*_NEWEST_FIRST).limit(limit)
        )
        with self._transaction("cannot read documents"):
            rows = self._conn.execute(query).mappings()
            return [(_rows.document_from_row(row), row["extraction_error"]) for row in rows]

    def extraction_failed(self, document_id: str) -> bool:
        """True when the document is stored with an extraction error."""
        query = sa.select(documents.c.id).where(
            documents.c.id == document_id, documents.c.extraction_error.is_not(None)
        )
        with self._transaction("cannot read documents"):
            return self._conn.execute(query).first() is not None

    def document(self, id_or_prefix: str) -> Document:
        """The document with this id, or the one whose id starts with this prefix (at least 4 characters)."""
        key = id_or_prefix.strip().lower()
        if len(key) < MIN_PREFIX:
            raise DocumentNotFoundError(
                f"{self.name}: document id {id_or_prefix!r} is too short; "
                f"give at least {MIN_PREFIX} characters"
            )
        with self._transaction("cannot read documents"):
            rows = self._conn.execute(sa.select(documents).where(documents.c.id == key)).mappings().all()
            if not rows:
                prefixed = documents.c.id.startswith(key, autoescape=True)
                by_prefix = sa.select(documents).where(prefixed).limit(2)
                rows = self._conn.execute(by_prefix).mappings().all()
        if not rows:
            raise DocumentNotFoundError(f"{self.name}: no document with id {id_or_prefix!r}")
        if len(rows) > 1:
            raise AmbiguousIdError(
                f"{self.name}: id prefix {id_or_prefix!r} matches several documents "
                f"({rows[0]['id'][:12]}, {rows[1]['id'][:12]}, ...); give more characters"
            )
        return _rows.document_from_row(rows[0])

    def extraction(self, document_id: str) -> Extraction:
        """The stored mentions, claims and contradictions of a document (empty lists if none were stored)."""
        claim_a, claim_b = claims.alias("a"), claims.alias("b")
        pairs = (
            sa.select(claim_a.c.ordinal, claim_b.c.ordinal)
            .join(contradictions, contradictions.c.claim_a == claim_a.c.id)
            .join(claim_b, contradictions.c.claim_b == claim_b.c.id)
            .where(claim_a.c.document_id == document_id, claim_b.c.document_id == document_id)
            .order_by(claim_a.c.ordinal, claim_b.c.ordinal)
        )
        with self._transaction(f"cannot read the extraction of document {document_id}"):
            if not self.has(document_id):
                raise DocumentNotFoundError(f"{self.name}: no document with id {document_id!r}")
            mention_rows = self._conn.execute(
                sa.select(mentions).where(mentions.c.document_id == document_id).order_by(mentions.c.ordinal)
            ).mappings()
            found_mentions = [_rows.mention_from_row(row) for row in mention_rows]
            claim_rows = self._conn.execute(
                sa.select(claims).where(claims.c.document_id == document_id).order_by(claims.c.ordinal)
            ).mappings()
            found_claims = [_rows.claim_from_row(row) for row in claim_rows]
            found_pairs = [(a, b) for a, b in self._conn.execute(pairs)]
        return Extraction(
            document_id=document_id, mentions=found_mentions, claims=found_claims, contradictions=found_pairs
        )

    def claims(self, *, limit: int | None = None, offset: int = 0) -> list[LedgerClaim]:
        """Claims with their document's provenance, newest published first, in document order."""
        return self._claims(_claims_query().limit(limit).offset(offset))

    def claims_by_id(self, ids: Iterable[str]) -> list[LedgerClaim]:
        """The claims with these ids (unknown ids are skipped), in ledger order."""
        wanted = sorted(set(ids))
        found: list[LedgerClaim] = []
        for n in range(0, len(wanted), _ID_CHUNK):
            found += self._claims(_claims_query().where(claims.c.id.in_(wanted[n : n + _ID_CHUNK])))
        return found

    def unassessed_claims(self) -> list[LedgerClaim]:
        """Claims the stored assessment does not cover yet (all claims when none is stored)."""
        covered = sa.select(assessed_claims.c.claim_id).where(assessed_claims.c.claim_id == claims.c.id)
        return self._claims(_claims_query().where(~covered.exists()))

    def _claims(self, query: sa.Select[Any]) -> list[LedgerClaim]:
        with self._transaction("cannot read claims"), paused_gc():
            return [_rows.ledger_claim_from_row(row) for row in self._conn.execute(query).mappings()]

    def places(self) -> list[Place]:
        """The analyst-added places, by name."""
        with self._transaction("cannot read places"):
            rows = self._conn.execute(sa.select(places).order_by(places.c.name, places.c.id)).mappings()
            return [_rows.place_from_row(row) for row in rows]

    def count(self) -> dict[str, int]:
        """How many documents, mentions, claims and analyst-added places the ledger holds."""
        tables = {"documents": documents, "mentions": mentions, "claims": claims, "places": places}
        counts = (sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables.values())
        query = sa.select(*counts)
        with self._transaction("cannot count"):
            row = self._conn.execute(query).one()
        return dict(zip(tables, row, strict=True))

    # -- reviews (tokens: see _tokens.py) ----------------------------------------------------------

    def add_review(self, *, kind: str, key: str, value: dict[str, Any], who: str, why: str) -> Review:
        """Append an analyst's change to the audit log; the newest review of an item is its override."""
        problem = _reviews.check_value(kind, value)
        claim = key.partition("#")[0]
        if problem is None and kind in ("claim", "place"):
            with self._transaction("cannot read claims"):
                found = self._conn.execute(sa.select(claims.c.id).where(claims.c.id == claim)).first()
            problem = None if found is not None else f"no claim with id {claim!r}"
        if problem is not None:
            raise ReviewError(f"{self.name}: review of {kind} {key!r} refused: {problem}")
        row = {"kind": kind, "key": key, "value": value, "who": who, "why": why, "at": _rows.utc_now()}
        with self._transaction(f"review of {kind} {key!r} could not be stored", write=True):
            row["id"] = self._conn.execute(sa.insert(reviews).returning(reviews.c.id), row).scalar_one()
            review = Review.model_validate(row)
            _read_model.refresh_reviewed(self._conn, review)
        return review

    def reviews(self, *, kind: str | None = None, key: str | None = None) -> list[Review]:
        """The audit log, oldest first, optionally of one kind or one item."""
        query = sa.select(reviews).order_by(reviews.c.id)
        if kind is not None:
            query = query.where(reviews.c.kind == kind)
        if key is not None:
            query = query.where(reviews.c.key == key)
        with self._transaction("cannot read reviews"):
            return [Review.model_validate(dict(row)) for row in self._conn.execute(query).mappings()]

    def overrides(self) -> Overrides:
        """The reviews in force: the newest one of every reviewed item."""
        return Overrides.from_reviews(self.reviews())

    # -- the stored assessment (see _assessment.py) -------------------------------------------------

    def assessment(self, *, blocks: bool = True) -> StoredAssessment | None:
        """The stored assessment, or None if none was saved; `blocks=False` leaves out the block index
        (only `Assessor.update` needs it; see `assessment_blocks`)."""
        with self._transaction("cannot read the stored assessment"), paused_gc():
            return _assessment.read(self._conn, blocks=blocks)

    def assessment_blocks(self) -> dict[str, list[str]]:
        """The stored assessment's block index (block key -> claim ids)."""
        with self._transaction("cannot read the stored assessment"):
            return _assessment.read_blocks(self._conn)

    def save_assessment(
        self,
        assessment: Assessment,
        *,
        covered: Collection[str],
        settings: Mapping[str, Any],
        review_id: int,
        previous: Assessment | None = None,
    ) -> None:
        """Store an assessment in one transaction: a diff against `previous` (as read from this ledger) plus
        `covered` claims, or, without `previous`, the whole of it covering exactly `covered`."""
        with self._transaction("the assessment could not be stored", write=True):
            written = _assessment.write(
                self._conn,
                assessment,
                previous=previous,
                covered=covered,
                settings=settings,
                review_id=review_id,
            )
            _read_model.regrade(self._conn, written)

    # -- lifetime ----------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self, what: str, *, write: bool = False) -> Iterator[None]:
        """A transaction (or, inside one, nothing new) whose database errors become StoreError."""
        try:
            if self._conn.in_transaction():
                yield
                return
            with begin_write(self._conn) if write else self._conn.begin():
                yield
        except sa.exc.DBAPIError as error:
            raise StoreError(f"{self.name}: {what} ({_reason(error)})") from error


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many records (they hold no cycles): its
    repeated passes over the growing heap otherwise take about half of a 100,000-claim read.
    Restarted on exit if it was running on entry."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _claims_query() -> sa.Select[Any]:
    """Claims joined with their document's provenance, newest published first, in document order."""
    provenance = [documents.c[name] for name in _PROVENANCE]
    return (
        sa.select(claims, *provenance)
        .join(documents, claims.c.document_id == documents.c.id)
        .order_by(*_NEWEST_FIRST, claims.c.ordinal)
    )


def _error_of(extraction: Extraction | str | None) -> str | None:
    """The extraction error an item carries, if any."""
    return extraction if isinstance(extraction, str) else None


def _reason(error: sa.exc.DBAPIError | Any) -> str:
    """The driver's message, without SQLAlchemy's statement and parameters (they may hold document text)."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


def _open_error(name: str, url: sa.URL, error: sa.exc.DBAPIError) -> StoreError:
    """NotALedgerError for a SQLite file that is not a database, StoreError for anything else."""
    if url.get_backend_name() == "sqlite" and not isinstance(error, sa.exc.OperationalError):
        return NotALedgerError(f"{name}: not a claimledger database ({_reason(error)})")
    return StoreError(f"{name}: cannot open the ledger ({_reason(error)})")
