"""Commands on documents: ingest, list, show, and analyze without storing."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from claimledger import config, jobs
from claimledger.present.analysis import analysis_json, claim_json, mention_json
from claimledger.present.cli._app import (
    DaskOption,
    DbOption,
    Format,
    FormatOption,
    GazetteerOption,
    MaxBytesOption,
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
from claimledger.store import Ledger


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
) -> None:
    """Read documents into the ledger: text, HTML, RSS/Atom, Telegram exports, JSON Lines.

    Each file's format is detected from its content. Documents already in the ledger are skipped,
    so ingesting twice changes nothing. A bad file is reported by name and the rest go on; the exit
    code is 1 when any file failed.

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
                )
    for failure in report.failures:
        err.print(f"[red]failed:[/] {escape(failure.reason)}", highlight=False)
    out.print(
        f"{report.files} files: {report.added} documents added, "
        f"{report.unchanged} already in the ledger, {len(report.failures)} files failed",
        highlight=False,
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def docs(
    db: DbOption = config.DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many documents at most.")] = 50,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List the documents in the ledger, newest first: id, source, date, title, language.

    Example: claimledger docs --db ledger.db --format json
    """
    with cli_errors(), Ledger(url=db) as ledger:
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


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="A document id or a unique prefix of it (4+ characters).")],
    db: DbOption = config.DEFAULT_DB,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show one document with its text and everything extracted from it.

    Example: claimledger show 3f2a9c --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        document = ledger.document(doc_id)
        extraction = ledger.extraction(document.id)
    mentions = [mention_json(m, document_id=document.id) for m in extraction.mentions]
    claims = [claim_json(c, document_id=document.id) for c in extraction.claims]
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
    _print_claims(claims)


def _print_mentions(mentions: Sequence[dict[str, Any]]) -> None:
    if not mentions:
        return
    table = Table("mention", "place", "admin1", "country", "lat", "lon", "conf", title="Places")
    for m in mentions:
        table.add_row(*cells(m["mention"], m["name"] or "(unresolved)", m["admin1"], m["country"],
                            coord(m["lat"]), coord(m["lon"]), f"{m['confidence']:.2f}"))
    out.print(table)


def _print_claims(claims: Sequence[dict[str, Any]]) -> None:
    if not claims:
        return
    table = Table("claimant", "action", "actor", "places", "status", "evidence", title="Claims")
    for c in claims:
        claimant = c["claimant"]["name"] + "".join(f" via {v['name']}" for v in c["via"])
        places = ", ".join(p["mention"] for p in c["places"])
        table.add_row(*cells(claimant, c["action"], c["actor_side"], places, c["status"], c["evidence"][:90]))
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
            _print_claims(record["claims"])
    for analysis in analyses:
        if analysis.error:
            err.print(f"[red]failed:[/] {escape(analysis.error)}", highlight=False)
    if any(a.error for a in analyses):
        raise typer.Exit(1)

