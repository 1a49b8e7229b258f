"""The reextract job: stored documents extracted again from their verbatim text (after the gazetteer changed:
a new release, a user's full GeoNames import, an analyst's place or alias), each document's mentions and
claims replaced in one transaction with the analysts' reviews carried over, then the ledger re-assessed.

Beside `jobs.py` (whose `pipeline`, `isolated` and `reassess` it uses), which the other commands call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimledger import jobs
from claimledger.model import Document

if TYPE_CHECKING:
    from claimledger.assess import Assessor
    from claimledger.store import Ledger, Review

#: Documents read from the ledger at a time while extracting.
READ_CHUNK = 100


@dataclass(slots=True)
class ReextractReport:
    """What a reextract run did: documents extracted again (and those that failed, with the reason), claims
    and resolved place mentions before and after, and the reviews kept, carried to a renumbered claim, or
    left without a claim (kept in the audit log, no longer applied)."""

    documents: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    claims_before: int = 0
    claims_after: int = 0
    resolved_before: int = 0
    resolved_after: int = 0
    reviews_kept: int = 0
    reviews_carried: int = 0
    orphaned: list[Review] = field(default_factory=list)
    assessed: bool = False


def reextract(
    ledger: Ledger,
    ids: Sequence[str],
    *,
    pipeline: jobs.Extractor,
    processes: int = 1,
    max_chars: int | None = None,
    progress: Callable[[], None] | None = None,
    assessor: Assessor | None = None,
) -> ReextractReport:
    """Extract the documents `ids` (see `Ledger.reextract_ids`) again and replace what is stored of them.

    A document whose new extraction fails keeps what was stored (a document stored with an extraction error
    gets the new reason) and is listed in `failures`. When any document was replaced, the whole ledger is
    assessed again (`jobs.reassess`): the incremental update only adds claims, and re-extraction changes
    and removes them. `progress` is called once per document.
    """
    report = ReextractReport()

    def documents() -> Iterator[Document]:
        for n in range(0, len(ids), READ_CHUNK):
            yield from ledger.documents_by_id(ids[n : n + READ_CHUNK])

    for document, extraction, failure in jobs.isolated(
        pipeline, documents(), processes=processes, max_chars=max_chars
    ):
        if extraction is None:
            ledger.record_extraction_error(document.id, failure or "extraction failed")
            report.failures.append((document.id, failure or "extraction failed"))
        else:
            replaced = ledger.replace_extraction(extraction)
            report.documents += 1
            report.claims_before += replaced.claims_before
            report.claims_after += replaced.claims_after
            report.resolved_before += replaced.resolved_before
            report.resolved_after += replaced.resolved_after
            report.reviews_kept += replaced.kept
            report.reviews_carried += len(replaced.carried)
            report.orphaned += replaced.orphaned
        if progress is not None:
            progress()
    if report.documents:
        jobs.reassess(ledger, assessor=assessor)
        report.assessed = True
    return report
