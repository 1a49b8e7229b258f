"""Exports: JSON lines, GeoJSON and ACLED CSV load back, carry geo precision and honour coarsening."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimledger import jobs
from claimledger.assess import Assessor
from claimledger.location import coarsen
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    LedgerClaim,
    PlaceKind,
    Quantity,
    Side,
    SourceKind,
    TimeWindow,
)
from claimledger.present.cli import app as cli
from claimledger.present.export import (
    ACLED_COLUMNS,
    assessed,
    event_key,
    export_acled_csv,
    export_geojson,
    export_jsonl,
)
from claimledger.store import Ledger

MOD = Claimant(
    name="the ministry",
    canonical="Russian MoD",
    kind=SourceKind.OFFICIAL_MILITARY,
    side=Side.RU,
    reliability="C",
)
GS = Claimant(name="the General Staff", kind=SourceKind.OFFICIAL_MILITARY, side=Side.UA, reliability="C")


def make(
    claim_id: str, sentence: str, claimant: Claimant, action: Action, side: Side, places: list[ClaimPlace]
) -> LedgerClaim:
    c = Claim(
        sentence=sentence,
        start=0,
        end=len(sentence),
        evidence=sentence,
        claimant=claimant,
        action=action,
        actor_side=side,
        places=places,
    )
    return LedgerClaim(
        id=claim_id, document_id="d" + claim_id, source="Wire", published_at=datetime(2025, 3, 10), claim=c
    )


VILLAGE = ClaimPlace(
    mention="Sotnikovo",
    start=0,
    end=9,
    place_id="geo:7",
    name="Sotnikovo",
    kind=PlaceKind.SETTLEMENT,
    lat=50.123456,
    lon=36.654321,
)
OBLAST = ClaimPlace(
    mention="Belgorod region",
    start=0,
    end=15,
    place_id="geo:b",
    name="Belgorod Oblast",
    kind=PlaceKind.ADMIN1,
    lat=50.7,
    lon=37.0,
)
CLAIMS = [
    make("1", '=HYPERLINK("x") Troops captured Sotnikovo.', MOD, Action.CAPTURE, Side.RU, [VILLAGE, OBLAST]),
    make("2", "Ukrainian forces still hold Sotnikovo.", GS, Action.CONTROL, Side.UA, [VILLAGE]),
    make("3", "A drone strike hit the Belgorod region.", MOD, Action.STRIKE, Side.UA, [OBLAST]),
    make("4", "Fighting continues somewhere.", MOD, Action.FIGHTING, Side.RU, []),
]
ASSESSMENT = Assessor()(CLAIMS)


def test_jsonl_round_trips_with_assessment() -> None:
    out = io.StringIO()
    assert export_jsonl(assessed(ASSESSMENT, CLAIMS), out) == 4
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (
        LedgerClaim.model_validate(
            {k: v for k, v in rows[0].items() if k not in ("assessment", "location", "coarsen_km")}
        )
        == CLAIMS[0]
    )
    assert rows[0]["assessment"]["contradicts"] == ["2"]
    assert rows[0]["location"]["geo_precision"] == 1
    assert rows[2]["location"]["geo_precision"] == 3
    assert rows[3]["location"] is None


def test_geojson_is_valid_points_in_lon_lat_order() -> None:
    out = io.StringIO()
    assert export_geojson(assessed(ASSESSMENT, CLAIMS), out) == 3
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection" and collection["unlocated_claims"] == 1
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "crs" not in collection
    first = collection["features"][0]
    assert first["geometry"]["coordinates"] == [36.65432, 50.12346]
    assert first["properties"]["grade"] == ASSESSMENT.grades["1"].code
    assert first["properties"]["reasons"] and first["properties"]["geo_precision"] == 1


def test_coarsening_snaps_every_coordinate_and_says_so() -> None:
    out = io.StringIO()
    export_geojson(assessed(ASSESSMENT, CLAIMS), out, coarsen_km=10)
    collection = json.loads(out.getvalue())
    assert "10 km" in collection["note"] and collection["coarsen_km"] == 10
    point = collection["features"][0]
    assert point["geometry"]["coordinates"] == list(reversed(coarsen(50.123456, 36.654321, 10)))
    assert point["properties"]["geo_precision"] == 2
    lines = io.StringIO()
    export_jsonl(assessed(ASSESSMENT, CLAIMS), lines, coarsen_km=10)
    assert "50.123456" not in lines.getvalue() and "36.654321" not in lines.getvalue()
    lat, lon = coarsen(50.123456, 36.654321, 10)
    assert abs(lat - 50.123456) <= 10 / 111.32 and abs(lon - 36.654321) <= 10 / 111.32 / 0.6
    assert coarsen(50.12, 36.66, 10) == (lat, lon)  # a neighbour 600 m away falls into the same cell


def acled(claims: list[LedgerClaim], **options: Any) -> tuple[int, list[dict[str, str]], list[str]]:
    """The ACLED CSV of these claims, event by event: rows written, the rows, and the header."""
    out = io.StringIO()
    items = sorted(assessed(Assessor()(claims), claims), key=event_key)
    written = export_acled_csv(items, out, **options)
    text = out.getvalue()
    return written, list(csv.DictReader(io.StringIO(text))), next(csv.reader(io.StringIO(text)))


def test_acled_csv_writes_one_row_per_event_with_every_source() -> None:
    unlocated: list[int] = []
    written, rows, header = acled(CLAIMS, coarsen_km=25, unlocated=unlocated.append)
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS) :][:3] == ["group", "claim_ids", "document_ids"]
    assert written == 2 and unlocated == [1]  # the placeless fighting claim is its own, unlocated event
    capture, strike = rows
    assert capture["claim_ids"] == "1; 2" and capture["group"] == ASSESSMENT.group_of["1"]
    assert capture["source"] == "Russian MoD; Wire; the General Staff"
    assert capture["notes"].startswith(
        "Russian MoD (claimed): capture by RU; the General Staff (claimed): control by UA"
    )
    assert (capture["event_type"], capture["sub_event_type"]) == (
        "Battles",
        "Non-state actor overtakes territory",
    )
    assert capture["actor1"] == "Military Forces of Russia (2000-)"
    assert capture["actor2"] == "Military Forces of Ukraine (2019-)"
    assert capture["admin1"] == "Belgorod Oblast" and capture["location"] == "Sotnikovo"
    assert capture["sentences"].startswith("'=HYPERLINK")  # formula neutralised
    assert (strike["event_type"], strike["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert strike["geo_precision"] == "3" and capture["geo_precision"] == "2"
    assert "coarsened to 25 km" in capture["tags"] and "25 km" in capture["notes"]
    assert capture["event_date"] == "2025-03-10" and capture["time_precision"] == "2"
    assert capture["grades"] == "; ".join(dict.fromkeys(ASSESSMENT.grades[c].code for c in ("1", "2")))


def test_acled_event_takes_the_tightest_window_and_counts_only_the_killed() -> None:
    strike = make("7", "Missiles struck Sotnikovo on 8 March.", GS, Action.STRIKE, Side.RU, [VILLAGE])
    strike.claim.time = TimeWindow(text="on 8 March", start=date(2025, 3, 8), end=date(2025, 3, 8))
    strike.claim.quantity = Quantity(value=40, unit="missiles", text="40 missiles")
    dead = make("8", "Three people were killed in Sotnikovo.", GS, Action.CASUALTIES, Side.RU, [VILLAGE])
    dead.claim.quantity = Quantity(value=3, unit="killed", text="three people were killed")
    _, rows, _ = acled([strike, dead])
    assert len(rows) == 1 and rows[0]["claim_ids"] == "7; 8"
    assert rows[0]["fatalities"] == "3"  # not the 40 missiles
    assert (rows[0]["event_date"], rows[0]["time_precision"]) == ("2025-03-08", "1")
    assert "casualties by RU (3 killed)" in rows[0]["notes"]
    _, (alone,), _ = acled([strike])
    assert alone["fatalities"] == "0"


def test_acled_export_of_a_stored_ledger_reports_unlocated_events(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    documents = [Document.create(text=c.claim.sentence, source="Wire", published_at=c.published_at)
                 for c in CLAIMS]
    with Ledger(url=db) as ledger:
        ledger.add_many([(d, Extraction(document_id=d.id, claims=[c.claim]))
                         for d, c in zip(documents, CLAIMS, strict=True)])
        jobs.reassess(ledger)
    out = tmp_path / "events.csv"
    done = CliRunner().invoke(cli, ["export", "--format", "acled-csv", "--out", str(out), "--db", db])
    assert done.exit_code == 0, done.output
    assert "1 events without a location were not written" in done.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(len(row["claim_ids"].split("; ")) for row in rows) == [1, 2]  # capture and hold: one event
    assert all(row["latitude"] for row in rows)


HAMLET = ClaimPlace(  # a village known only by its hromada's point
    mention="Novoselivka",
    start=0,
    end=11,
    place_id="katottg:UA1",
    name="Novoselivka",
    kind=PlaceKind.SETTLEMENT,
    admin1="Donetsk Oblast",
    lat=48.1,
    lon=37.6,
    precision_km=15.0,
)
PRECISE = VILLAGE.model_copy(update={"precision_km": 1.0})
PRECISION_CLAIMS = [
    make("5", "Troops captured Novoselivka.", MOD, Action.CAPTURE, Side.RU, [HAMLET]),
    make("6", "Troops captured Sotnikovo near Novoselivka.", MOD, Action.CAPTURE, Side.RU, [HAMLET, PRECISE]),
]


def test_every_export_carries_precision_and_a_coarse_village_is_never_a_village_point() -> None:
    assessment = Assessor()(PRECISION_CLAIMS)
    geojson = io.StringIO()
    export_geojson(assessed(assessment, PRECISION_CLAIMS), geojson)
    hamlet, both = (f["properties"] for f in json.loads(geojson.getvalue())["features"])
    assert (hamlet["precision_km"], hamlet["geo_precision"], hamlet["approximate"]) == (15.0, 2, True)
    # the claim is placed at its most precise place
    assert (both["place"], both["precision_km"], both["geo_precision"]) == ("Sotnikovo", 1.0, 1)

    lines = io.StringIO()
    export_jsonl(assessed(assessment, PRECISION_CLAIMS), lines)
    record = json.loads(lines.getvalue().splitlines()[0])
    assert record["claim"]["places"][0]["precision_km"] == 15.0
    assert record["location"] | {"lat": 0, "lon": 0} == {
        "lat": 0, "lon": 0, "name": "Novoselivka", "geo_precision": 2, "precision_km": 15.0,
        "approximate": True,
    }

    _, (event,), _ = acled(PRECISION_CLAIMS)  # one event, placed at its most precise place
    assert (event["location"], event["geo_precision"]) == ("Sotnikovo", "1")


def test_coarsening_records_a_precision_never_finer_than_the_place() -> None:
    assessment = Assessor()(PRECISION_CLAIMS)
    lines = io.StringIO()
    export_jsonl(assessed(assessment, PRECISION_CLAIMS), lines, coarsen_km=2)
    hamlet, both = (json.loads(line) for line in lines.getvalue().splitlines())
    assert hamlet["location"]["precision_km"] == 15.0 + 1.4  # its own 15 km and half a 2 km cell's diagonal
    assert hamlet["claim"]["places"][0]["precision_km"] == 16.4
    assert hamlet["location"]["geo_precision"] == 2
    assert both["location"]["precision_km"] == 2.4 and both["location"]["geo_precision"] == 1
    assert [p["precision_km"] for p in both["claim"]["places"]] == [16.4, 2.4]
    for places in (hamlet["claim"]["places"], both["claim"]["places"]):
        for place, original in zip(places, [HAMLET, PRECISE], strict=False):
            assert place["precision_km"] >= (original.precision_km or 0)
    geojson = io.StringIO()
    export_geojson(assessed(assessment, PRECISION_CLAIMS), geojson, coarsen_km=60)
    assert {f["properties"]["geo_precision"] for f in json.loads(geojson.getvalue())["features"]} == {3}
