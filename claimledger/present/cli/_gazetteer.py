"""The `gazetteer` commands: info, lookup, add, download, import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from claimledger import config, jobs
from claimledger.errors import NoLedgerError
from claimledger.model import PlaceKind
from claimledger.present.cli._app import (
    DbOption,
    Format,
    FormatOption,
    GazetteerOption,
    app,
    cells,
    cli_errors,
    coord,
    err,
    out,
    print_json,
)
from claimledger.store import Ledger

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
    with cli_errors():
        info = jobs.gazetteer(user_path=gazetteer).info()
    if fmt is Format.JSON:
        print_json(info)
        return
    out.print(Text("files: " + ", ".join(map(str, info["files"]))))  # type: ignore[call-overload]
    table = Table("source", "places", "licence", title="Places by source")
    licences: dict[str, str] = info["licences"]  # type: ignore[assignment]
    for source, count in info["places_by_source"].items():  # type: ignore[attr-defined]
        table.add_row(*cells(source, f"{count:,}", licences.get(source, "")))
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

    Analyst places recorded in the ledger (--db) are included; without a ledger there, the gazetteer alone
    is searched (a lookup never creates a ledger).

    Example: claimledger gazetteer lookup Popovka --country RU --admin1 Belgorod
    """
    with cli_errors():
        try:
            with Ledger(url=db, create=False) as ledger:
                places = jobs.gazetteer(user_path=gazetteer, ledger=ledger).lookup(
                    name, country=country, admin1=admin1
                )
        except NoLedgerError as error:
            if db != config.DEFAULT_DB:  # a ledger asked for, not the default one
                err.print(Text(f"{error} (searching the gazetteer alone)"))
            places = jobs.gazetteer(user_path=gazetteer).lookup(name, country=country, admin1=admin1)
    places = places[:limit]
    if fmt is Format.JSON:
        print_json([place.model_dump(mode="json") for place in places])
        return
    table = Table("id", "name", "kind", "admin2", "admin1", "country", "lat", "lon", "± km", "sources")
    for p in places:
        precision = f"{p.precision_km:g}" if p.precision_km is not None else ""
        table.add_row(*cells(p.id, p.name, p.kind, p.admin2, p.admin1, p.country, coord(p.lat), coord(p.lon),
                            precision, ", ".join(p.sources)))
    out.print(table)
    if not places:
        err.print(Text(f"no place called {name!r}"))


@gazetteer_app.command("add")
def gazetteer_add(
    name: Annotated[str, typer.Argument(help="The place's name as reporting spells it.")],
    lat: Annotated[float | None, typer.Option(min=-90, max=90, help="Latitude (WGS 84).")] = None,
    lon: Annotated[float | None, typer.Option(min=-180, max=180, help="Longitude (WGS 84).")] = None,
    alias_of: Annotated[str | None, typer.Option(
        "--alias-of", help="Add NAME as another spelling of this place id (see `gazetteer lookup`) "
        "instead of a new place.")] = None,
    kind: Annotated[PlaceKind, typer.Option(help="Feature class.")] = PlaceKind.SETTLEMENT,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level unit (oblast).")] = None,
    admin2: Annotated[str | None, typer.Option(help="Second-level unit (district).")] = None,
    note: Annotated[str | None, typer.Option(help="Why and from what source (kept with the place).")] = None,
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Record a place of your own in the ledger (OSINT often names places GeoNames lacks), or with
    --alias-of another spelling of a place the gazetteer has.

    Documents ingested afterwards resolve to it like to any gazetteer entry.

    Example: claimledger gazetteer add "Height 208" --lat 48.12 --lon 37.45 --kind other --country UA

    Example: claimledger gazetteer add Красногоровка --alias-of katottg:UA14160130020025938
    """
    with cli_errors(), Ledger(url=db) as ledger:
        if alias_of is not None:
            place = jobs.gazetteer(ledger=ledger).alias(alias_of, name)
            ledger.add_place(place, note=note)
            out.print(Text(f"added {place.id}: {name} as another name of {alias_of}"))
            return
        if lat is None or lon is None:
            raise typer.BadParameter("--lat and --lon are required for a new place (or give --alias-of ID)")
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
    with cli_errors(), _byte_progress() as progress:
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
    with cli_errors():
        built = jobs.import_gazetteer(files, dest=gazetteer)
    out.print(Text(f"gazetteer built at {built}"))


def _byte_progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )

