"""The web UI in Debian's chromium, driven by Playwright, against the app served by uvicorn on loopback.

Skips when /usr/bin/chromium or the playwright package is missing (see scripts/ensure_chromium.sh).
Set CLAIMLEDGER_SCREENSHOTS to a folder (docs/screenshots) to save screenshots of the main views.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from webledger import HOSTILE, PROBNOE, STAFF, _item, build

from claimledger.model import Action
from claimledger.present.api import create_app
from claimledger.present.report import base_map
from claimledger.store import Ledger, create_token

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = os.environ.get("CLAIMLEDGER_SCREENSHOTS")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (scripts/ensure_chromium.sh)"
)


class Served:
    """The app on a free loopback port, in a background thread, until `stop`."""

    def __init__(self, *, db_url: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(db_url=db_url, tiles="none"), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    return str(tmp_path / "web.db")


@pytest.fixture
def ids(ledger_url: str) -> dict[str, str]:
    return build(ledger_url)


@pytest.fixture
def served(ledger_url: str, ids: dict[str, str]) -> Iterator[Served]:
    app = Served(db_url=ledger_url)
    yield app
    app.stop()


@pytest.fixture
def dialogs() -> list[str]:
    """The messages of every alert, confirm or prompt the page opened."""
    return []


@pytest.fixture
def page(browser: Browser, dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    opened = context.new_page()
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def load(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20000)


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"))


def click_first_marker(page: Page) -> None:
    """Open clusters (zooming in, spiderfying at the end) until a claim marker shows, then click it."""
    for _ in range(25):
        markers = page.locator("path.claim-marker")
        if markers.count():
            markers.first.click(force=True)
            return
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(150)
    raise AssertionError("no claim marker appeared")


def open_claim(page: Page, claim_id: str) -> None:
    page.evaluate("id => openClaim(id)", claim_id)
    page.wait_for_selector(f"#tab-claim .card[data-claim='{claim_id}']")


@pytest.mark.slow
def test_map_shows_the_seed_places_and_a_marker_opens_its_claim(
    tmp_path: Path, browser: Browser, page: Page
) -> None:
    db = str(tmp_path / "seed.db")
    seed = ROOT / "examples" / "seed_belgorod.txt"
    subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(seed), "--db", db], check=True)
    with Ledger(url=db) as ledger:
        names = {p.name for c in ledger.claims() for p in c.claim.places if p.lat is not None}
    assert {"Gogolevka", "Demidovka"} <= names
    app = Served(db_url=db)
    try:
        load(page, app.url)
        shoot(page, "map")
        shown = page.inner_text("#count")
        located = len(page.evaluate("fetch('/api/map').then(r => r.json()).then(d => d.id)"))
        assert shown == f"{located} of {located} claims on the map"
        assert page.locator(".marker-cluster, path.claim-marker").count() > 0
        click_first_marker(page)
        page.wait_for_selector("#tab-claim .card.claim")
        sentence = page.inner_text("#tab-claim .card.claim .sentence")
        assert page.inner_text("#document-text mark") == sentence
        assert page.is_visible("#document-text mark")
        shoot(page, "claim")
        page.click("nav button[data-tab=place]")
        place = page.inner_text("#tab-place h3")
        assert place in names | {"Belgorod Oblast", "Kursk Oblast", "Russia"}
        shoot(page, "place")
    finally:
        app.stop()


def test_time_slider_hides_later_claims(served: Served, page: Page) -> None:
    load(page, served.url)
    assert page.inner_text("#count") == "4 of 4 claims on the map"
    page.focus("#slider")
    page.keyboard.press("Home")
    assert page.inner_text("#slider-day") == "up to 2025-03-01"
    assert page.inner_text("#count") == "2 of 4 claims on the map"
    page.keyboard.press("ArrowRight")
    assert page.inner_text("#count") == "3 of 4 claims on the map"
    page.keyboard.press("End")
    assert page.inner_text("#count") == "4 of 4 claims on the map"


def test_filters_by_side_and_claimant(served: Served, page: Page) -> None:
    load(page, served.url)
    page.select_option("#f-side", "RU")
    assert page.inner_text("#count") == "1 of 4 claims on the map"
    page.select_option("#f-side", "")
    page.fill("#f-claimant", "officials")
    assert page.inner_text("#count") == "2 of 4 claims on the map"


def test_contradiction_shows_both_sides(served: Served, page: Page) -> None:
    load(page, served.url)
    page.click("nav button[data-tab=contradictions]")
    page.wait_for_selector(".contradiction")
    sides = {page.inner_text(".contradiction .side-a h3"), page.inner_text(".contradiction .side-b h3")}
    assert sides == {"Test Ministry: capture by RU", "Test Staff: capture by RU"}
    assert "Testovka" in page.inner_text(".contradiction .reason")
    shoot(page, "contradictions")


def test_review_needs_a_token_and_survives_a_restart(
    served: Served, page: Page, ids: dict[str, str], ledger_url: str
) -> None:
    with Ledger(url=ledger_url) as ledger:
        token = create_token(ledger, "analyst-1")
    load(page, served.url)
    open_claim(page, ids["capture"])
    page.fill("#why", "no imagery supports it")
    page.click("#reject")
    page.wait_for_selector("#message:has-text('Refused')")
    page.fill("#token", token)
    page.fill("#why", "no imagery supports it")
    page.click("#reject")
    page.wait_for_selector("#message:has-text('Saved')")
    served.stop()
    again = Served(db_url=ledger_url)
    try:
        load(page, again.url)
        open_claim(page, ids["capture"])
        assert page.inner_text("#tab-claim .badge.rejected") == "analyst: rejected"
        assert "analyst-1" in page.inner_text("#tab-claim .reviews")
        assert "no imagery supports it" in page.inner_text("#tab-claim .reviews")
        shoot(page, "review")
    finally:
        again.stop()


def test_hostile_document_renders_as_text(
    served: Served, page: Page, ids: dict[str, str], dialogs: list[str]
) -> None:
    load(page, served.url)
    open_claim(page, ids["hostile"])
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.inner_text("#document-text") == HOSTILE
    assert page.is_visible("#document-text")
    assert page.locator("#panel img, #panel script").count() == 0
    assert HOSTILE in page.inner_text("#tab-claim .sentence")


def test_offline_base_map_draws_regions_under_the_claims(served: Served, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    load(page, served.url)
    outlines = page.locator(".leaflet-boundaries-pane path")
    assert outlines.count() == len(base_map()["features"])
    attribution = page.inner_text(".leaflet-control-attribution")
    assert "geoBoundaries, OCHA" in attribution and "OpenStreetMap contributors, GIS-Lab" in attribution
    names = {f["properties"]["name"] for f in base_map()["features"]}
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2)  # west of the claims, inside an oblast
    page.wait_for_selector(".leaflet-tooltip")
    assert page.inner_text(".leaflet-tooltip") in names
    assert page.locator("path.claim-marker, .marker-cluster").count() > 0
    assert all(url.startswith(served.url) for url in requests)


@pytest.fixture
def grouped(ledger_url: str, ids: dict[str, str]) -> str:
    """The test ledger plus a second claimant telling the story of the shelling of Probnoe."""
    document, extraction = _item(
        "The general staff also reported shelling in Probnoe.",
        "Wire Five",
        datetime(2025, 3, 20, 10),
        STAFF,
        Action.STRIKE,
        PROBNOE,
    )
    with Ledger(url=ledger_url) as ledger:
        ledger.add_many([(document, extraction)])
    return ids["later"]


def test_groups_panel_lists_a_shared_story_and_opens_its_claims(
    grouped: str, served: Served, page: Page
) -> None:
    load(page, served.url)
    page.click("nav button[data-tab=groups]")
    page.wait_for_selector("#tab-groups details.group")
    # two events: the shelling of Probnoe told by two claimants, and the capture of Testovka with its denial
    assert page.locator("#tab-groups details.group").count() == 2
    shelling = page.locator("#tab-groups details.group", has_text="strike")
    summary = shelling.locator("summary").inner_text()
    assert "2 claims · 2 origin(s) · 2025-03-20" in summary
    assert "Test Officials" in summary and "Test Staff" in summary
    rival = page.inner_text("#tab-groups details.group:not(:has-text('strike')) summary")
    assert "Test Ministry" in rival and "Test Staff" in rival
    shelling.locator("summary").click()
    page.wait_for_selector(f"#tab-groups .card.claim[data-claim='{grouped}']")
    assert "Probnoe" in page.inner_text("#tab-groups .places")
    shoot(page, "groups")
    page.click(f"#tab-groups .card.claim[data-claim='{grouped}'] button.link")
    page.wait_for_selector(f"#tab-claim.active .card[data-claim='{grouped}']")
    assert "shelling in Probnoe" in page.inner_text("#tab-claim .sentence")


def test_api_docs_render_offline_under_the_csp(served: Served, page: Page) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(served.url + "docs")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self' 'sha256-" in policy
    page.wait_for_selector(".swagger-ui .info .title")
    assert "claimledger" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/groups']")
    shoot(page, "docs")
    assert requests and all(url.startswith(served.url) for url in requests)
    assert errors == []
