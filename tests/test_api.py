"""The REST API through FastAPI's TestClient on a real ledger: SQLite, and PostgreSQL when configured."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store import url  # noqa: F401  (the SQLite / PostgreSQL ledger URL fixture)
from typer.testing import CliRunner
from webledger import OFFICIALS, PROBNOE, _item, build

from claimledger import jobs
from claimledger.assess import Assessor
from claimledger.errors import ReviewError, TokenError
from claimledger.model import Action
from claimledger.present.api import create_app
from claimledger.present.cli import app as cli
from claimledger.store import Ledger, apply_reviews, create_token

LOCAL = "http://127.0.0.1"  # the app answers loopback Host headers only


@pytest.fixture
def ids(url: str) -> dict[str, str]:  # noqa: F811
    return build(url)


@pytest.fixture
def client(url: str, ids: dict[str, str]) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(db_url=url, tiles="none"), base_url=LOCAL) as opened:
        yield opened


@pytest.fixture
def token(url: str, ids: dict[str, str]) -> str:  # noqa: F811
    with Ledger(url=url) as ledger:
        return create_token(ledger, "alice")


def test_claims_are_listed_with_grades_and_paged(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/claims", params={"limit": 2}).json()
    assert body["total"] == 4
    assert len(body["items"]) == 2
    rest = client.get("/api/claims", params={"limit": 2, "cursor": body["next"]}).json()["items"]
    assert {c["id"] for c in body["items"] + rest} == set(ids.values())
    assert all(c["grade"] for c in body["items"] + rest)
    days = [c["day"] for c in body["items"] + rest]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    ("params", "roles"),
    [
        ({"place": "test:1"}, {"capture", "denial"}),
        ({"bbox": "37,49,38,50"}, {"later"}),
        ({"since": "2025-03-02"}, {"later", "hostile"}),
        ({"until": "2025-03-01"}, {"capture", "denial"}),
        ({"claimant": "staff"}, {"denial"}),
        ({"side": "RU"}, {"capture"}),
        ({"status": "denied"}, {"denial"}),
        ({"grade": "B"}, {"later", "hostile"}),
        ({"side": "UA", "since": "2025-03-10"}, {"later"}),
    ],
)
def test_claim_filters(
    client: TestClient, ids: dict[str, str], params: dict[str, str], roles: set[str]
) -> None:
    found = {c["id"] for c in client.get("/api/claims", params=params).json()["items"]}
    assert found == {ids[role] for role in roles}


def test_bad_filters_are_refused(client: TestClient) -> None:
    assert client.get("/api/claims", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/api/claims", params={"since": "March"}).status_code == 422
    assert client.get("/api/claims", params={"limit": 100000}).status_code == 422
    assert client.get("/api/claims", params={"cursor": "yesterday"}).status_code == 422
    assert client.get("/api/claims/nope-1").status_code == 404


def test_contradiction_has_both_sides(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get("/api/contradictions").json()
    assert body["total"] == 1
    pair = body["items"][0]
    assert {pair["a"]["id"], pair["b"]["id"]} == {ids["capture"], ids["denial"]}
    assert "Testovka" in pair["reason"]
    claim = client.get(f"/api/claims/{ids['capture']}").json()
    assert claim["contradicts"] == [ids["denial"]]
    assert any("contradicted" in reason for reason in claim["reasons"])


def test_document_gives_the_claim_sentence_span(client: TestClient, ids: dict[str, str]) -> None:
    claim = client.get(f"/api/claims/{ids['later']}").json()
    document = client.get(f"/api/documents/{claim['document_id']}").json()
    span = next(s for s in document["sentences"] if s["claim_id"] == ids["later"])
    assert document["text"][span["start"] : span["end"]] == claim["claim"]["sentence"]
    assert client.get("/api/documents", params={"limit": 10}).json()["total"] == 4
    assert client.get("/api/documents/ffffffff").status_code == 404


def test_places_timelines_groups_sources(client: TestClient, ids: dict[str, str]) -> None:
    places = {p["id"]: p for p in client.get("/api/places").json()}
    assert places["test:1"]["claims"] == 2
    place = client.get("/api/places/test:1").json()
    assert place["name"] == "Testovka"
    assert {c["id"] for c in place["claims"]["items"]} == {ids["capture"], ids["denial"]}
    assert [t["place_id"] for t in client.get("/api/timelines").json()] == ["test:1"]
    assert client.get("/api/timelines/test:1").json()["entries"]
    groups = client.get("/api/groups").json()
    assert sum(len(g["claim_ids"]) for g in groups["items"]) == 4
    sources = {s["name"]: s for s in client.get("/api/sources").json()}
    assert sources["Test Officials"]["claims"] == 2


def test_exports_match_the_cli_formats(client: TestClient) -> None:
    lines = client.get("/api/export/jsonl").text.splitlines()
    assert len(lines) == 4
    assert json.loads(lines[0])["assessment"]
    geojson = client.get("/api/export/geojson").json()
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 4
    csv = client.get("/api/export/csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.startswith("event_id_cnty,")


def test_writes_need_a_valid_token(client: TestClient, ids: dict[str, str], token: str) -> None:
    path = f"/api/claims/{ids['capture']}/verdict"
    body = {"verdict": "rejected", "why": "satellite imagery shows no change"}
    assert client.post(path, json=body).status_code == 401
    wrong = {"Authorization": "Bearer " + token[:-2] + "xx"}
    assert client.post(path, json=body, headers=wrong).status_code == 401
    assert client.post(path, json=body, headers={"Authorization": "Bearer bob.secret"}).status_code == 401
    assert client.get("/api/audit").json()["total"] == 0


def test_verdict_is_audited_and_reassesses(
    client: TestClient,
    ids: dict[str, str],
    token: str,
    url: str,  # noqa: F811
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/claims/{ids['denial']}/verdict"
    response = client.post(
        path, json={"verdict": "rejected", "why": "the denial was retracted"}, headers=auth
    )
    assert response.status_code == 200
    claim = client.get(f"/api/claims/{ids['denial']}").json()
    assert claim["verdict"] == "rejected"
    assert claim["reviews"][0]["who"] == "alice"
    assert claim["reviews"][0]["why"] == "the denial was retracted"
    assert client.get("/api/contradictions").json()["total"] == 0
    assert len(client.get("/api/export/jsonl").text.splitlines()) == 3
    audit = client.get("/api/audit").json()["items"]
    assert [(r["kind"], r["key"]) for r in audit] == [("claim", ids["denial"])]
    with Ledger(url=url) as ledger:  # survives re-assessment outside the app too
        kept = apply_reviews(ledger.claims(), ledger.overrides())
    assert ids["denial"] not in {c.id for c in kept}
    assert not Assessor()(kept).contradictions


def test_confirm_sets_status(client: TestClient, ids: dict[str, str], token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/claims/{ids['later']}/verdict"
    assert (
        client.post(path, json={"verdict": "confirmed", "why": "seen on video"}, headers=auth).status_code
        == 200
    )
    claim = client.get(f"/api/claims/{ids['later']}").json()
    assert claim["claim"]["status"] == "confirmed"
    assert claim["verdict"] == "confirmed"
    bad = client.post(path, json={"verdict": "maybe", "why": "x"}, headers=auth)
    assert bad.status_code == 422
    assert client.post(path, json={"verdict": "confirmed", "why": ""}, headers=auth).status_code == 422


def test_place_fix_moves_the_claim(client: TestClient, ids: dict[str, str], token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    claim_id = ids["capture"]
    candidates = client.get(f"/api/claims/{claim_id}/places/0/candidates").json()
    assert {c["id"] for c in candidates} == {"test:1", "test:2"}
    path = f"/api/claims/{claim_id}/places/0"
    refused = client.post(path, json={"place_id": "test:9", "why": "x"}, headers=auth)
    assert refused.status_code == 422
    fixed = client.post(path, json={"place_id": "test:2", "why": "wrong oblast"}, headers=auth)
    assert fixed.status_code == 200
    claim = client.get(f"/api/claims/{claim_id}").json()
    assert claim["claim"]["places"][0]["place_id"] == "test:2"
    assert (claim["location"]["lat"], claim["location"]["lon"]) == (48.5, 38.0)
    assert client.get("/api/contradictions").json()["total"] == 0  # no longer the same settlement
    assert {c["id"] for c in client.get("/api/claims", params={"place": "test:2"}).json()["items"]} == {
        claim_id
    }


def test_source_reliability_change_regrades(client: TestClient, ids: dict[str, str], token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    before = client.get(f"/api/claims/{ids['capture']}").json()["grade"]
    assert before.startswith("D")
    path = "/api/sources/Test Ministry/reliability"
    assert client.post(path, json={"reliability": "Z", "why": "x"}, headers=auth).status_code == 422
    assert (
        client.post(path, json={"reliability": "A", "why": "track record"}, headers=auth).status_code == 200
    )
    assert client.get(f"/api/claims/{ids['capture']}").json()["grade"].startswith("A")
    assert (
        client.post(
            "/api/sources/Nobody/reliability", json={"reliability": "A", "why": "x"}, headers=auth
        ).status_code
        == 404
    )


def test_reviews_survive_reingest_and_restart(url: str, ids: dict[str, str], token: str) -> None:  # noqa: F811
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(db_url=url, tiles="none"), base_url=LOCAL) as client:
        body = {"verdict": "rejected", "why": "duplicate"}
        assert (
            client.post(f"/api/claims/{ids['hostile']}/verdict", json=body, headers=auth).status_code == 200
        )
    build(url)  # re-ingesting the same documents adds nothing and loses nothing
    with TestClient(create_app(db_url=url, tiles="none"), base_url=LOCAL) as client:
        assert client.get(f"/api/claims/{ids['hostile']}").json()["verdict"] == "rejected"


def test_cli_and_api_agree_on_rejected_claims(
    client: TestClient, ids: dict[str, str], token: str, url: str  # noqa: F811
) -> None:
    body = {"verdict": "rejected", "why": "the footage is older"}
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/claims/{ids['capture']}/verdict", json=body, headers=auth).status_code == 200
    listed = CliRunner().invoke(cli, ["claims", "--db", url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert "out of date" not in listed.stderr  # the review brought the stored assessment up to date
    by_cli = [c["id"] for c in json.loads(listed.stdout)]
    by_api = [c["id"] for c in client.get("/api/claims").json()["items"]]
    assert by_cli == by_api and ids["capture"] not in by_api and len(by_api) == 3


def test_cli_and_api_export_the_same_stream(
    client: TestClient, ids: dict[str, str], token: str, url: str, tmp_path: Path  # noqa: F811
) -> None:
    body = {"verdict": "rejected", "why": "duplicate"}
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/claims/{ids['hostile']}/verdict", json=body, headers=auth).status_code == 200
    for fmt, cli_fmt in (("jsonl", "jsonl"), ("geojson", "geojson"), ("csv", "acled-csv")):
        written = tmp_path / f"out.{fmt}"
        done = CliRunner().invoke(cli, ["export", "--format", cli_fmt, "--out", str(written), "--db", url])
        assert done.exit_code == 0, done.output
        assert written.read_bytes() == client.get(f"/api/export/{fmt}").content
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids["hostile"] not in {line["id"] for line in lines} and len(lines) == 3
    assert json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))["unlocated_claims"] == 0


def test_map_is_read_per_bounding_box(client: TestClient, ids: dict[str, str]) -> None:
    whole = client.get("/api/map").json()
    assert set(whole["id"]) == set(ids.values()) and len(whole["lat"]) == 4
    box = client.get("/api/map", params={"bbox": "36,50,37,51"}).json()  # around Testovka only
    assert set(box["id"]) == {ids["capture"], ids["denial"]}
    assert all(50 <= lat <= 51 for lat in box["lat"]) and set(box) == set(whole)
    assert client.get("/api/map", params={"bbox": "1,2"}).status_code == 422


def test_documents_ingested_elsewhere_appear_on_the_next_get(
    client: TestClient, url: str  # noqa: F811
) -> None:
    assert client.get("/api/claims").json()["total"] == 4
    item = _item("Local officials said Probnoe was shelled again.", "Wire Five", datetime(2025, 3, 22, 7),
                 OFFICIALS, Action.STRIKE, PROBNOE)
    with Ledger(url=url) as elsewhere:  # another connection, as another ingest process has
        elsewhere.add_many([item])
        jobs.assessment(elsewhere)
    body = client.get("/api/claims", params={"limit": 1}).json()
    assert body["total"] == 5
    assert body["items"][0]["source"] == "Wire Five" and body["items"][0]["grade"]


def test_a_get_does_not_write(client: TestClient, url: str) -> None:  # noqa: F811
    with Ledger(url=url) as ledger:
        ledger.add_review(kind="source", key="Test Staff", value={"reliability": "A"}, who="t", why="t")
        stale = ledger.staleness(Assessor().settings())
    for path in ("/api/claims", "/api/contradictions", "/api/map", "/api/sources", "/api/meta"):
        assert client.get(path).status_code == 200
    with Ledger(url=url) as ledger:
        assert stale is not None and ledger.staleness(Assessor().settings()) == stale


def test_tokens_are_stored_hashed(url: str, ids: dict[str, str]) -> None:  # noqa: F811
    with Ledger(url=url) as ledger:
        secret = create_token(ledger, "carol")
        assert ledger.check_token(secret) == "carol"
        assert ledger.check_token(secret + "x") is None
        assert ledger.check_token("nobody.abc") is None
        with pytest.raises(TokenError, match="already exists"):
            create_token(ledger, "carol")
        with pytest.raises(ReviewError, match="no claim"):
            ledger.add_review(kind="claim", key="nope-0", value={"verdict": "confirmed"}, who="x", why="y")
        stored = ledger._conn.exec_driver_sql("SELECT salt, digest FROM tokens").one()
    assert secret.encode() not in bytes(stored[1])
    assert len(bytes(stored[0])) == 16


def test_security_headers_and_closed_cors(client: TestClient) -> None:
    response = client.get("/api/meta", headers={"Origin": "https://evil.example"})
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "access-control-allow-origin" not in response.headers
    page = client.get("/")
    assert page.status_code == 200
    assert "<script>" not in page.text  # no inline scripts
    assert client.get("/static/leaflet.markercluster/leaflet.markercluster.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/claims"]
    assert client.get("/docs").status_code == 200


def test_cors_opens_to_listed_origins(url: str, ids: dict[str, str]) -> None:  # noqa: F811
    app = create_app(db_url=url, tiles="osm", cors_origins=["https://analyst.example"])
    with TestClient(app, base_url=LOCAL) as client:
        response = client.get("/api/meta", headers={"Origin": "https://analyst.example"})
        assert response.headers["access-control-allow-origin"] == "https://analyst.example"
        assert "tile.openstreetmap.org" in response.headers["content-security-policy"]
        assert response.json()["tiles"]["name"] == "osm"


def test_unknown_tile_setting_is_refused(url: str) -> None:  # noqa: F811
    with pytest.raises(ValueError, match="tile layer"):
        create_app(db_url=url, tiles="satellite")
