"""The Typer app, its shared options and output helpers; the commands live beside it."""

from __future__ import annotations

import json
import re
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
#: C0 controls but newline and tab, DEL, and C1 controls (U+0080-U+009F, where CSI is U+009B).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """The text with each control character (but newline and tab) replaced by a visible symbol of the same
    length: ESC by ␛ (U+241B), other C0 controls and DEL by their Unicode control pictures, C1 controls
    by U+FFFD. Documents are written by adversaries: raw escape sequences would reach the terminal (OSC 52
    writes the clipboard, OSC 8 disguises a link, CSI clears or rewrites the screen)."""
    return _CONTROLS.sub(_picture, text)


def _printable(renderable: Any) -> Any:
    if isinstance(renderable, str):
        return printable(renderable)
    if isinstance(renderable, Text):
        safe = renderable.copy()
        safe.plain = printable(safe.plain)  # same length: the styles' spans still fit
        return safe
    return renderable


class SafeConsole(Console):
    """A Console whose `print` makes strings and Text `printable`; tables get printable cells from
    `cells`. Every human-facing line goes through one of these."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(_printable(item) for item in objects), **options)


out = SafeConsole(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = SafeConsole(stderr=True, soft_wrap=True)  # a message naming a path stays on one line
_C1 = re.compile(r"[\x7f-\x9f]")


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
MaxExtractOption = Annotated[
    int,
    typer.Option("--max-extract-chars", envvar="CLAIMLEDGER_MAX_EXTRACT_CHARS", min=1,
                 help="The per-document extraction budget: longer documents are stored without extraction "
                 "and listed by `docs --failed`."),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", envvar="CLAIMLEDGER_MAX_BYTES", help="Largest file or document accepted."),
]


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn claimledger's named errors into a one-line message and their exit code (2, or 1 for a
    ledger that does not exist)."""
    try:
        yield
    except ClaimledgerError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        raise typer.Exit(error.exit_code) from None


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )


def cells(*values: object) -> list[Text]:
    """Table cells as plain, `printable` text: document-derived strings are never read as Rich markup and
    never carry terminal control sequences."""
    return [Text("" if value is None else printable(str(value))) for value in values]


def coord(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def print_json(data: Any) -> None:
    """JSON on stdout; C0 controls are escaped by JSON itself, DEL and C1 controls as \\u escapes too."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_C1.sub(lambda found: f"\\u{ord(found.group()):04x}", text) + "\n")


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

