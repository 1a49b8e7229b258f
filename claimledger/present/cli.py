"""The `claimledger` command line: one Typer app, one function per command; each docstring is its --help."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from claimledger import __version__, config, jobs
from claimledger.errors import ClaimledgerError
from claimledger.model import LedgerClaim, PlaceKind
from claimledger.present import snapshot
from claimledger.present.analysis import analysis_json, claim_json, mention_json
from claimledger.present.export import export_acled_csv, export_geojson, export_jsonl
from claimledger.present.report import render_report
from claimledger.present.snapshot import claim_day
from claimledger.present.views import ClaimFilter, contradictions_json, sources_json
from claimledger.present.views import claim_json as claim_view
from claimledger.store import Ledger, create_token

app = typer.Typer(
    name="claimledger",
    help="Turn war reporting into a ledger of attributed, geolocated claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


class Format(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"


DbOption = Annotated[
    str,
    typer.Option("--db", envvar="CLAIMLEDGER_DB", help="Ledger database: a SQLite path or a SQLAlchemy URL."),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
PublishedOption = Annotated[
    datetime | None,
    typer.Option(
        "--published",
        formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"],
        help="Publication date (UTC) for documents that carry none, such as plain-text files.",
    ),
]
GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer", envvar="CLAIMLEDGER_GAZETTEER",
        help="The user's full gazetteer (built by `gazetteer download` or `gazetteer import`); "
        "default: in the user data directory. The embedded gazetteer is used behind it.",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", envvar="CLAIMLEDGER_MAX_BYTES", help="Largest file or document accepted."),
]


@contextmanager
def _errors() -> Iterator[None]:
    """Turn claimledger's named errors into a one-line message and exit code 2."""
    try:
        yield
    except ClaimledgerError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


def _row(*values: object) -> list[Text]:
    """Table cells as plain text: document-derived strings are never read as Rich markup."""
    return [Text("" if value is None else str(value)) for value in values]


def _coord(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _utc(moment: datetime | None) -> datetime | None:
    """A date from the command line as an aware UTC datetime (naive means UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn war reporting into a ledger of attributed, geolocated claims."""


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    db: DbOption = config.DEFAULT_DB,
    max_bytes: MaxBytesOption = config.DEFAULT_MAX_BYTES,
    extract: Annotated[bool, typer.Option(help="Extract places and claims while ingesting.")] = True,
    published: PublishedOption = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Read documents into the ledger: text, HTML, RSS/Atom, Telegram exports, JSON Lines.

    Each file's format is detected from its content. Documents already in the ledger are skipped,
    so ingesting twice changes nothing. A bad file is reported by name and the rest go on; the exit
    code is 1 when any file failed.

    Example: claimledger ingest examples/ --db ledger.db
    """
    with _errors():
        files = jobs.list_inputs(paths)
        with Ledger(url=db) as ledger, _progress() as progress:
            pipeline = jobs.pipeline(user_gazetteer=gazetteer, ledger=ledger) if extract else None
            task = progress.add_task("ingesting", total=len(files))
            report = jobs.ingest(
                files, ledger=ledger, pipeline=pipeline, max_bytes=max_bytes, published=_utc(published),
                progress=lambda _path: progress.advance(task),
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
    with _errors(), Ledger(url=db) as ledger:
        documents = ledger.documents(limit=limit)
    if fmt is Format.JSON:
        _print_json([doc.model_dump(mode="json", exclude={"text"}) for doc in documents])
        return
    table = Table("id", "source", "published", "title", "lang", "format")
    for doc in documents:
        published = doc.published_at.strftime("%Y-%m-%d %H:%M") if doc.published_at else ""
        title = (doc.title or "")[:60]
        table.add_row(*_row(doc.id[:12], doc.source, published, title, doc.language, doc.format))
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
    with _errors(), Ledger(url=db) as ledger:
        document = ledger.document(doc_id)
        extraction = ledger.extraction(document.id)
    mentions = [mention_json(m, document_id=document.id) for m in extraction.mentions]
    claims = [claim_json(c, document_id=document.id) for c in extraction.claims]
    if fmt is Format.JSON:
        _print_json({"document": document.model_dump(mode="json"), "mentions": mentions, "claims": claims})
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
        table.add_row(*_row(m["mention"], m["name"] or "(unresolved)", m["admin1"], m["country"],
                            _coord(m["lat"]), _coord(m["lon"]), f"{m['confidence']:.2f}"))
    out.print(table)


def _print_claims(claims: Sequence[dict[str, Any]]) -> None:
    if not claims:
        return
    table = Table("claimant", "action", "actor", "places", "status", "evidence", title="Claims")
    for c in claims:
        claimant = c["claimant"]["name"] + "".join(f" via {v['name']}" for v in c["via"])
        places = ", ".join(p["mention"] for p in c["places"])
        table.add_row(*_row(claimant, c["action"], c["actor_side"], places, c["status"], c["evidence"][:90]))
    out.print(table)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to analyse.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    max_bytes: MaxBytesOption = config.DEFAULT_MAX_BYTES,
    published: PublishedOption = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Run the extraction pipeline on files without storing them, and print what it found.

    The JSON form is one object per input file:
    {"source": FILE, "mentions": [...], "claims": [...], "contradictions": [[i, j], ...]}.

    Example: claimledger analyze examples/seed_belgorod.txt --format json > out.json
    """
    with _errors():
        files = jobs.list_inputs(paths)
        pipeline = jobs.pipeline(user_gazetteer=gazetteer)
        with _progress() as progress:
            task = progress.add_task("analysing", total=len(files))
            analyses = jobs.analyze(files, pipeline=pipeline, max_bytes=max_bytes, published=_utc(published),
                                    progress=lambda _path: progress.advance(task))
    records = [analysis_json(a) for a in analyses]
    if fmt is Format.JSON:
        _print_json(records)
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


gazetteer_app = typer.Typer(
    help="The places claimledger resolves names to: the embedded gazetteer, the user's full GeoNames "
    "gazetteer, and the analyst's own places.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("info")
def gazetteer_info(gazetteer: GazetteerOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """Show the gazetteer files in use, how many places each source gives, and their attribution.

    Example: claimledger gazetteer info
    """
    with _errors():
        info = jobs.gazetteer(user_path=gazetteer).info()
    if fmt is Format.JSON:
        _print_json(info)
        return
    out.print(Text("files: " + ", ".join(map(str, info["files"]))))  # type: ignore[call-overload]
    table = Table("source", "places", "licence", title="Places by source")
    licences: dict[str, str] = info["licences"]  # type: ignore[assignment]
    for source, count in info["places_by_source"].items():  # type: ignore[attr-defined]
        table.add_row(*_row(source, f"{count:,}", licences.get(source, "")))
    out.print(table)
    out.print(Text(str(info["attribution"])))


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name in any spelling or script.")],
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. RU or UA.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level unit (oblast), e.g. Belgorod.")] = None,
    limit: Annotated[int, typer.Option(help="How many candidates at most.")] = 20,
    db: DbOption = config.DEFAULT_DB,
    gazetteer: GazetteerOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List the places a name may refer to, biggest first, with their districts and coordinates.

    Analyst places recorded in the ledger (--db) are included.

    Example: claimledger gazetteer lookup Popovka --country RU --admin1 Belgorod
    """
    with _errors(), Ledger(url=db) as ledger:
        found = jobs.gazetteer(user_path=gazetteer, ledger=ledger)
        places = found.lookup(name, country=country, admin1=admin1)
    places = places[:limit]
    if fmt is Format.JSON:
        _print_json([place.model_dump(mode="json") for place in places])
        return
    table = Table("id", "name", "kind", "admin2", "admin1", "country", "lat", "lon", "sources")
    for p in places:
        table.add_row(*_row(p.id, p.name, p.kind, p.admin2, p.admin1, p.country, _coord(p.lat), _coord(p.lon),
                            ", ".join(p.sources)))
    out.print(table)
    if not places:
        err.print(Text(f"no place called {name!r}"))


@gazetteer_app.command("add")
def gazetteer_add(
    name: Annotated[str, typer.Argument(help="The place's name as reporting spells it.")],
    lat: Annotated[float, typer.Option(min=-90, max=90, help="Latitude (WGS 84).")],
    lon: Annotated[float, typer.Option(min=-180, max=180, help="Longitude (WGS 84).")],
    kind: Annotated[PlaceKind, typer.Option(help="Feature class.")] = PlaceKind.SETTLEMENT,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level unit (oblast).")] = None,
    admin2: Annotated[str | None, typer.Option(help="Second-level unit (district).")] = None,
    note: Annotated[str | None, typer.Option(help="Why and from what source (kept with the place).")] = None,
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Record a place of your own in the ledger (OSINT often names places GeoNames lacks).

    Documents ingested afterwards resolve to it like to any gazetteer entry.

    Example: claimledger gazetteer add "Height 208" --lat 48.12 --lon 37.45 --kind other --country UA
    """
    with _errors(), Ledger(url=db) as ledger:
        place = jobs.add_place(ledger, name=name, lat=lat, lon=lon, kind=kind, country=country,
                               admin1=admin1, admin2=admin2, note=note)
    out.print(Text(f"added {place.id}: {place.name} ({place.lat}, {place.lon})"))


def _download_progress(progress: Progress) -> Callable[[str, int, int | None], None]:
    tasks: dict[str, TaskID] = {}

    def update(name: str, done: int, total: int | None) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(name, total=total)
        progress.update(tasks[name], completed=done, total=total)

    return update


@gazetteer_app.command("download")
def gazetteer_download(
    countries: Annotated[str, typer.Option(help="Comma-separated ISO country codes.")] = "UA,RU,BY",
    alternate_names: Annotated[bool, typer.Option(help="Also fetch alternateNamesV2 (spellings).")] = True,
    base_url: Annotated[str, typer.Option(help="Where the GeoNames dumps are served.")] = config.GEONAMES_URL,
    gazetteer: GazetteerOption = None,
) -> None:
    """Download GeoNames country dumps and build the user's full gazetteer (villages of the whole country).

    The built gazetteer takes precedence over the embedded one. A failed download leaves the
    existing gazetteer untouched.

    Example: claimledger gazetteer download --countries UA,RU
    """
    codes = [code.strip().upper() for code in countries.split(",") if code.strip()]
    with _errors(), _byte_progress() as progress:
        built = jobs.download_gazetteer(
            codes, dest=gazetteer, base_url=base_url, alternate_names=alternate_names,
            progress=_download_progress(progress),
        )
    out.print(Text(f"gazetteer built at {built}"))


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps: country files (UA.zip, UA.txt) "
                                                     "and optionally alternateNamesV2.zip.")],
    gazetteer: GazetteerOption = None,
) -> None:
    """Build the user's full gazetteer from GeoNames dumps already on disk.

    Example: claimledger gazetteer import UA.zip RU.zip alternateNamesV2.zip
    """
    with _errors():
        built = jobs.import_gazetteer(files, dest=gazetteer)
    out.print(Text(f"gazetteer built at {built}"))


def _byte_progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


class Tiles(StrEnum):
    """Background map layers of the web app."""

    OSM = "osm"
    NONE = "none"


@app.command()
def serve(
    db: DbOption = config.DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    tiles: Annotated[Tiles, typer.Option(help="Map tiles: OpenStreetMap, or none (offline).")] = Tiles.OSM,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="An origin allowed to call the API from a browser (repeatable).")
    ] = None,
) -> None:
    """Serve the ledger as a web app (map, timeline, contradictions, review) and a REST API.

    Reading is open; reviews need a token from `claimledger token create`. API docs are at /docs.

    Example: claimledger serve --db ledger.db --tiles none --port 8000
    """
    from claimledger.present.api import serve as run

    with _errors(), Ledger(url=db):
        pass  # a clean error for a missing or foreign database before the server starts
    run(db_url=db, host=host, port=port, tiles=tiles.value, cors_origins=cors_origin or ())


token_app = typer.Typer(help="Tokens that allow writes (reviews) through the API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who the token is for; recorded with each review they make.")],
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Create an API token for an analyst; the secret is printed once and stored only as a hash.

    Example: claimledger token create alice --db ledger.db
    """
    with _errors(), Ledger(url=db) as ledger:
        secret = create_token(ledger, name)
    out.print(Text(secret))
    err.print(Text(f"token for {name!r} created; keep it now, it cannot be shown again"))


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
    with _errors(), Ledger(url=db) as ledger:
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
        _print_json([claim_view(claim, snap) for claim in chosen])
        return
    table = Table("id", "day", "claimant", "action", "actor", "places", "status", "grade", "evidence",
                  title=f"{len(chosen)} of {len(rows)} claims")
    for claim in chosen:
        c, day = claim.claim, claim_day(claim)
        grade_of = snap.assessment.grades.get(claim.id)
        table.add_row(*_row(claim.id, day.isoformat() if day else "", _claimant_text(claim), c.action,
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
    with _errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    items = contradictions_json(snap, snap.assessment.contradictions)
    if fmt is Format.JSON:
        _print_json(items)
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
    with _errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
    found = [snap.assessment.timelines[pid] for pid in sorted(snapshot.place_ids_named(snap, place))
             if pid in snap.assessment.timelines]
    if fmt is Format.JSON:
        _print_json([t.model_dump(mode="json") for t in found])
        return
    if not found:
        err.print(Text(f"no control timeline for {place!r}"))
        raise typer.Exit(1)
    for line in found:
        table = Table("day", "claimant", "action", "actor", "assessed", "grade", "holder", "confidence",
                      title=f"{line.name} ({line.place_id})")
        for entry in line.entries:
            claim = snap.claim(entry.claim_id)
            table.add_row(*_row(entry.day.isoformat(), _claimant_text(claim) if claim else "", entry.action,
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

    with _errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
        registry = SourceRegistry.load()
    seen = {entry["name"]: entry for entry in sources_json(snap)}
    listed = list(seen.values()) + [
        {"name": s.name, "side": s.side, "kind": s.kind, "reliability": s.reliability, "claims": 0}
        for s in registry.all() if s.name not in seen
    ]
    if fmt is Format.JSON:
        _print_json(listed)
        return
    table = Table("source", "kind", "side", "reliability", "claims", "contradicted", "mean cred.")
    for s in listed:
        table.add_row(*_row(s["name"], s["kind"], s["side"], s["reliability"], s["claims"],
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
    with _errors(), Ledger(url=db) as ledger:
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
    with _errors(), Ledger(url=db) as ledger:
        snap = snapshot.load(ledger)
        documents = {doc.id: doc for doc in ledger.documents()}
    html = render_report(snap.assessment, snap.claims, documents, coarsen_km=coarsen, title=title)
    out_path.write_text(html, encoding="utf-8")
    out.print(Text(f"report written to {out_path}"))
