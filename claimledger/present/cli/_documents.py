"""Commands on documents: ingest, re-extract, list, show, and analyze without storing."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from claimledger import config, jobs
from claimledger.model import ClaimPlace
from claimledger.present.analysis import analysis_json, claim_json, mention_json
from claimledger.present.cli._app import (
    DaskOption,
    DbOption,
    Format,
    FormatOption,
    GazetteerOption,
    MaxBytesOption,
    MaxExtractOption,
    ProcessesOption,
    PublishedOption,
    app,
    as_utc,
    cells,
    cli_errors,
    coord,
    err,
    out,
    print_json,
    progress_bar,
)
from claimledger.present.cli._stale import warn_if_stale
from claimledger.present.views import place_label
from claimledger.reextract import ReextractReport
from claimledger.reextract import reextract as reextract_job
from claimledger.store import ClaimQuery, Ledger


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    db: DbOption = config.DEFAULT_DB,
    max_bytes: MaxBytesOption = config.DEFAULT_MAX_BYTES,
    extract: Annotated[bool, typer.Option(help="Extract places and claims while ingesting.")] = True,
    published: PublishedOption = None,
    gazetteer: GazetteerOption = None,
    processes: ProcessesOption = 1,
    dask: DaskOption = None,
    max_extract_chars: MaxExtractOption = config.DEFAULT_MAX_EXTRACT_CHARS,
) -> None:
    """Read documents into the ledger: text, HTML, RSS/Atom, Telegram exports (JSON or HTML), JSON Lines.

    Each file's format is detected from its content. Documents already in the ledger are skipped,
    so ingesting twice changes nothing. A bad file is reported by name and the rest go on; a document
    whose extraction fails is stored with the error (see `docs --failed`), reported by name, and
    extracted again by the next ingest of its file or by `reextract --failed`. The exit code is 1 when
    any file or extraction failed.

    Photos, videos and other media files, and the media and page assets a Telegram export keeps
    beside its messages, are skipped and counted, not reported as failures.

    Extraction runs in this process, in --processes local workers, or on a Dask cluster (--dask).

    Example: claimledger ingest examples/ --db ledger.db
    """
    with cli_errors():
        files = jobs.list_inputs(paths)
        with Ledger(url=db) as ledger, progress_bar() as progress:
            pipeline = jobs.pipeline(user_gazetteer=gazetteer, ledger=ledger, dask=dask) if extract else None
            task = progress.add_task("ingesting", total=len(files))
            with closing(pipeline) if pipeline is not None else nullcontext():
                report = jobs.ingest(
                    files, ledger=ledger, pipeline=pipeline, max_bytes=max_bytes, published=as_utc(published),
                    processes=processes, progress=lambda _path: progress.advance(task),
                    max_chars=max_extract_chars,
                )
    for failure in report.failures:
        err.print(f"[red]failed:[/] {escape(failure.reason)}", highlight=False)
    for broken in report.extraction_failures:
        _extraction_failed(broken.path, broken.document_id, broken.reason)
    if report.claims_unread:
        counts = ", ".join(f"{language}: {n}" for language, n in sorted(report.claims_unread.items()))
        err.print(f"[yellow]warning:[/] {sum(report.claims_unread.values())} documents in languages without "
                  f"claim rules ({escape(counts)}): their places were found, their claims were not read",
                  highlight=False)
    unextracted = len(report.extraction_failures)
    out.print(
        f"{report.files} files: {report.added} documents added, "
        f"{report.unchanged} already in the ledger, {len(report.failures)} files failed"
        + (f", {report.skipped} media and asset files skipped" if report.skipped else "")
        + (f"; {unextracted} document{'s' * (unextracted != 1)} could not be extracted "
           "(stored with the error: claimledger docs --failed; retry: claimledger reextract --failed)"
           if unextracted else ""),
        highlight=False,
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def reextract(
    db: DbOption = config.DEFAULT_DB,
    source: Annotated[str | None, typer.Option(help="Only this source's documents (see `docs`).")] = None,
    since: Annotated[datetime | None, typer.Option(
        formats=["%Y-%m-%d"], help="Only documents published on or after this day (UTC).")] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Only documents whose extraction failed "
                                         "(`docs --failed`).")] = False,
    gazetteer: GazetteerOption = None,
    processes: ProcessesOption = 1,
    dask: DaskOption = None,
    max_extract_chars: MaxExtractOption = config.DEFAULT_MAX_EXTRACT_CHARS,
) -> None:
    """Extract stored documents again, after the gazetteer changed (a new claimledger, `gazetteer download`
    or `import`, an analyst's `gazetteer add` place or alias) or to retry failed extractions.

    Each document's stored text goes through the same pipeline as ingest; its place mentions and claims are
    replaced in one transaction, and documents whose extraction failed before are retried. Analysts'
    reviews follow their claims: each old claim is matched to its new counterpart (same sentence span and
    evidence, else the best overlap in the same sentence) and its reviews are carried over; a review whose
    claim is gone stays in the audit log, no longer applied, and is reported. The whole ledger is then
    assessed again. The exit code is 1 when any extraction failed.

    Example: claimledger reextract --db ledger.db --since 2024-01-01
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        ids = ledger.reextract_ids(source=source, since=since, failed=failed)
        if not ids:
            out.print("no documents to re-extract", highlight=False)
            return
        pipeline = jobs.pipeline(user_gazetteer=gazetteer, ledger=ledger, dask=dask)
        with closing(pipeline), progress_bar() as progress:
            task = progress.add_task("re-extracting", total=len(ids))
            report = reextract_job(
                ledger, ids, pipeline=pipeline, processes=processes, max_chars=max_extract_chars,
                progress=lambda: progress.advance(task),
            )
    _print_reextract(report)
    if report.failures:
        raise typer.Exit(1)


def _print_reextract(report: ReextractReport) -> None:
    for document_id, reason in report.failures:
        err.print(f"[red]extraction failed:[/] {escape(f'document {document_id[:12]}: {reason}')} "
                  "(what was stored is kept)", highlight=False)
    out.print(
        f"{report.documents} documents re-extracted: {report.claims_before} claims before, "
        f"{report.claims_after} after; {report.resolved_before} place mentions resolved before, "
        f"{report.resolved_after} after; reviews: {report.reviews_kept} kept, {report.reviews_carried} "
        "carried to a renumbered claim"
        + ("; ledger re-assessed" if report.assessed else ""),
        highlight=False,
    )
    if report.orphaned:
        out.print(f"{len(report.orphaned)} reviews no longer match a claim (kept in the audit log, "
                  "no longer applied):", highlight=False)
        for review in report.orphaned:
            out.print(Text(f"  #{review.id} {review.kind} {review.key}: {review.value} by {review.who}"
                           + (f" ({review.why})" if review.why else "")))


@app.command()
def docs(
    db: DbOption = config.DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many documents at most.")] = 50,
    failed: Annotated[bool, typer.Option("--failed", help="Only documents whose extraction failed, "
                                         "with the error.")] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List the documents in the ledger, newest first: id, source, date, title, language.

    Example: claimledger docs --db ledger.db --format json
    """
    if failed:
        _failed_docs(db, limit=limit, fmt=fmt)
        return
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        documents = ledger.documents(limit=limit)
    if fmt is Format.JSON:
        print_json([doc.model_dump(mode="json", exclude={"text"}) for doc in documents])
        return
    table = Table("id", "source", "published", "title", "lang", "format")
    for doc in documents:
        published = doc.published_at.strftime("%Y-%m-%d %H:%M") if doc.published_at else ""
        title = (doc.title or "")[:60]
        table.add_row(*cells(doc.id[:12], doc.source, published, title, doc.language, doc.format))
    out.print(table)


def _extraction_failed(path: Path, document_id: str, reason: str) -> None:
    err.print(f"[red]extraction failed:[/] {escape(f'{path}: document {document_id[:12]}: {reason}')}",
              highlight=False)


def _failed_docs(db: str, *, limit: int, fmt: Format) -> None:
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        found = ledger.failed_documents(limit=limit)
    if fmt is Format.JSON:
        print_json([{**doc.model_dump(mode="json", exclude={"text"}), "extraction_error": reason}
                    for doc, reason in found])
        return
    table = Table("id", "source", "path", "extraction error", title=f"{len(found)} failed extractions")
    for doc, reason in found:
        table.add_row(*cells(doc.id[:12], doc.source, doc.path, reason))
    out.print(table)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="A document id or a unique prefix of it (4+ characters).")],
    db: DbOption = config.DEFAULT_DB,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show one document with its text and everything extracted from it.

    Its claims are shown as the analysts left them (confirmed, corrected places, rejected ones marked),
    with their grades.

    Example: claimledger show 3f2a9c --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        document = ledger.document(doc_id)
        extraction = ledger.extraction(document.id)
        found = ledger.query(ClaimQuery(document_id=document.id, include_rejected=True))
        records = sorted(found, key=lambda r: (r.claim.claim.start, r.claim.claim.end, r.claim.id))
        warn_if_stale(ledger)
    mentions = [mention_json(m, document_id=document.id) for m in extraction.mentions]
    claims = [
        {**claim_json(r.claim.claim, document_id=document.id), "id": r.claim.id,
         "grade": r.grade.code if r.grade else None, "verdict": r.verdict}
        for r in records
    ]
    if fmt is Format.JSON:
        print_json({"document": document.model_dump(mode="json"), "mentions": mentions, "claims": claims})
        return
    published = document.published_at.isoformat() if document.published_at else "unknown date"
    out.print(Text(document.title or document.id, style="bold"))
    out.print(f"{document.source} · {published} · {document.language} · {document.format} · {document.id}",
              highlight=False, markup=False)
    if document.url:
        out.print(document.url, highlight=False, markup=False)
    out.print()
    out.print(document.text, highlight=False, markup=False)
    _print_mentions(mentions)
    _print_claims(claims, mentions)


def _regions(mention: dict[str, Any]) -> list[str | None]:
    """The oblast (or country) of each candidate of a mention as `mention_json` gives it."""
    return [c["admin1"] or c["country"] for c in mention["candidates"]]


def _label(mention: dict[str, Any]) -> str:
    place = ClaimPlace.model_validate({name: mention[name] for name in ClaimPlace.model_fields})
    return place_label(place, _regions(mention) if place.name is None else ())


def _print_mentions(mentions: Sequence[dict[str, Any]]) -> None:
    if not mentions:
        return
    table = Table("mention", "place", "admin1", "country", "lat", "lon", "± km", "conf", title="Places")
    for m in mentions:
        precision = f"{m['precision_km']:g}" if m["precision_km"] is not None else ""
        table.add_row(*cells(m["mention"], _label(m), m["admin1"], m["country"], coord(m["lat"]),
                            coord(m["lon"]), precision, f"{m['confidence']:.2f}"))
    out.print(table)


def _print_claims(claims: Sequence[dict[str, Any]], mentions: Sequence[dict[str, Any]]) -> None:
    if not claims:
        return
    regions = {(m["document_id"], m["start"], m["end"]): _regions(m) for m in mentions if m["name"] is None}
    graded = "grade" in claims[0]
    table = Table("claimant", "action", "actor", "places", "status", *(("grade",) if graded else ()),
                  "evidence", title="Claims")
    for c in claims:
        claimant = c["claimant"]["name"] + "".join(f" via {v['name']}" for v in c["via"])
        places = ", ".join(
            place_label(place, regions.get((c["document_id"], place.start, place.end), ()), as_written=True)
            for place in map(ClaimPlace.model_validate, c["places"])
        )
        status = f"{c['status']} (rejected)" if c.get("verdict") == "rejected" else c["status"]
        grade = (c["grade"] or "",) if graded else ()
        table.add_row(*cells(claimant, c["action"], c["actor_side"], places, status, *grade,
                             c["evidence"][:90]))
    out.print(table)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to analyse.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    max_bytes: MaxBytesOption = config.DEFAULT_MAX_BYTES,
    published: PublishedOption = None,
    gazetteer: GazetteerOption = None,
    processes: ProcessesOption = 1,
    dask: DaskOption = None,
    max_extract_chars: MaxExtractOption = config.DEFAULT_MAX_EXTRACT_CHARS,
) -> None:
    """Run the extraction pipeline on files without storing them, and print what it found.

    The JSON form is one object per input file:
    {"source": FILE, "mentions": [...], "claims": [...], "contradictions": [[i, j], ...]}.

    Example: claimledger analyze examples/seed_belgorod.txt --format json > out.json
    """
    with cli_errors():
        files = jobs.list_inputs(paths)
        pipeline = jobs.pipeline(user_gazetteer=gazetteer, dask=dask)
        with closing(pipeline), progress_bar() as progress:
            task = progress.add_task("analysing", total=len(files))
            analyses = jobs.analyze(
                files, pipeline=pipeline, max_bytes=max_bytes, published=as_utc(published),
                processes=processes, progress=lambda _path: progress.advance(task),
                max_chars=max_extract_chars,
            )
    records = [analysis_json(a) for a in analyses]
    if fmt is Format.JSON:
        print_json(records)
    else:
        for record in records:
            out.print(Text(f"{record['source']}: {len(record['mentions'])} places, "
                           f"{len(record['claims'])} claims, {len(record['contradictions'])} contradictions",
                           style="bold"))
            _print_mentions(record["mentions"])
            _print_claims(record["claims"], record["mentions"])
    for analysis in analyses:
        if analysis.error:
            err.print(f"[red]failed:[/] {escape(analysis.error)}", highlight=False)
        for document, extraction in analysis.results:
            for warning in extraction.warnings:
                note = f"{analysis.path}: document {document.id[:12]}: {warning}"
                err.print(f"[yellow]warning:[/] {escape(note)}", highlight=False)
        for document, reason in analysis.failed:
            _extraction_failed(analysis.path, document.id, reason)
    if any(a.error or a.failed for a in analyses):
        raise typer.Exit(1)

