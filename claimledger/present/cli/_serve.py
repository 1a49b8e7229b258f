"""Serving the ledger: the web app and API, and the tokens that allow reviews."""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from claimledger import config
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
from claimledger.store import Ledger, create_token
from claimledger.store._rows import utc_now

_DURATION = re.compile(r"([0-9]+)([smhdw]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


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
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="A Host header to answer besides 127.0.0.1, localhost and --host (repeatable; "
                     "the name users reach the server by behind a proxy, or *.example.org)."),
    ] = None,
) -> None:
    """Serve the ledger as a web app (map, timeline, contradictions, review) and a REST API.

    Reading is open; reviews need a token from `claimledger token create`. API docs are at /docs.
    Requests naming another host (DNS rebinding) are refused unless --allow-host lists it.

    Example: claimledger serve --db ledger.db --tiles none --port 8000
    """
    from claimledger.present.api import serve as run

    with cli_errors(), Ledger(url=db, create=False):
        pass  # a clean error for a missing or foreign database before the server starts
    run(db_url=db, host=host, port=port, tiles=tiles.value, cors_origins=cors_origin or (),
        allowed_hosts=allow_host or ())


token_app = typer.Typer(help="Tokens that allow writes (reviews) through the API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


def _duration(value: str | None) -> timedelta | None:
    """`7d`, `12h`, `30m`, `2w` or plain seconds, as a timedelta."""
    if value is None:
        return None
    found = _DURATION.fullmatch(value.strip().lower())
    if found is None or int(found[1]) == 0:
        raise typer.BadParameter(f"{value!r} is not a duration such as 3600, 30m, 12h, 7d or 2w")
    return timedelta(seconds=int(found[1]) * _UNITS[found[2]])


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who the token is for; recorded with each review they make.")],
    expires_after: Annotated[
        str | None,
        typer.Option("--expires-after", help="Make the token stop working after this long: seconds, or "
                     "a number with s, m, h, d or w (7d). Default: it works until revoked."),
    ] = None,
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Create an API token for an analyst; the secret is printed once and stored only as a hash.

    Example: claimledger token create alice --expires-after 7d --db ledger.db
    """
    lifetime = _duration(expires_after)
    expires_at = utc_now() + lifetime if lifetime is not None else None
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        secret = create_token(ledger, name, expires_at=expires_at)
    out.print(Text(secret))
    until = f", valid until {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else ""
    err.print(Text(f"token for {name!r} created{until}; keep it now, it cannot be shown again"))


@token_app.command("list")
def token_list(db: DbOption = config.DEFAULT_DB, fmt: FormatOption = Format.TABLE) -> None:
    """List the API tokens: name, when made, when they expire (secrets are never stored).

    Example: claimledger token list --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        found = ledger.tokens()
    now = utc_now()
    rows = [{"name": t.name, "created_at": t.created_at.isoformat(timespec="seconds"),
             "expires_at": t.expires_at.isoformat(timespec="seconds") if t.expires_at else None,
             "expired": t.expired(now)} for t in found]
    if fmt is Format.JSON:
        print_json(rows)
        return
    table = Table("name", "created (UTC)", "expires (UTC)", "state")
    for row in rows:
        table.add_row(*cells(row["name"], row["created_at"], row["expires_at"] or "never",
                             "expired" if row["expired"] else "active"))
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name, as `token list` shows it.")],
    db: DbOption = config.DEFAULT_DB,
) -> None:
    """Revoke an API token: its secret stops working at once.

    Example: claimledger token revoke alice --db ledger.db
    """
    with cli_errors(), Ledger(url=db, create=False) as ledger:
        ledger.revoke_token(name)
    err.print(Text(f"token {name!r} revoked"))

