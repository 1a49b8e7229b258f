"""The ledger as a REST API and a web app: `create_app(db_url=...)` builds it, `serve(...)` runs it.

The API lives under `/api` (OpenAPI docs at `/docs`, served from the vendored Swagger UI so they work
offline); the single-page UI is `/` with its files under `/web/`, the vendored Leaflet libraries under
`/static/` and the offline base map at `/boundaries.geojson`. Reading is open; writing (reviews) needs a
token made with `create_token`. Every response carries a Content-Security-Policy that allows only this
origin's scripts and styles (and the tile server's images when tiles are on; /docs also allows its one
inline script by hash); CORS is closed unless `cors_origins` lists origins. Only requests whose Host header
names an allowed host are answered (DNS rebinding cannot reach a ledger served on loopback), and writes
pass the write gate (`_guard.py`: token before body, capped bodies, wrong tokens rate-limited).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from claimledger.present.api import _review, _routes
from claimledger.present.api._guard import FailureLimiter, WriteGate
from claimledger.present.api._state import LedgerState

PRESENT = Path(__file__).resolve().parents[1]
WEB, STATIC = PRESENT / "web", PRESENT / "static"
BOUNDARIES = resources.files("claimledger") / "data" / "boundaries.geojson"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
#: Host headers answered by default: the loopback names a browser on this machine uses.
LOCAL_HOSTS = ("127.0.0.1", "localhost")
_ANY_ADDRESS = ("0.0.0.0", "::", "")
#: Tile layers by setting name: URL template and attribution; `none` draws no background map.
TILES: dict[str, dict[str, str] | None] = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "origin": "https://tile.openstreetmap.org",
    },
    "none": None,
}


def content_security_policy(tiles: str, scripts: Sequence[str] = ()) -> str:
    """The policy for every page: this origin only, plus the tile server's images and `scripts` by hash."""
    layer = TILES[tiles]
    images = "'self' data:" + (f" {layer['origin']}" if layer else "")
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
        for script in scripts
    )
    return (
        f"default-src 'none'; script-src 'self'{hashes}; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def swagger_page(openapi_url: str, title: str) -> str:
    """Swagger UI's page loading the vendored files from /static/swagger-ui/ (no CDN, no validator)."""
    response = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{title} API",
        swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    )
    return bytes(response.body).decode("utf-8")


def create_app(
    *,
    db_url: str,
    tiles: str = "osm",
    cors_origins: Sequence[str] = (),
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
) -> FastAPI:
    """The app serving the ledger at `db_url` (a SQLite path or a SQLAlchemy URL), answering requests whose
    Host header is one of `allowed_hosts` (a port after it is ignored; `*.example.org` allows subdomains)."""
    if tiles not in TILES:
        raise ValueError(f"unknown tile layer {tiles!r}; use one of {', '.join(TILES)}")
    policy = content_security_policy(tiles)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.ledger.close()

    app = FastAPI(
        title="claimledger",
        summary="A ledger of attributed, geolocated claims",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    docs = swagger_page(app.openapi_url or "/openapi.json", app.title)
    docs_policy = content_security_policy(tiles, INLINE_SCRIPT.findall(docs))
    base_map = BOUNDARIES.read_bytes()
    app.state.ledger = state = LedgerState(url=db_url)
    app.state.tiles = {"name": tiles, **(TILES[tiles] or {})}
    app.include_router(_routes.router)
    app.include_router(_review.router)
    app.mount("/web", StaticFiles(directory=WEB), name="web")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(docs)

    @app.get("/boundaries.geojson", include_in_schema=False)
    def boundaries() -> Response:
        """The offline base map: oblast and region outlines with their attribution."""
        return Response(base_map, media_type="application/geo+json")

    app.add_middleware(WriteGate, verify=state.verify_token, limiter=FailureLimiter())

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        docs_page = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = docs_policy if docs_page else policy
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
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


def serve(
    *,
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    tiles: str = "osm",
    cors_origins: Sequence[str] = (),
    allowed_hosts: Sequence[str] = (),
) -> None:
    """Serve the app with uvicorn until interrupted; the Host headers answered are the loopback names, the
    address it listens on (unless all addresses) and `allowed_hosts`."""
    hosts = [*LOCAL_HOSTS, *([] if host in _ANY_ADDRESS else [host]), *allowed_hosts]
    app = create_app(db_url=db_url, tiles=tiles, cors_origins=cors_origins, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["TILES", "create_app", "serve"]
