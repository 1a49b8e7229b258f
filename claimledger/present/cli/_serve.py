"""Serving the ledger: the web app and API, and the tokens that allow reviews."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.text import Text

from claimledger import config
from claimledger.present.cli._app import (
    DbOption,
    app,
    cli_errors,
    err,
    out,
)
from claimledger.store import Ledger, create_token


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

    with cli_errors(), Ledger(url=db):
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
    with cli_errors(), Ledger(url=db) as ledger:
        secret = create_token(ledger, name)
    out.print(Text(secret))
    err.print(Text(f"token for {name!r} created; keep it now, it cannot be shown again"))

