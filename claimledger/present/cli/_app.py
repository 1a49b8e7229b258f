"""The Typer app, its shared options and output helpers; the commands live beside it."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from claimledger import __version__
from claimledger.errors import ClaimledgerError

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
ProcessesOption = Annotated[
    int, typer.Option("--processes", "-j", min=1, help="Worker processes for extraction (one model each).")
]
DaskOption = Annotated[
    str | None,
    typer.Option("--dask", help="Extract on a Dask cluster: its scheduler address, e.g. tcp://host:8786 "
                 "(needs the `cluster` extra; see docs/cluster.md)."),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", envvar="CLAIMLEDGER_MAX_BYTES", help="Largest file or document accepted."),
]


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn claimledger's named errors into a one-line message and exit code 2."""
    try:
        yield
    except ClaimledgerError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from None


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


def cells(*values: object) -> list[Text]:
    """Table cells as plain text: document-derived strings are never read as Rich markup."""
    return [Text("" if value is None else str(value)) for value in values]


def coord(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def as_utc(moment: datetime | None) -> datetime | None:
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

