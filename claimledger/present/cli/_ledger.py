"""Commands on the assessed ledger: claims, contradictions, timelines, sources, exports, report."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from claimledger import config, jobs
from claimledger.model import LedgerClaim
from claimledger.present import snapshot
from claimledger.present.cli._app import (
    DbOption,
    Format,
    FormatOption,
    app,
    cells,
    cli_errors,
    err,
    out,
    print_json,
)
from claimledger.present.export import export_acled_csv, export_geojson, export_jsonl
from claimledger.present.report import render_report
from claimledger.present.snapshot import claim_day
from claimledger.present.views import ClaimFilter, contradictions_json, sources_json
from claimledger.present.views import claim_json as claim_view
from claimledger.store import Ledger

DayOption = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="A day, YYYY-MM-DD.")]


@app.command()
def claims(
    db: DbOption = config.DEFAULT_DB,
    place: Annotated[str | None, typer.Option(help="A place name as written, or a place id.")] = None,
    since: DayOption = None,
    until: DayOption = None,
    claimant: Annotated[str | None, typer.Option(help="Part of a claimant's name.")] = None,
    side: Annotated[str | None, typer.Option(help="The claimant's side: RU, UA, neutral, unknown.")] = None,
    status: Annotated[str | None, typer.Option(
        help="confirmed, claimed, unverified, denied or assessed.")] = None,
    grade: Annotated[str | None, typer.Option(help="An Admiralty grade (B2) or a letter or digit.")] = None,
    limit: Annotated[int, typer.Option(help="How many claims at most.")] = 100,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List the ledger's claims with their credibility grades, newest first, filtered as asked.

    Each claim carries its sentence, source and the reasons for its grade (in --format json).

    Example: claimledger claims --place Gogolevka --since 2025-03-01 --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    base = ClaimFilter(since=since.date() if since else None, until=until.date() if until else None,
                       claimant=claimant, side=side, status=status, grade=grade)
    if place is None:
        rows = list(base.rows(snap))
    else:
        ids = snapshot.place_ids_named(snap, place)
        rows = sorted({row.index: row for pid in ids for row in replace(base, place=pid).rows(snap)}.values(),
                      key=lambda row: row.index)
    rows.sort(key=lambda row: (row.day is not None, row.day), reverse=True)
    chosen = [snap.claims[row.index] for row in rows[:limit]]
    if fmt is Format.JSON:
        print_json([claim_view(claim, snap, full=True) for claim in chosen])
        return
    table = Table("id", "day", "claimant", "action", "actor", "places", "status", "grade", "evidence",
                  title=f"{len(chosen)} of {len(rows)} claims")
    for claim in chosen:
        c, day = claim.claim, claim_day(claim)
        grade_of = snap.assessment.grades.get(claim.id)
        table.add_row(*cells(claim.id, day.isoformat() if day else "", _claimant_text(claim), c.action,
                            c.actor_side, ", ".join(p.mention for p in c.places), c.status,
                            grade_of.code if grade_of else "", c.evidence[:80]))
    out.print(table)


def _claimant_text(claim: LedgerClaim) -> str:
    c = claim.claim
    return (c.claimant.canonical or c.claimant.name) + "".join(f" via {v.name}" for v in c.via)


@app.command()
def contradictions(db: DbOption = config.DEFAULT_DB, fmt: FormatOption = Format.TABLE) -> None:
    """List pairs of claims that cannot both hold (within and across documents), with both sides.

    Example: claimledger contradictions --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    items = contradictions_json(snap, snap.assessment.contradictions)
    if fmt is Format.JSON:
        print_json(items)
        return
    for n, item in enumerate(items, 1):
        out.print(Text(f"{n}. {item['kind']}: {item['reason']}", style="bold"))
        for side in ("a", "b"):
            claim = item[side]
            out.print(Text(f"   {side.upper()} [{claim.get('grade') or ''}] {claim['source']}: "
                           f"{claim['claim']['sentence']}"))
    if not items:
        out.print("no contradictions")


@app.command()
def timeline(
    place: Annotated[str, typer.Argument(help="A settlement's name as written, or its place id.")],
    db: DbOption = config.DEFAULT_DB,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show what is claimed about who holds a settlement over time, and the assessed status at each date.

    Example: claimledger timeline Gogolevka --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    found = [snap.assessment.timelines[pid] for pid in sorted(snapshot.place_ids_named(snap, place))
             if pid in snap.assessment.timelines]
    if fmt is Format.JSON:
        print_json([t.model_dump(mode="json") for t in found])
        return
    if not found:
        err.print(Text(f"no control timeline for {place!r}"))
        raise typer.Exit(1)
    for line in found:
        table = Table("day", "claimant", "action", "actor", "assessed", "grade", "holder", "confidence",
                      title=f"{line.name} ({line.place_id})")
        for entry in line.entries:
            claim = snap.claim(entry.claim_id)
            table.add_row(*cells(entry.day.isoformat(), _claimant_text(claim) if claim else "", entry.action,
                                entry.actor_side, entry.status, entry.grade, entry.holder,
                                f"{entry.confidence:.2f}"))
        out.print(table)


@app.command()
def sources(db: DbOption = config.DEFAULT_DB, fmt: FormatOption = Format.TABLE) -> None:
    """List the source registry and each claimant's track record in the ledger.

    Reliability letters (A-F) come from the registry (claimledger/data/sources.yaml) and analysts'
    reviews; the track record counts claims by status and how many are contradicted.

    Example: claimledger sources --db ledger.db --format json
    """
    from claimledger.extract.claims import SourceRegistry

    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
        registry = SourceRegistry.load()
    seen = {entry["name"]: entry for entry in sources_json(snap)}
    listed = list(seen.values()) + [
        {"name": s.name, "side": s.side, "kind": s.kind, "reliability": s.reliability, "claims": 0}
        for s in registry.all() if s.name not in seen
    ]
    if fmt is Format.JSON:
        print_json(listed)
        return
    table = Table("source", "kind", "side", "reliability", "claims", "contradicted", "mean cred.")
    for s in listed:
        table.add_row(*cells(s["name"], s["kind"], s["side"], s["reliability"], s["claims"],
                            s.get("contradicted", ""), s.get("mean_credibility", "")))
    out.print(table)


class ExportFormat(StrEnum):
    """Export formats."""

    JSONL = "jsonl"
    GEOJSON = "geojson"
    ACLED_CSV = "acled-csv"


CoarsenOption = Annotated[
    float | None,
    typer.Option("--coarsen", min=0.1, help="Snap coordinates to a grid of this many km before publishing."),
]


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.JSONL,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file; default stdout.")] = None,
    coarsen: CoarsenOption = None,
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Export the assessed ledger: JSON Lines, GeoJSON, or CSV with ACLED's columns first.

    Every item carries its geo precision; --coarsen KM snaps coordinates so a published ledger does
    not expose positions more precisely than its sources did.

    Example: claimledger export --format geojson --coarsen 10 --out claims.geojson --db ledger.db
    """
    writer = {ExportFormat.JSONL: export_jsonl, ExportFormat.GEOJSON: export_geojson,
              ExportFormat.ACLED_CSV: export_acled_csv}[fmt]
    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    if out_path is None:
        count = writer(snap.assessment, snap.claims, sys.stdout, coarsen_km=coarsen)
    else:
        with out_path.open("w", encoding="utf-8", newline="") as handle:
            count = writer(snap.assessment, snap.claims, handle, coarsen_km=coarsen)
    err.print(Text(f"exported {count} items"))


@app.command()
def report(
    out_path: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    coarsen: CoarsenOption = None,
    title: Annotated[str, typer.Option(help="The report's title.")] = "claimledger report",
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Write one static HTML report that opens offline: map, contradictions, claims by status and
    credibility, settlement timelines, each item linked to its sentence and source.

    Example: claimledger report --out report.html --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
        documents = {doc.id: doc for doc in ledger.documents()}
    html = render_report(snap.assessment, snap.claims, documents, coarsen_km=coarsen, title=title)
    out_path.write_text(html, encoding="utf-8")
    out.print(Text(f"report written to {out_path}"))



@app.command()
def assess(db: DbOption = config.DEFAULT_DB) -> None:
    """Re-assess the whole ledger and store the result: origins, groups, contradictions, grades, timelines.

    Ingest and reviews keep the stored assessment current on their own; run this after editing the
    source registry (reliability letters) or upgrading claimledger.

    Example: claimledger assess --db ledger.db
    """
    with cli_errors(), Ledger(url=db) as ledger:
        found = jobs.reassess(ledger)
    out.print(Text(f"assessed {len(found.grades)} claims: {len(found.groups)} groups, "
                   f"{len(found.contradictions)} contradictions, {len(found.timelines)} timelines"))
