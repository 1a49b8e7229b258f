"""The ledger as a REST API and a web app: `create_app(db_url=...)` builds it, `serve(...)` runs it.

The API lives under `/api` (OpenAPI docs at `/docs`); the single-page UI is `/` with its files under
`/web/` and the vendored Leaflet libraries under `/static/`. Reading is open; writing (reviews) needs a
token made with `create_token`. Every response carries a Content-Security-Policy that allows only this
origin's scripts and styles (and the tile server's images when tiles are on); CORS is closed unless
`cors_origins` lists origins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from claimledger.present.api import _review, _routes
from claimledger.present.api._state import LedgerState

PRESENT = Path(__file__).resolve().parents[1]
WEB, STATIC = PRESENT / "web", PRESENT / "static"
#: Tile layers by setting name: URL template and attribution; `none` draws no background map.
TILES: dict[str, dict[str, str] | None] = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "origin": "https://tile.openstreetmap.org",
    },
    "none": None,
}


def content_security_policy(tiles: str) -> str:
    layer = TILES[tiles]
    images = "'self' data:" + (f" {layer['origin']}" if layer else "")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def create_app(*, db_url: str, tiles: str = "osm", cors_origins: Sequence[str] = ()) -> FastAPI:
    """The app serving the ledger at `db_url` (a SQLite path or a SQLAlchemy URL)."""
    if tiles not in TILES:
        raise ValueError(f"unknown tile layer {tiles!r}; use one of {', '.join(TILES)}")
    policy = content_security_policy(tiles)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.ledger.close()

    app = FastAPI(title="claimledger", summary="A ledger of attributed, geolocated claims", lifespan=lifespan)
    app.state.ledger = LedgerState(url=db_url)
    app.state.tiles = {"name": tiles, **(TILES[tiles] or {})}
    app.include_router(_routes.router)
    app.include_router(_review.router)
    app.mount("/web", StaticFiles(directory=WEB), name="web")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def serve(
    *,
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    tiles: str = "osm",
    cors_origins: Sequence[str] = (),
) -> None:
    """Serve the app with uvicorn until interrupted."""
    app = create_app(db_url=db_url, tiles=tiles, cors_origins=cors_origins)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["TILES", "create_app", "serve"]
