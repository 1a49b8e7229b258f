"""The server against unauthenticated and hostile clients: token before body, capped bodies, wrong tokens
checked outside the ledger lock and rate-limited, coarsen and offset validated, Host headers allow-listed,
tokens that expire and can be listed and revoked."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webledger import build

from claimledger.location import coarsen
from claimledger.present.api import create_app
from claimledger.present.api._guard import FailureLimiter
from claimledger.present.cli import app as cli
from claimledger.store import Ledger, _tokens, create_token
from claimledger.store._rows import utc_now

LOCAL = "http://127.0.0.1"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.db")
    build(path)
    return path


@pytest.fixture
def ids(db: str) -> dict[str, str]:
    with Ledger(url=db) as ledger:
        return {claim.claim.evidence[:12]: claim.id for claim in ledger.claims()}


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url=db, tiles="none"), base_url=LOCAL) as opened:
        yield opened


def _verdict_path(ids: dict[str, str]) -> str:
    return f"/api/claims/{next(iter(ids.values()))}/verdict"


def _call(app: Any, *, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int]:
    """Run one POST through the ASGI app with the body in `chunks`; (status, chunks the app read)."""
    read = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        if read > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/claims/x/verdict", "raw_path": b"/api/claims/x/verdict",
             "query_string": b"", "root_path": "", "client": ("10.0.0.9", 5000),
             "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"), *headers]}
    asyncio.run(app(scope, receive, send))
    return status, read


def test_a_write_without_a_token_is_refused_before_its_body_is_read(db: str) -> None:
    app = create_app(db_url=db, tiles="none")
    status, read = _call(app, headers=[(b"content-length", b"300000000")], chunks=[b"0" * 65536] * 8)
    assert (status, read) == (401, 0)
    status, read = _call(app, headers=[(b"authorization", b"Bearer nobody.wrong")], chunks=[b"{}"])
    assert (status, read) == (401, 0)


def test_write_bodies_are_capped_even_with_a_token(db: str) -> None:
    with Ledger(url=db) as ledger:
        secret = create_token(ledger, "alice").encode()
    app = create_app(db_url=db, tiles="none")
    auth = (b"authorization", b"Bearer " + secret)
    status, read = _call(app, headers=[auth, (b"content-length", b"300000000")], chunks=[b"0"])
    assert (status, read) == (413, 0)
    status, read = _call(app, headers=[auth], chunks=[b"0" * 65536] * 100)  # streamed, no length given
    assert status == 413 and read <= 2


def test_wrong_tokens_are_checked_outside_the_ledger_lock(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(db_url=db, tiles="none")
    state = app.state.ledger
    held: list[bool] = []
    real = _tokens.digest

    def spy(secret: str, salt: bytes) -> bytes:
        held.append(state._lock._is_owned())
        return real(secret, salt)

    monkeypatch.setattr(_tokens, "digest", spy)
    with Ledger(url=db) as ledger:
        secret = create_token(ledger, "alice")
    held.clear()
    assert state.verify_token(secret) == "alice"
    assert state.verify_token(secret + "x") is None
    assert state.verify_token("nobody.abc") is None
    assert held == [False, False, False]


def test_wrong_tokens_are_rate_limited_per_client(client: TestClient, db: str, ids: dict[str, str]) -> None:
    with Ledger(url=db) as ledger:
        secret = create_token(ledger, "alice")
    body = {"verdict": "confirmed", "why": "x"}
    wrong = {"Authorization": "Bearer alice.wrong"}
    codes = [client.post(_verdict_path(ids), json=body, headers=wrong).status_code for _ in range(11)]
    assert codes == [401] * 10 + [429]
    refused = client.post(_verdict_path(ids), json=body, headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert client.get("/api/claims").status_code == 200  # reading is never limited


def test_the_failure_limiter_forgets_old_failures() -> None:
    now = [0.0]
    limiter = FailureLimiter(limit=2, window=10.0, clock=lambda: now[0])
    limiter.failed("a")
    limiter.failed("a")
    assert limiter.retry_after("a") == 10.0 and limiter.retry_after("b") == 0.0
    now[0] = 10.5
    assert limiter.retry_after("a") == 0.0


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "100000", "0", "-5"])
def test_coarsen_must_be_a_sane_number_of_km(client: TestClient, value: str) -> None:
    assert client.get("/api/export/geojson", params={"coarsen_km": value}).status_code == 422


def test_a_valid_coarsen_keeps_coordinates_in_range(client: TestClient) -> None:
    body = client.get("/api/export/geojson", params={"coarsen_km": "1000"}).json()
    for feature in body["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert all(-180 <= coarsen(89.9, lon, 1000)[1] <= 180 for lon in (-179.9, 0.0, 179.9))


@pytest.mark.parametrize("value", ["inf", "nan", "100000"])
def test_the_cli_refuses_a_senseless_coarsen_before_writing(db: str, tmp_path: Path, value: str) -> None:
    out = tmp_path / "x.geojson"
    result = runner.invoke(cli, ["export", "--format", "geojson", "--coarsen", value, "--out", str(out),
                                 "--db", db])
    assert result.exit_code == 2 and not out.exists()


def test_a_huge_offset_is_refused(client: TestClient) -> None:
    assert client.get("/api/documents", params={"offset": "14000000000000000000000"}).status_code == 422


def test_a_foreign_host_header_is_refused(client: TestClient, db: str) -> None:
    assert client.get("/api/meta", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/meta", headers={"Host": "localhost:8000"}).status_code == 200
    allowed = create_app(db_url=db, tiles="none", allowed_hosts=["ledger.example.org"])
    with TestClient(allowed, base_url="http://ledger.example.org") as other:
        assert other.get("/api/meta").status_code == 200


def test_expired_and_revoked_tokens_stop_working(db: str) -> None:
    with Ledger(url=db) as ledger:
        old = create_token(ledger, "old", expires_at=utc_now() - timedelta(seconds=1))
        fresh = create_token(ledger, "fresh", expires_at=utc_now() + timedelta(days=1))
        assert ledger.check_token(old) is None
        assert ledger.check_token(fresh) == "fresh"
        ledger.revoke_token("fresh")
        assert ledger.check_token(fresh) is None
        assert [token.name for token in ledger.tokens()] == ["old"]


def test_tokens_are_created_with_an_expiry_listed_and_revoked_from_the_cli(db: str) -> None:
    created = runner.invoke(cli, ["token", "create", "alice", "--expires-after", "7d", "--db", db])
    assert created.exit_code == 0, created.output
    assert "valid until" in created.stderr
    secret = created.stdout.strip()
    assert runner.invoke(cli, ["token", "create", "bob", "--db", db]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["token", "list", "--db", db, "--format", "json"]).stdout)
    assert [(t["name"], t["expires_at"] is None, t["expired"]) for t in listed] == [
        ("alice", False, False), ("bob", True, False)]
    assert secret not in runner.invoke(cli, ["token", "list", "--db", db]).stdout
    assert runner.invoke(cli, ["token", "revoke", "alice", "--db", db]).exit_code == 0
    again = runner.invoke(cli, ["token", "revoke", "alice", "--db", db])
    assert again.exit_code == 2 and "no token called 'alice'" in again.stderr
    assert runner.invoke(cli, ["token", "create", "x", "--expires-after", "soon", "--db", db]).exit_code == 2
