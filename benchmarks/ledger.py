"""Benchmark the Assessor: time and peak memory for synthetic ledgers, and one incremental update.

Usage: python benchmarks/ledger.py [SIZE ...] [--no-readme]   (default 10000 100000 1000000); rewrites the
"Ledger" section of benchmarks/README.md. Claims are spread over one place per 20 claims
(places about 10 km apart) and 365 days, so each claim has about as many neighbours at every size;
generation time is not counted.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from _readme import write_section

from claimledger.assess import Assessor
from claimledger.model import Claim, Claimant, ClaimPlace, LedgerClaim

ACTIONS = (
    "capture",
    "recapture",
    "control",
    "attack_repelled",
    "withdrawal",
    "advance",
    "strike",
    "fighting",
    "casualties",
    "presence",
)
SIDES = ("RU", "UA")
KINDS = ("official_military", "media", "osint", "milblogger", "analyst", "author")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
EPOCH = datetime(2025, 1, 1, 8)
UPDATE_LEDGER = 100_000
README = Path(__file__).resolve().parent / "README.md"


def synthetic(n: int, *, seed: int = 7, prefix: str = "c", doc_size: int = 20) -> list[LedgerClaim]:
    """`n` claims in documents of `doc_size`, built without validation for speed."""
    rng = random.Random(seed)
    claimants = [
        Claimant.model_construct(
            name=f"party {i}",
            canonical=f"party {i}",
            kind=KINDS[i % 6],
            side=SIDES[i % 2],
            reliability=RELIABILITY[i % 6],
        )
        for i in range(60)
    ]
    places = max(1, n // 20)
    side = math.isqrt(places - 1) + 1  # places on a square grid about 10 km apart: density independent of n
    claims = []
    for i in range(n):
        p = rng.randrange(places)
        place = ClaimPlace.model_construct(
            mention=f"Village {p}",
            start=0,
            end=9,
            place_id=f"geo:{p}",
            name=f"Village {p}",
            kind="settlement",
            lat=44 + (p % side) * 0.09,
            lon=22 + (p // side) * 0.13,
        )
        action = ACTIONS[rng.randrange(len(ACTIONS))]
        sentence = f"Party says {action} at Village {p}, report {i}."
        claim = Claim.model_construct(
            sentence=sentence,
            start=0,
            end=len(sentence),
            evidence=sentence,
            claimant=claimants[rng.randrange(60)],
            via=[],
            action=action,
            actor_side=SIDES[rng.randrange(2)],
            places=[place],
            quantity=None,
            time=None,
            status="claimed",
            status_cue=None,
        )
        claims.append(
            LedgerClaim.model_construct(
                id=f"{prefix}{i}",
                document_id=f"{prefix}d{i // doc_size}",
                source="Outlet",
                published_at=EPOCH + timedelta(days=rng.randrange(365)),
                url=None,
                relay=None,
                claim=claim,
            )
        )
    return claims


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int) -> dict[str, float]:
    """Assess `n` claims; at 100k also time one new 20-claim document added incrementally."""
    claims = synthetic(n)
    before = peak_mb()
    assessor = Assessor()
    t0 = time.perf_counter()
    assessment = assessor(claims)
    seconds = time.perf_counter() - t0
    row = {
        "claims": n,
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "assess_mb": peak_mb() - before,
        "groups": len(assessment.groups),
        "contradictions": len(assessment.contradictions),
    }
    if n == UPDATE_LEDGER:
        ledger = {c.id: c for c in claims}
        new = synthetic(20, seed=99, prefix="new", doc_size=20)
        t0 = time.perf_counter()
        assessor.update(assessment, new, ledger=ledger)
        row["update_ms"] = (time.perf_counter() - t0) * 1000
    return row


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        "Synthetic claims: one place per 20 claims, places about 10 km apart, 365 days, random actions and",
        "sides, 60 claimants; `Assessor()(claims)` with the defaults (5 km, 3 days for echoes and",
        "contradictions; events within 15 km and 7 days, at most 31 days and 40 km each). Times leave out",
        "making the claims;",
        "memory is the process's peak RSS and its growth during assessment. `groups` counts events.",
        "",
        "| claims | assess s | us/claim | peak RSS MB | assessment MB | groups | contradictions |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r['claims']:,.0f} | {r['seconds']:.1f} | {r['seconds'] / r['claims'] * 1e6:.0f} | "
            f"{r['peak_mb']:,.0f} | {r['assess_mb']:,.0f} | {r['groups']:,.0f} | {r['contradictions']:,.0f} |"
            for r in rows
        ),
    ]
    lines += [
        "",
        *(
            f"Incremental: one new 20-claim document into the {r['claims']:,.0f}-claim ledger: "
            f"`Assessor.update` {r['update_ms']:.0f} ms."
            for r in rows
            if "update_ms" in r
        ),
    ]
    return "\n".join(lines)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.sizes[0])))
        return
    rows = []
    for size in args.sizes:  # one process per size, so peak memory is per size
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], check=True, capture_output=True, text=True
        )
        rows.append(json.loads(done.stdout))
        print(rows[-1], flush=True)
    body = report(rows)
    print(body)
    if not args.no_readme:
        command = " ".join([".venv/bin/python", "benchmarks/ledger.py", *sys.argv[1:]])
        write_section("ledger", "Ledger", body, command)


if __name__ == "__main__":
    main()
