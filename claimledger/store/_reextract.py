"""Re-extraction in the store: a document's mentions and claims replaced by a new extraction of its stored
text, with the analysts' reviews carried over to the new claims. `ReextractMethods` is that part of `Ledger`.

Claim ids are positions (`<document>-<ordinal>`), so a new extraction may renumber a document's claims. Each
old claim is matched to its new counterpart (`match_claims`: the same span and evidence, else the best overlap
in the same sentence); each review in force on it (its verdict, its places' fixes) is appended again under
the counterpart's key, and every old key that no longer names the same claim gets a RESET row. Nothing is
deleted from the audit log: a review whose claim has no counterpart stays there, lifted, and is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from claimledger.errors import DocumentNotFoundError
from claimledger.model import Candidate, Claim, Document, Extraction
from claimledger.store import _read_model, _rows
from claimledger.store._reviews import RESET, Overrides, Review
from claimledger.store._schema import assessment_state, claims, contradictions, documents, mentions, reviews

#: Two claims in overlapping spans are one claim read again when their evidence is at least this alike
#: (or they have the same claimant and action).
SIMILAR_EVIDENCE = 0.5
WHO = "claimledger reextract"
_ID_CHUNK = 500

MentionKey = tuple[str, int, int]
"""A mention's document id, start and end."""


@dataclass(slots=True)
class Replaced:
    """What replacing one document's extraction did: claim and resolved-mention counts before and after,
    and the reviews in force on its claims, kept (same key), carried (to a new key) or orphaned (no
    counterpart: kept in the log, no longer applied)."""

    claims_before: int = 0
    claims_after: int = 0
    resolved_before: int = 0
    resolved_after: int = 0
    kept: int = 0
    carried: list[tuple[Review, str]] = field(default_factory=list)
    orphaned: list[Review] = field(default_factory=list)


def match_claims(old: Sequence[Claim], new: Sequence[Claim]) -> dict[int, int]:
    """Each old claim's counterpart among the new ones, one to one (old position -> new position).

    Candidates are the new claims whose span overlaps the old one's; the pairs are taken best first: the
    same span and evidence, then the same action, the same claimant, the most alike evidence, the widest
    overlap. A pair whose evidence is less alike than SIMILAR_EVIDENCE and that differs in claimant or
    action is no counterpart (a different claim now read from the same sentence).
    """
    scored: list[tuple[tuple[Any, ...], int, int]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            overlap = min(a.end, b.end) - max(a.start, b.start)
            if overlap <= 0 and (a.start, a.end) != (b.start, b.end):
                continue
            exact = (a.start, a.end, a.evidence) == (b.start, b.end, b.evidence)
            alike = SequenceMatcher(None, a.evidence, b.evidence, autojunk=False).ratio()
            same_action, same_claimant = a.action == b.action, a.claimant.name == b.claimant.name
            if exact or alike >= SIMILAR_EVIDENCE or (same_action and same_claimant):
                scored.append(((exact, same_action, same_claimant, round(alike, 3), overlap, -i, -j), i, j))
    scored.sort(reverse=True)
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in scored:
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)
    return matched


def _place_index(old: Claim, new: Claim, index: int) -> int | None:
    """Where the old claim's `index`-th place is among the new claim's places: the same mention offsets,
    else the same mention text; None when the new claim no longer names it."""
    if index >= len(old.places):
        return None
    was = old.places[index]
    for rule in (lambda p: (p.start, p.end) == (was.start, was.end),
                 lambda p: p.mention.casefold() == was.mention.casefold()):
        found = [n for n, place in enumerate(new.places) if rule(place)]
        if found:
            return found[0]
    return None


def _new_key(review: Review, document_id: str, old: Sequence[Claim], new: Sequence[Claim],
             matched: dict[int, int]) -> str | None:
    """The key a claim or place review should have after re-extraction; None when its claim (or the
    place) has no counterpart."""
    claim, _, place = review.key.partition("#")
    ordinal = claim.rpartition("-")[2]
    if not ordinal.isdigit() or int(ordinal) not in matched:
        return None
    was, now = int(ordinal), matched[int(ordinal)]
    target = _rows.claim_id(document_id, now)
    if review.kind == "claim":
        return target
    if not place.isdigit() or was >= len(old):
        return None
    index = _place_index(old[was], new[now], int(place))
    return None if index is None else f"{target}#{index}"


class ReextractMethods:
    """The re-extraction part of `Ledger` (which provides the connection, the name and the transactions)."""

    name: str
    _conn: sa.Connection

    if TYPE_CHECKING:

        def _transaction(self, what: str, *, write: bool = False) -> AbstractContextManager[None]: ...

    def reextract_ids(
        self, *, source: str | None = None, since: datetime | None = None, failed: bool = False
    ) -> list[str]:
        """Ids of the documents to extract again, in ingest order: those of `source`, published on or after
        `since` (naive UTC; undated documents are then left out), only those whose extraction failed."""
        query = sa.select(documents.c.id).order_by(documents.c.ingested_at, documents.c.id)
        if source is not None:
            query = query.where(documents.c.source == source)
        if since is not None:
            query = query.where(documents.c.published_at >= since)
        if failed:
            query = query.where(documents.c.extraction_error.is_not(None))
        with self._transaction("cannot read documents"):
            return list(self._conn.execute(query).scalars())

    def documents_by_id(self, ids: Sequence[str]) -> list[Document]:
        """The documents with these ids, in the order given (unknown ids are skipped)."""
        found: dict[str, Document] = {}
        with self._transaction("cannot read documents"):
            for n in range(0, len(ids), _ID_CHUNK):
                query = sa.select(documents).where(documents.c.id.in_(ids[n : n + _ID_CHUNK]))
                for row in self._conn.execute(query).mappings():
                    found[row["id"]] = _rows.document_from_row(row)
        return [found[i] for i in ids if i in found]

    def candidates_at(self, keys: Sequence[MentionKey]) -> dict[MentionKey, list[Candidate]]:
        """The candidates kept with each of these mentions (document id, start, end) that was left
        unresolved: what a table shows instead of a place ("3 candidates in Donetsk Oblast")."""
        wanted = set(keys)
        doc_ids = sorted({key[0] for key in wanted})
        found: dict[MentionKey, list[Candidate]] = {}
        columns = (mentions.c.document_id, mentions.c.start, mentions.c.end, mentions.c.candidates)
        with self._transaction("cannot read mentions"):
            for n in range(0, len(doc_ids), _ID_CHUNK):
                query = sa.select(*columns).where(
                    mentions.c.document_id.in_(doc_ids[n : n + _ID_CHUNK]), mentions.c.place_id.is_(None)
                )
                for doc_id, start, end, candidates in self._conn.execute(query):
                    if (doc_id, start, end) in wanted and candidates:
                        found[doc_id, start, end] = [Candidate.model_validate(c) for c in candidates]
        return found

    def replace_extraction(self, extraction: Extraction) -> Replaced:
        """Replace a stored document's mentions, claims and contradictions with `extraction`, in one
        transaction, carrying the reviews of its claims over (see the module docstring); a stored
        extraction error is cleared. The stored assessment is marked out of date (the next reader, or
        `jobs.reassess`, assesses the ledger again)."""
        doc_id = extraction.document_id
        with self._transaction(f"document {doc_id} could not be re-extracted", write=True):
            if self._conn.execute(sa.select(documents.c.id).where(documents.c.id == doc_id)).first() is None:
                raise DocumentNotFoundError(f"{self.name}: no document with id {doc_id!r}")
            query = sa.select(claims).where(claims.c.document_id == doc_id).order_by(claims.c.ordinal)
            old = [_rows.claim_from_row(row) for row in self._conn.execute(query).mappings()]
            resolved = sa.select(sa.func.count()).where(
                mentions.c.document_id == doc_id, mentions.c.place_id.is_not(None)
            )
            report = Replaced(
                claims_before=len(old), claims_after=len(extraction.claims),
                resolved_before=self._conn.execute(resolved).scalar_one(),
                resolved_after=sum(m.place is not None for m in extraction.mentions),
            )
            rows = self._review_rows(doc_id, old, extraction.claims, report)
            for table in (mentions, claims):  # contradictions go with their claims (ON DELETE CASCADE)
                self._conn.execute(sa.delete(table).where(table.c.document_id == doc_id))
            self._conn.execute(
                sa.update(documents).where(documents.c.id == doc_id).values(extraction_error=None)
            )
            new_rows = _rows.extraction_rows(extraction)
            for table, table_rows in zip((mentions, claims, contradictions), new_rows, strict=True):
                if table_rows:
                    self._conn.execute(sa.insert(table), table_rows)
            if rows:
                self._conn.execute(sa.insert(reviews), rows)
            _read_model.refresh(self._conn, [row["id"] for row in new_rows[1]])
            self._conn.execute(sa.delete(assessment_state))
        return report

    def record_extraction_error(self, document_id: str, reason: str) -> bool:
        """Keep the new reason a document whose extraction had failed failed again; False (nothing written)
        for a document stored with an extraction, which is left as it was."""
        with self._transaction(f"document {document_id} could not be updated", write=True):
            updated = self._conn.execute(
                sa.update(documents)
                .where(documents.c.id == document_id, documents.c.extraction_error.is_not(None))
                .values(extraction_error=reason)
            )
        return bool(updated.rowcount)

    def _review_rows(
        self, document_id: str, old: Sequence[Claim], new: Sequence[Claim], report: Replaced
    ) -> list[dict[str, Any]]:
        """The audit-log rows that carry the reviews in force on the document's claims over to the new
        claims: RESET rows for every key that no longer names the same claim, then the carried copies
        (after them, so a key both lifted and carried to ends with the copy in force)."""
        prefix = _rows.claim_id(document_id, 0).removesuffix("0")
        query = (
            sa.select(reviews)
            .where(reviews.c.kind.in_(("claim", "place")), reviews.c.key.startswith(prefix, autoescape=True))
            .order_by(reviews.c.id)
        )
        in_force = Overrides.from_reviews(
            Review.model_validate(dict(row)) for row in self._conn.execute(query).mappings()
        )
        matched = match_claims(old, new)
        now = _rows.utc_now()
        resets: list[dict[str, Any]] = []
        copies: list[dict[str, Any]] = []
        for review in [*in_force.claims.values(), *in_force.places.values()]:
            key = _new_key(review, document_id, old, new, matched)
            if key == review.key:
                report.kept += 1
                continue
            why = (f"re-extraction moved this claim to {key}" if key is not None
                   else "re-extraction found no counterpart for this claim; the review stays in the log")
            resets.append({"kind": review.kind, "key": review.key, "value": {RESET: review.id},
                           "who": WHO, "why": why, "at": now})
            if key is None:
                report.orphaned.append(review)
                continue
            report.carried.append((review, key))
            copies.append({"kind": review.kind, "key": key, "value": review.value, "who": review.who,
                           "why": f"{review.why} (review #{review.id} of {review.key}, carried over by "
                                  "re-extraction)", "at": now})
        return resets + copies
