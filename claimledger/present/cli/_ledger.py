"""Commands on the assessed ledger: claims, contradictions, timelines, sources, exports, report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table
from rich.text import Text

from claimledger import config, jobs
from claimledger.location import MAX_COARSEN_KM, check_coarsen
from claimledger.model import Candidate, LedgerClaim
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
    printable,
)
from claimledger.present.cli._stale import warn_if_stale
from claimledger.present.export import Exported, export_acled_csv, export_geojson, export_jsonl, stored
from claimledger.present.report import render_report
from claimledger.present.views import contradictions_json, place_label, record_json, sources_json
from claimledger.store import ClaimQuery, Ledger

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
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Also list the claims analysts rejected (marked).")] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List the ledger's claims with their credibility grades, newest first, filtered as asked.

    Each claim carries its sentence, source and the reasons for its grade (in --format json). Claims the
    analysts rejected are left out unless --include-rejected.

    Example: claimledger claims --place Gogolevka --since 2025-03-01 --db ledger.db
    """
    query = ClaimQuery(since=since.date() if since else None, until=until.date() if until else None,
                       claimant=claimant, side=side, status=status, grade=grade,
                       include_rejected=include_rejected)
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        if place is not None:
            query = replace(query, place_ids=frozenset(_place_ids(ledger, place)))
        chosen = list(ledger.query(query, limit=limit))
        matched = ledger.count_matching(query)
        if fmt is Format.JSON:
            against = ledger.contradicting([record.claim.id for record in chosen])
            overrides = ledger.overrides()
        unresolved = [(r.claim.document_id, p.start, p.end) for r in chosen for p in r.claim.claim.places
                      if not p.name]
        candidates = ledger.candidates_at(unresolved) if fmt is Format.TABLE else {}
        warn_if_stale(ledger)
    if fmt is Format.JSON:
        print_json([record_json(r, contradicts=against.get(r.claim.id, []),
                                reviews=overrides.for_claim(r.claim)) for r in chosen])
        return
    table = Table("id", "day", "claimant", "action", "actor", "places", "status", "grade", "evidence",
                  title=f"{len(chosen)} of {matched} claims")
    for record in chosen:
        claim, day = record.claim, record.day
        c = claim.claim
        places = ", ".join(
            place_label(p, _regions(candidates.get((claim.document_id, p.start, p.end), [])), as_written=True)
            for p in c.places
        )
        status_text = f"{c.status} (rejected)" if record.verdict == "rejected" else c.status
        table.add_row(*cells(claim.id, day.isoformat() if day else "", _claimant_text(claim), c.action,
                            c.actor_side, places, status_text, record.grade.code if record.grade else "",
                            c.evidence[:80]))
    out.print(table)


def _regions(candidates: list[Candidate]) -> list[str | None]:
    return [candidate.place.admin1 or candidate.place.country for candidate in candidates]


def _place_ids(ledger: Ledger, name: str) -> set[str]:
    """The ids of places claims are about that go by this name or spelling in the claims or, in any script,
    in the gazetteer ("Гоголевка", "Гоголівка"), or whose id it is."""
    known = [place.id for place in jobs.gazetteer().lookup(name, sounds=True)]
    return ledger.place_ids_named(name, known=known)


def _claimant_text(claim: LedgerClaim) -> str:
    c = claim.claim
    return (c.claimant.canonical or c.claimant.name) + "".join(f" via {v.name}" for v in c.via)


@app.command()
def contradictions(
    db: DbOption = config.DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many contradictions at most.")] = 100,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List pairs of claims that cannot both hold (within and across documents), with both sides.

    Example: claimledger contradictions --limit 20 --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        found = ledger.contradictions(limit=limit)
        against = ledger.contradicting([r.claim.id for item in found for r in (item.a, item.b)])
        warn_if_stale(ledger)
    items = contradictions_json(found, against)
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
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        found = ledger.timelines(_place_ids(ledger, place))
        by_id = {c.id: c for c in ledger.claims_by_id(e.claim_id for line in found for e in line.entries)}
        warn_if_stale(ledger)
    if fmt is Format.JSON:
        print_json([t.model_dump(mode="json") for t in found])
        return
    if not found:
        err.print(Text(f"no control timeline for {place!r}"))
        raise typer.Exit(1)
    for line in found:
        table = Table("day", "claimant", "action", "actor", "assessed", "grade", "holder", "confidence",
                      "rests on", title=printable(f"{line.name} ({line.place_id})"))
        for entry in line.entries:
            claim = by_id.get(entry.claim_id)
            table.add_row(*cells(entry.day.isoformat(), _claimant_text(claim) if claim else "", entry.action,
                                entry.actor_side, entry.status, entry.grade, entry.holder,
                                f"{entry.confidence:.2f}", entry.basis))
        out.print(table)


@app.command()
def sources(db: DbOption = config.DEFAULT_DB, fmt: FormatOption = Format.TABLE) -> None:
    """List the source registry and each claimant's track record in the ledger.

    Reliability letters (A-F) come from the registry (claimledger/data/sources.yaml) and analysts'
    reviews; the track record counts claims by status and how many are contradicted.

    Example: claimledger sources --db ledger.db --format json
    """
    from claimledger.extract.claims import SourceRegistry

    with cli_errors(), Ledger(url=db, create=False) as ledger:
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


def _coarsen(value: float | None) -> float | None:
    try:
        return check_coarsen(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


CoarsenOption = Annotated[
    float | None,
    typer.Option("--coarsen", min=0.1, max=MAX_COARSEN_KM, callback=_coarsen,
                 help="Snap coordinates to a grid of this many km before publishing."),
]


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.JSONL,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file; default stdout.")] = None,
    coarsen: CoarsenOption = None,
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Export the assessed ledger (claims analysts rejected left out): JSON Lines or GeoJSON of claims,
    or CSV with ACLED's columns first and one row per event (its sources, its claims summarised in
    notes), written as it is read; events without a location are counted, not written.

    Every item carries its geo precision; --coarsen KM snaps coordinates so a published ledger does
    not expose positions more precisely than its sources did.

    Example: claimledger export --format geojson --coarsen 10 --out claims.geojson --db ledger.db
    """
    def unlocated(events: int) -> None:
        err.print(Text(f"{events} events without a location were not written"))

    writers: dict[ExportFormat, Callable[[Iterable[Exported], TextIO], int]] = {
        ExportFormat.JSONL: partial(export_jsonl, coarsen_km=coarsen),
        ExportFormat.GEOJSON: partial(export_geojson, coarsen_km=coarsen),
        ExportFormat.ACLED_CSV: partial(export_acled_csv, coarsen_km=coarsen, unlocated=unlocated),
    }
    by_event = fmt is ExportFormat.ACLED_CSV
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        if out_path is None:
            count = writers[fmt](stored(ledger, by_event=by_event), sys.stdout)
        else:
            with out_path.open("w", encoding="utf-8", newline="") as handle:
                count = writers[fmt](stored(ledger, by_event=by_event), handle)
        warn_if_stale(ledger)
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
    with cli_errors(), Ledger(url=db, create=False) as ledger:
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
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        found = jobs.reassess(ledger)
    out.print(Text(f"assessed {len(found.grades)} claims: {len(found.groups)} groups, "
                   f"{len(found.contradictions)} contradictions, {len(found.timelines)} timelines"))
