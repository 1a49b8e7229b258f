"""Ledger-read benchmark: how long reading a large assessed ledger takes.

Generates `--claims` synthetic claims with `benchmarks/api.py`'s generator into a fresh SQLite ledger,
assesses and stores the assessment once (`jobs.reassess`), then times, best of `--rounds`:
`Ledger.claims()`, reading the stored assessment (with and without the block index), `snapshot.load`,
`claimledger claims --limit 20` end to end in a subprocess, and the ingest of one new 20-claim document
(`Ledger.add_many` plus the incremental assessment catch-up `jobs.ingest` runs), each on a fresh copy.
Prints a table and rewrites the "Ledger reads" section of benchmarks/README.md (unless --no-readme).

    .venv/bin/python benchmarks/ledger_read.py [--claims 100000] [--rounds 3] [--keep PATH] [--no-readme]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from _readme import write_section
from api import CLAIMANTS, generate

from claimledger import jobs
from claimledger.model import Action, Claim, ClaimPlace, Document, Extraction, Side, TimeWindow
from claimledger.present import snapshot
from claimledger.store import Ledger

NEW_CLAIMS = 20


def build(db: Path, claims: int) -> float:
    """Store the generated claims and their assessment in `db`; seconds taken."""
    started = time.perf_counter()
    with Ledger(url=str(db)) as ledger:
        ledger.add_many(generate(claims), batch_size=500)
        jobs.reassess(ledger)
    return time.perf_counter() - started


def new_document() -> tuple[Document, Extraction]:
    """One new document with NEW_CLAIMS claims about places the ledger already holds."""
    sentences, found, offset = [], [], 0
    for n in range(NEW_CLAIMS):
        name = f"Settlement{n * 97}"
        text = f"Troops captured {name} this morning, officials said in bulletin {n}."
        at = offset + text.index(name)
        day = datetime(2025, 6, 1).date()
        place = ClaimPlace(mention=name, start=at, end=at + len(name), place_id=f"bench:{n * 97}", name=name,
                           kind="settlement", lat=48.0, lon=35.0)
        found.append(Claim(sentence=text, start=offset, end=offset + len(text), evidence=text,
                           claimant=CLAIMANTS[n % len(CLAIMANTS)], action=Action.CAPTURE, actor_side=Side.RU,
                           places=[place], time=TimeWindow(start=day, end=day, text="this morning")))
        sentences.append(text)
        offset += len(text) + 1
    published = datetime(2025, 6, 1, 9)
    document = Document.create(text=" ".join(sentences), source="bench-new", published_at=published)
    return document, Extraction(document_id=document.id, claims=found)


def best(rounds: int, db: Path, workdir: Path, work: Callable[[str], object]) -> float:
    """The fastest of `rounds` runs of `work` on a fresh copy of the ledger, in seconds."""
    times = []
    for n in range(rounds):
        copy = workdir / f"copy{n}.db"
        shutil.copyfile(db, copy)
        started = time.perf_counter()
        work(str(copy))
        times.append(time.perf_counter() - started)
        copy.unlink()
    return min(times)


def measure(db: Path, rounds: int, workdir: Path) -> dict[str, float]:
    def claims(url: str) -> None:
        with Ledger(url=url) as ledger:
            ledger.claims()

    def stored(url: str) -> None:
        with Ledger(url=url) as ledger:
            ledger.assessment(blocks=False)

    def stored_blocks(url: str) -> None:
        with Ledger(url=url) as ledger:
            ledger.assessment(blocks=True)

    def load(url: str) -> None:
        with Ledger(url=url) as ledger:
            snapshot.load(ledger)

    def command(url: str) -> None:
        args = [str(Path(sys.executable).parent / "claimledger"), "claims", "--limit", "20", "--db", url]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)

    def ingest(url: str) -> None:
        with Ledger(url=url) as ledger:
            ledger.add_many([new_document()])
            jobs.assessment(ledger)

    steps: dict[str, Callable[[str], None]] = {
        "`Ledger.claims()`": claims,
        "stored assessment, `Ledger.assessment(blocks=False)`": stored,
        "stored assessment with the block index": stored_blocks,
        "`snapshot.load` (claims, reviews, stored assessment, indexes)": load,
        "`claimledger claims --limit 20`, whole process": command,
        f"ingest one {NEW_CLAIMS}-claim document (store + assessment catch-up)": ingest,
    }
    return {label: best(rounds, db, workdir, step) for label, step in steps.items()}


def report(claims: int, rounds: int, build_seconds: float, numbers: dict[str, float]) -> str:
    lines = [
        f"{claims:,} generated claims (`benchmarks/api.py`'s generator) in a SQLite ledger with its stored "
        f"assessment ({f'built in {build_seconds:.0f} s' if build_seconds else 'reused with --keep'}); "
        f"best of {rounds} runs, each "
        "on a fresh copy of the file, opening the ledger included.",
        "",
        "| read | seconds |",
        "|---|---:|",
        *(f"| {label} | {seconds:.2f} |" for label, seconds in numbers.items()),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse (or create) the generated ledger at this path")
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        build_seconds = build(db, args.claims) if not db.exists() else 0.0
        numbers = measure(db, args.rounds, Path(tmp))
    body = report(args.claims, args.rounds, build_seconds, numbers)
    print(body)
    if not args.no_readme:
        command = " ".join([".venv/bin/python", "benchmarks/ledger_read.py", *sys.argv[1:]])
        write_section("ledger-read", "Ledger reads", body, command)


if __name__ == "__main__":
    main()
