"""The static HTML report: self-contained, escaped, linked, with the map data in a JSON script tag."""

from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimledger.assess import Assessor
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    LedgerClaim,
    PlaceKind,
    Side,
    SourceKind,
)
from claimledger.present.report import base_map, map_focus, render_report

CHROMIUM = Path("/usr/bin/chromium")
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


class Collector(HTMLParser):
    """Collects tags, attributes and script bodies as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def build() -> tuple[str, list[LedgerClaim]]:
    text1 = f"Officials spoke today. The ministry said troops captured Sotnikovo {EVIL}. More later."
    text2 = "Ukrainian forces still hold Sotnikovo, the General Staff said."
    d1 = Document.create(
        text=text1, source="Wire", url="javascript:alert(3)", title=EVIL, published_at=datetime(2025, 3, 10)
    )
    d2 = Document.create(
        text=text2,
        source="Kyiv Daily",
        url="https://example.org/a?x=1&y=2",
        published_at=datetime(2025, 3, 10),
    )
    village = ClaimPlace(
        mention="Sotnikovo",
        start=0,
        end=9,
        place_id="geo:7",
        name="Sotnikovo",
        kind=PlaceKind.SETTLEMENT,
        lat=50.12,
        lon=36.65,
    )
    s1 = text1[text1.index("The ministry") : text1.index("More later")].strip()
    claims = [
        LedgerClaim(
            id="a",
            document_id=d1.id,
            source="Wire",
            published_at=d1.published_at,
            url=d1.url,
            claim=Claim(
                sentence=s1,
                start=text1.index(s1),
                end=text1.index(s1) + len(s1),
                evidence=s1,
                claimant=Claimant(name=EVIL, kind=SourceKind.OFFICIAL_MILITARY, side=Side.RU),
                action=Action.CAPTURE,
                actor_side=Side.RU,
                places=[village],
            ),
        ),
        LedgerClaim(
            id="b",
            document_id=d2.id,
            source="Kyiv Daily",
            published_at=d2.published_at,
            url=d2.url,
            claim=Claim(
                sentence=text2,
                start=0,
                end=len(text2),
                evidence=text2,
                claimant=Claimant(
                    name="General Staff", kind=SourceKind.OFFICIAL_MILITARY, side=Side.UA, reliability="B"
                ),
                action=Action.CONTROL,
                actor_side=Side.UA,
                places=[village],
            ),
        ),
    ]
    html = render_report(Assessor()(claims), claims, {d1.id: d1, d2.id: d2}, title="Test <b>report</b>")
    return html, claims


def test_document_text_stays_inert() -> None:
    html, _ = build()
    parser = Collector()
    parser.feed(html)
    assert not [a for _, attrs in parser.tags for a in attrs if a.startswith("on")]
    assert not any(tag == "img" for tag, _ in parser.tags)
    assert not any(tag == "b" for tag, _ in parser.tags)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert len(scripts) == 4 and scripts[0] == {"type": "application/json", "id": "claims-data"}
    assert scripts[1] == {"type": "application/json", "id": "boundaries-data"}
    assert "alert(1)" not in "".join(parser.scripts[1:])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert(3)" not in [attrs.get("href") for _, attrs in parser.tags]
    data = json.loads(parser.scripts[0])
    assert "</" not in parser.scripts[0] and "<img" not in parser.scripts[0]
    assert data["features"][0]["properties"]["claimant"] == EVIL  # intact once parsed, as data


def test_csp_allows_only_the_inline_scripts() -> None:
    html, _ = build()
    parser = Collector()
    parser.feed(html)
    policy = next(a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert policy.count("'sha256-") == 4
    assert not [t for t, a in parser.tags if t == "link" or (t == "script" and "src" in a)]  # self-contained


def test_report_links_contradiction_sides_to_highlighted_sentences() -> None:
    html, _ = build()
    assert "Contradictions" in html and html.count('<mark id="s') == 2
    assert 'href="#sc0"' in html and 'href="#sc1"' in html  # claims link to their sentences
    assert 'id="sc0">The ministry said troops captured Sotnikovo &lt;script&gt;' in html
    assert 'href="https://example.org/a?x=1&amp;y=2"' in html
    assert "L.circleMarker" in html and "leaflet" in html.lower()
    assert "Sotnikovo" in html.split('id="timelines"')[1]


def test_coarsening_is_announced() -> None:
    _, claims = build()
    html = render_report(Assessor()(claims), claims, {}, coarsen_km=10)
    assert "snapped to a 10 km grid" in html
    assert '"geo_precision": 2' in html and "50.12," not in html


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (scripts/ensure_chromium.sh)")
def test_report_in_a_browser_offline_draws_markers_and_runs_no_injected_script(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    html, _ = build()
    page_file = tmp_path / "report.html"
    page_file.write_text(html, encoding="utf-8")
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        page.route("http*://**/*", lambda route: route.abort())  # offline
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(page_file.as_uri())
        page.wait_for_selector("path.claim-marker")
        markers = page.locator("path.claim-marker").count()
        outlines = page.locator(".leaflet-boundaries-pane path").count()
        attribution = page.inner_text(".leaflet-control-attribution")
        page.locator("path.claim-marker").first.click(force=True)
        popup = page.locator(".leaflet-popup-content").inner_text()
        browser.close()
    assert markers == 2
    assert outlines == len(base_map()["features"])
    assert "geoBoundaries, OCHA" in attribution and "GIS-Lab" in attribution
    assert dialogs == []
    assert not [e for e in errors if "Content Security Policy" in e or "Uncaught" in e]
    assert "Sotnikovo" in popup


def test_boundaries_are_embedded_with_their_attribution() -> None:
    html, _ = build()
    parser = Collector()
    parser.feed(html)
    regions = json.loads(parser.scripts[1])
    names = {f["properties"]["name"] for f in regions["features"]}
    assert {"Kharkiv Oblast", "Sumy Oblast", "Belgorod Oblast", "Kursk Oblast"} <= names
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in regions["features"])
    assert "geoBoundaries, OCHA (CC BY 3.0 IGO)" in html.split('id="claims-data"')[0]
    assert "OpenStreetMap contributors, GIS-Lab (ODbL)" in html.split('id="claims-data"')[0]


def test_base_map_is_small_and_rounded() -> None:
    data = base_map()
    text = json.dumps(data)
    assert len(text) < 300_000
    ring = data["features"][0]["geometry"]["coordinates"][0]
    if data["features"][0]["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    assert ring[0] == ring[-1] and len(ring) >= 4
    assert all(len(repr(x).split(".")[-1]) <= 4 for point in ring for x in point)


def _point(lon: float, lat: float, focus: bool) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"focus": focus},
    }


def test_map_focus_ignores_country_points_when_settlements_exist() -> None:
    russia, village, district = (
        _point(105.0, 61.0, False),
        _point(36.65, 50.12, True),
        _point(37.3, 49.6, True),
    )
    assert map_focus([russia, village, district]) == [36.65, 49.6, 37.3, 50.12]
    assert map_focus([russia]) == [105.0, 61.0, 105.0, 61.0]  # nothing more precise: use what there is
    assert map_focus([]) is None


def test_report_opens_on_the_settlements_not_on_russia() -> None:
    _, claims = build()
    country = ClaimPlace(
        mention="Russia",
        start=0,
        end=6,
        place_id="geo:1",
        name="Russia",
        kind=PlaceKind.COUNTRY,
        lat=61.0,
        lon=105.0,
    )
    far = claims[0].model_copy(
        update={"id": "c", "claim": claims[0].claim.model_copy(update={"places": [country]})}
    )
    everything = [*claims, far]
    html = render_report(Assessor()(everything), everything, {})
    parser = Collector()
    parser.feed(html)
    data = json.loads(parser.scripts[0])
    assert len(data["features"]) == 3
    assert data["focus"] == [36.65, 50.12, 36.65, 50.12]
    coarse = render_report(Assessor()(everything), everything, {}, coarsen_km=60)
    assert '"focus": [' in coarse and '"focus": true' not in coarse  # all region-level: fit them all
