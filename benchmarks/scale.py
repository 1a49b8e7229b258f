"""Build a large realistic ledger through the store API, then time the read commands on it.

Usage:
  python benchmarks/scale.py build --claims N --db PATH   # documents of 5 claims each, assessed and stored
  python benchmarks/scale.py run --db PATH [--rounds 3]    # writes the "Scale" section of README.md

`build` takes 3,000 settlements of the embedded gazetteer (popularity skewed: weight 1/(rank+10)), 60
claimants on both sides and neutral ones, days over 2025, and stores each document with its extraction
(`Ledger.add_many`), then assesses the whole ledger (`jobs.reassess`). `run` times each command in a fresh
process (wall seconds, median of the rounds, and peak RSS), beside a fresh `claimledger --help`.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _readme import write_section

from claimledger import jobs
from claimledger.extract.geo._gazetteer import _unpacked_embedded
from claimledger.model import (
    Action,
    Claim,
    Claimant,
    ClaimPlace,
    Document,
    Extraction,
    Side,
    Status,
    TimeWindow,
)
from claimledger.store import Ledger

CLAIMS_PER_DOCUMENT = 5
SETTLEMENTS = 3000
ACTIONS = (Action.CAPTURE, Action.RECAPTURE, Action.CONTROL, Action.ATTACK_REPELLED, Action.ADVANCE,
           Action.STRIKE, Action.FIGHTING)
STATUSES = (Status.CLAIMED, Status.CLAIMED, Status.CLAIMED, Status.UNVERIFIED, Status.DENIED)
SIDES = (Side.RU, Side.UA, Side.NEUTRAL)
CLAIMANTS = [(f"{side.value} source {n}", side) for n in range(20) for side in SIDES]
FIRST_DAY = date(2025, 1, 1)
CLI = [sys.executable, "-m", "claimledger"]
#: The web server's first answer, in a fresh process: build the app on the ledger and GET one path.
FIRST_ANSWER = """import sys
from fastapi.testclient import TestClient
from claimledger.present.api import create_app
with TestClient(create_app(db_url=sys.argv[1], tiles="none"), base_url="http://127.0.0.1") as client:
    client.get(sys.argv[2]).raise_for_status()
"""


def settlements(count: int, seed: int) -> list[ClaimPlace]:
    """`count` settlements of the embedded gazetteer with coordinates, most populous first."""
    with sqlite3.connect(_unpacked_embedded()) as conn:
        rows = conn.execute(
            "SELECT id, name, kind, country, admin1, admin2, lat, lon, precision_km FROM places "
            "WHERE kind = 'settlement' AND lat IS NOT NULL ORDER BY population DESC, id LIMIT ?", (count,)
        ).fetchall()
    random.Random(seed).shuffle(rows)
    return [ClaimPlace(mention=name, start=0, end=len(name), place_id=pid, name=name, kind=kind,
                       country=country, admin1=admin1, admin2=admin2, lat=lat, lon=lon, precision_km=km)
            for pid, name, kind, country, admin1, admin2, lat, lon, km in rows]


def documents(claims: int, seed: int) -> Iterator[tuple[Document, Extraction]]:
    """Documents of `CLAIMS_PER_DOCUMENT` claims each, `claims` claims in all."""
    rng = random.Random(seed)
    places = settlements(SETTLEMENTS, seed)
    weights = [1 / (rank + 10) for rank in range(len(places))]
    for n in range(claims // CLAIMS_PER_DOCUMENT):
        day = FIRST_DAY + timedelta(days=rng.randrange(365))
        chosen = rng.choices(places, weights, k=CLAIMS_PER_DOCUMENT)
        sentences = [f"Report {n}.{k}: {rng.choice(ACTIONS).value} near {place.name}." for k, place in
                     enumerate(chosen)]
        text = " ".join(sentences)
        document = Document.create(text=text, source=f"Wire {n % 50}", language="en",
                                   published_at=datetime.combine(day, datetime.min.time(), UTC))
        found, offset = [], 0
        for sentence, place in zip(sentences, chosen, strict=True):
            name, side = rng.choice(CLAIMANTS)
            at = offset + sentence.index(place.mention)
            when = day - timedelta(days=rng.randrange(3))
            found.append(Claim(
                sentence=sentence, start=offset, end=offset + len(sentence), evidence=sentence,
                claimant=Claimant(name=name, side=side), action=rng.choice(ACTIONS),
                actor_side=rng.choice(SIDES[:2]), status=rng.choice(STATUSES),
                places=[place.model_copy(update={"start": at, "end": at + len(place.mention)})],
                time=TimeWindow(start=when, end=when, text=when.isoformat()),
            ))
            offset += len(sentence) + 1
        yield document, Extraction(document_id=document.id, claims=found)


def build(claims: int, db: str, seed: int) -> None:
    started = time.perf_counter()
    with Ledger(url=db) as ledger:
        ledger.add_many(documents(claims, seed), batch_size=500)
        stored = time.perf_counter()
        jobs.reassess(ledger)
        count = ledger.count()["claims"]
    done = time.perf_counter()
    print(f"{count} claims stored in {stored - started:.1f} s, assessed in {done - stored:.1f} s")


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        why = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed: {why}")
    return wall, usage.ru_maxrss / 1024


def run(db: str, rounds: int) -> None:
    with Ledger(url=db, create=False) as ledger:
        count = ledger.count()["claims"]
        busiest = next(ledger.query(limit=1)).claim
        place = busiest.claim.places[0].name or ""
        document_id = busiest.document_id
        lat, lon = next((p.lat, p.lon) for p in busiest.claim.places
                        if p.lat is not None and p.lon is not None)
    # about one oblast around the busiest place: 2 degrees of latitude by 3 of longitude
    bbox = f"{lon - 1.5:.2f},{lat - 1:.2f},{lon + 1.5:.2f},{lat + 1:.2f}"
    cli = {
        "claimledger --help": ["--help"],
        "claims --limit 20": ["claims", "--limit", "20"],
        f"claims --limit 20 --place {place}": ["claims", "--limit", "20", "--place", place],
        "claims --limit 20 --claimant 'UA source 3'":
            ["claims", "--limit", "20", "--claimant", "UA source 3"],
        "claims --limit 20 --since 2025-06-01 --until 2025-06-07":
            ["claims", "--limit", "20", "--since", "2025-06-01", "--until", "2025-06-07"],
        f"timeline {place}": ["timeline", place],
        f"show {document_id[:12]}": ["show", document_id[:12]],
        "contradictions --limit 20": ["contradictions", "--limit", "20"],
        "export --format geojson": ["export", "--format", "geojson", "--out", os.devnull],
        "export --format acled-csv": ["export", "--format", "acled-csv", "--out", os.devnull],
    }
    commands = {name: CLI + args + ([] if args == ["--help"] else ["--db", db]) for name, args in cli.items()}
    for path in ("/api/claims?limit=20", f"/api/map?bbox={bbox}"):
        commands[f"server's first answer: GET {path}"] = [sys.executable, "-c", FIRST_ANSWER, db, path]
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):  # interleaved, so load changes hit every command alike
        for name, args in commands.items():
            figures[name].append(timed(args))
    base = statistics.median(wall for wall, _ in figures["claimledger --help"])
    lines = ["| command | wall s (median) | × `--help` | peak RSS MB |", "|---|---:|---:|---:|"]
    for name, found in figures.items():
        wall = statistics.median(w for w, _ in found)
        lines.append(f"| `{name}` | {wall:.2f} | {wall / base:.1f} | {max(r for _, r in found):.0f} |")
    exported = statistics.median(w for w, _ in figures["export --format geojson"])
    body = (f"A ledger of {count:,} claims on SQLite built by `benchmarks/scale.py build`; each command in a "
            f"fresh process, median of {rounds} interleaved rounds.\n\n" + "\n".join(lines) + "\n\n"
            f"`export --format geojson` streams {count / (exported - base):,.0f} claims/s once started "
            "(its wall time less a `--help` start).\n")
    print(body)
    write_section("scale", "Scale: read commands on a large ledger", body,
                  f"python benchmarks/scale.py run --db LEDGER --rounds {rounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    building = commands.add_parser("build", help="build a ledger of N claims")
    building.add_argument("--claims", type=int, required=True)
    building.add_argument("--db", required=True)
    building.add_argument("--seed", type=int, default=7)
    running = commands.add_parser("run", help="time the read commands on a ledger")
    running.add_argument("--db", required=True)
    running.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if options.command == "build":
        if Path(options.db).exists():
            raise SystemExit(f"{options.db} exists; build writes a new ledger")
        build(options.claims, options.db, options.seed)
    else:
        run(options.db, options.rounds)


if __name__ == "__main__":
    main()
