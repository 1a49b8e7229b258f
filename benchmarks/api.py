"""API benchmark: requests/s and latency of `/api/claims` on a ledger of generated claims.

Generates `--claims` synthetic claims (4 per document, on 2,000 made-up settlements over a year) into a
fresh SQLite ledger with `Ledger.add_many`, serves it with uvicorn in a second process on loopback and
drives it with httpx from this one: a bounded number of requests per query, sequentially and from
`--clients` threads at once. The first request's time includes loading and assessing the whole ledger.
Prints a table and rewrites the "API" section of benchmarks/README.md (unless --no-readme).

    .venv/bin/python benchmarks/api.py [--claims 100000] [--requests 300] [--clients 4] [--no-readme]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
from _readme import write_section

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

README = Path(__file__).resolve().parent / "README.md"
PER_DOCUMENT = 4
FIRST_DAY = date(2025, 1, 1)
CLAIMANTS = [
    Claimant(name=f"Claimant {n}", canonical=f"Claimant {n}", side=side, reliability="ABCDEF"[n % 6])
    for n, side in enumerate([Side.RU, Side.UA] * 10)
]
QUERIES = {
    "first page": {"limit": 50},
    "deep page": {"limit": 50, "offset": 50_000},
    "status": {"status": "claimed", "limit": 50},
    "bbox + time": {"bbox": "35,48,37,50", "since": "2025-03-01", "until": "2025-04-30", "limit": 50},
    "place": {"place": "bench:17", "limit": 50},
    "claimant + side": {"claimant": "claimant 3", "side": "UA", "limit": 50},
}


def generate(claims: int, *, seed: int = 7) -> Iterator[tuple[Document, Extraction]]:
    rng = random.Random(seed)
    places = [
        (f"bench:{n}", f"Settlement{n}", rng.uniform(46.0, 52.0), rng.uniform(30.0, 40.0))
        for n in range(2000)
    ]
    actions = [Action.ADVANCE, Action.CAPTURE, Action.ATTACK, Action.STRIKE, Action.CONTROL, Action.FIGHTING]
    for d in range(claims // PER_DOCUMENT):
        published = datetime(2025, 1, 1, 8) + timedelta(days=rng.randrange(365), minutes=d % 600)
        sentences, found = [], []
        offset = 0
        for _ in range(PER_DOCUMENT):
            place_id, name, lat, lon = rng.choice(places)
            text = f"Forces were reported near {name} in report {d}."
            at = offset + text.index(name)
            day = published.date() - timedelta(days=rng.randrange(3))
            found.append(
                Claim(
                    sentence=text,
                    start=offset,
                    end=offset + len(text),
                    evidence=text,
                    claimant=rng.choice(CLAIMANTS),
                    action=rng.choice(actions),
                    actor_side=rng.choice([Side.RU, Side.UA]),
                    places=[
                        ClaimPlace(
                            mention=name,
                            start=at,
                            end=at + len(name),
                            place_id=place_id,
                            name=name,
                            kind="settlement",
                            lat=lat,
                            lon=lon,
                        )
                    ],
                    time=TimeWindow(start=day, end=day, text="yesterday"),
                    status=rng.choice(list(Status)),
                )
            )
            sentences.append(text)
            offset += len(text) + 1
        document = Document.create(text=" ".join(sentences), source=f"bench-{d % 50}", published_at=published)
        yield document, Extraction(document_id=document.id, claims=found)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(db: str, port: int) -> subprocess.Popen[bytes]:
    code = f"from claimledger.present.api import serve; serve(db_url={db!r}, port={port}, tiles='none')"
    return subprocess.Popen(
        [sys.executable, "-c", code], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL
    )


def wait_ready(client: httpx.Client) -> float:
    """Seconds until the server answers and its first request (which assesses the ledger) returns."""
    started = time.perf_counter()
    while True:
        try:
            client.get("/api/meta", timeout=600).raise_for_status()
            return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.1)


def run(
    client: httpx.Client, params: dict[str, object], requests: int, clients: int
) -> tuple[float, float, float]:
    """(requests/s, median ms, p95 ms) of `requests` GETs of /api/claims from `clients` threads."""

    def one(_: int) -> float:
        started = time.perf_counter()
        client.get("/api/claims", params=params).raise_for_status()  # type: ignore[arg-type]
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = sorted(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return requests / elapsed, statistics.median(latencies), p95


def measure(claims: int, requests: int, clients: int, workdir: Path) -> tuple[list[str], dict[str, float]]:
    db = str(workdir / "bench.db")
    started = time.perf_counter()
    with Ledger(url=db) as ledger:
        ledger.add_many(generate(claims), batch_size=500)
    numbers = {"generate_and_store": time.perf_counter() - started}
    port = free_port()
    server = serve(db, port)
    rows = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            numbers["first_request"] = wait_ready(client)
            started = time.perf_counter()
            size = len(client.get("/api/map").content)
            numbers["map_seconds"], numbers["map_mb"] = time.perf_counter() - started, size / 2**20
            for label, params in QUERIES.items():
                total = client.get("/api/claims", params=params).json()["total"]  # type: ignore[arg-type]
                for threads in (1, clients):
                    rate, median, p95 = run(client, params, requests, threads)
                    rows.append(
                        f"| {label} | {total:,} | {threads} | {rate:,.0f} | {median:.1f} | {p95:.1f} |"
                    )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows, numbers


def report(claims: int, requests: int, rows: list[str], numbers: dict[str, float]) -> str:
    lines = [
        f"{claims:,} generated claims ({claims // PER_DOCUMENT:,} documents, 2,000 settlements, one year) "
        f"in a fresh SQLite ledger (generated and stored in {numbers['generate_and_store']:.0f} s);",
        "uvicorn (one process, default thread pool) on loopback, httpx from a second process,",
        f"{requests} requests per row. Time to the first answer, which loads and assesses the whole ledger: "
        f"{numbers['first_request']:.1f} s; `/api/map` (every located claim, for the web map): "
        f"{numbers['map_mb']:.1f} MB in {numbers['map_seconds']:.2f} s.",
        "",
        "| `/api/claims` query | matches | clients | requests/s | median ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
    ]
    return "\n".join(lines)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        rows, numbers = measure(args.claims, args.requests, args.clients, Path(tmp))
    body = report(args.claims, args.requests, rows, numbers)
    print(body)
    if not args.no_readme:
        write_section("api", "API", body, " ".join([".venv/bin/python", "benchmarks/api.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
