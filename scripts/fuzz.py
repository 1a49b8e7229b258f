"""The long fuzz run: hostile inputs through every reader, and hostile documents through ingest with the
real extraction pipeline.

Readers: `--inputs` generated files (random bytes, byte havoc on tests/fixtures/ingest, hostile values in
the fixtures' JSON: tests/hostile.py, the same generators the bounded property tests use) go through
`ingest.read_file` in `--workers` processes. A crash is any exception that is not a named `IngestError`
naming the file; each one is saved under `--out` with its traceback. Pipeline: `--documents` generated
documents (the audit's poison phrases, dates at the ends of time, rare scripts, control characters, mixed
with ordinary sentences) are ingested in batches with the real extraction; a crash is a batch that aborts.
Documents whose extraction raised are stored with the error and counted, by exception.

Prints the figures and rewrites the "Fuzzing" section of benchmarks/README.md (unless --no-readme).

    .venv/bin/python scripts/fuzz.py [--inputs 100000] [--documents 600] [--workers 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from _readme import write_section  # noqa: E402
from hostile import HOSTILE_VALUES, reader_input  # noqa: E402

from claimledger import jobs  # noqa: E402
from claimledger.errors import IngestError  # noqa: E402
from claimledger.ingest import read_file  # noqa: E402
from claimledger.ingest._jsonl import parse_published  # noqa: E402
from claimledger.store import Ledger  # noqa: E402

MAX_BYTES = 1_000_000
SLOW = 2.0  # seconds: an input read slower than this is saved beside the crashes
SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
SENTENCES = [
    "The ministry said its forces captured Gogolevka in Kursk region {x}.",
    "Ukraine's General Staff said its forces repelled {x} attacks near Pokrovsk.",
    "Обстрел у {x}Покровска, сообщили в администрации.",
    "Сили оборони відбили {x} атак біля Куп'янська, повідомив Генштаб.",
    "Local officials reported shelling in Vovchansk {x} overnight.",
]
PHRASES = [
    "over the past 5000 years", "over the past 99999999999 days", "since last December", "overnight",
    "\U00017075", "\U00018800", "\x1b]52;c;cHduZWQ=\x1b\\", "\u0000", "\ud800", "two", "99999999999999999999",
    "on 31 February 0001", "in the year 9999", "", "-", "\u202e", "a" * 2000,
]
#: Publication dates at the ends of time that are valid in UTC (the readers' fuzz covers the invalid ones).
DATES = ["0001-01-01T00:00:00Z", "0001-01-02T00:00:00+05:00", "9999-12-31T23:59:59Z", "2025-03-18T10:00:00Z",
         None]


@dataclass
class Tally:
    """What one worker's share of reader inputs did."""

    inputs: int = 0
    documents: int = 0
    named: int = 0
    crashes: Counter[str] = field(default_factory=Counter)
    slowest: float = 0.0
    slow: int = 0


def _fuzz_readers(seed: int, count: int, out: str) -> Tally:
    """Run `count` generated inputs through read_file; save each crash's input and traceback in `out`."""
    parse_published("3 April 2025 10:00")  # dateparser's cold start is not a reader's time
    rng, tally = random.Random(seed), Tally()
    with tempfile.TemporaryDirectory(dir=SCRATCH, prefix="claimledger-fuzz-") as scratch:
        for n in range(count):
            name, data = reader_input(rng)
            path = Path(scratch) / name
            path.write_bytes(data)
            started = time.perf_counter()
            try:
                tally.documents += len(read_file(path, max_bytes=MAX_BYTES))
            except IngestError as error:
                tally.named += 1
                if not str(error).startswith(str(path)):
                    tally.crashes["IngestError not naming the file"] += 1
            except Exception as error:  # the crash the fuzz run looks for
                signature = f"{type(error).__name__}: {str(error)[:80]}"
                tally.crashes[signature] += 1
                case = Path(out) / f"crash-{seed}-{n}{path.suffix}"
                case.write_bytes(data)
                case.with_suffix(".txt").write_text(traceback.format_exc(), encoding="utf-8")
            took = time.perf_counter() - started
            if took > SLOW:  # a hang candidate: kept for a look
                tally.slow += 1
                (Path(out) / f"slow-{seed}-{n}{path.suffix}").write_bytes(data)
            tally.slowest = max(tally.slowest, took)
            tally.inputs += 1
    return tally


def fuzz_readers(inputs: int, workers: int, seed: int, out: Path) -> tuple[Tally, float]:
    started = time.perf_counter()
    shares = [inputs // workers + (n < inputs % workers) for n in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_fuzz_readers, [seed * 1000 + n for n in range(workers)], shares,
                              [str(out)] * workers))
    total = Tally()
    for part in parts:
        total.inputs += part.inputs
        total.documents += part.documents
        total.named += part.named
        total.crashes.update(part.crashes)
        total.slowest = max(total.slowest, part.slowest)
        total.slow += part.slow
    return total, time.perf_counter() - started


def _documents(rng: random.Random, count: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            poison = rng.choice([*PHRASES, str(rng.choice(HOSTILE_VALUES))])
            parts.append(rng.choice(SENTENCES).format(x=poison))
        rows.append({"text": " ".join(parts), "source": rng.choice(["desk", "channel\u0000", "wire"]),
                     "published": rng.choice(DATES)})
    return rows


@dataclass
class PipelineTally:
    """What ingesting generated documents with real extraction did."""

    documents: int = 0
    stored: int = 0
    aborts: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    files_failed: int = 0
    seconds: float = 0.0


def fuzz_pipeline(documents: int, seed: int, batch: int = 50) -> PipelineTally:
    """Ingest generated documents with real extraction, `batch` per file and four files per run."""
    rng, tally = random.Random(seed), PipelineTally(documents=documents)
    started = time.perf_counter()
    pipeline = jobs.pipeline()
    with tempfile.TemporaryDirectory(prefix="claimledger-fuzz-") as scratch:
        folder = Path(scratch)
        files = []
        for n in range(0, documents, batch):
            path = folder / f"batch{n:06}.jsonl"
            rows = _documents(rng, min(batch, documents - n))
            path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
            files.append(path)
        with Ledger(url=str(folder / "ledger.db")) as ledger:
            for run in range(0, len(files), 4):
                try:
                    done = jobs.ingest(files[run : run + 4], ledger=ledger, pipeline=pipeline,
                                       max_bytes=MAX_BYTES, published=datetime(2025, 3, 18, tzinfo=UTC))
                except Exception as error:  # the crash this looks for: a batch that aborts
                    tally.aborts[f"{type(error).__name__}: {str(error)[:80]}"] += 1
                    continue
                tally.stored += done.added
                tally.failures.update(failure.reason.split(":")[0] for failure in done.extraction_failures)
                tally.files_failed += len(done.failures)
    tally.seconds = time.perf_counter() - started
    return tally


def report(readers: Tally, seconds: float, pipeline: PipelineTally | None, workers: int) -> str:
    crashes = sum(readers.crashes.values())
    lines = [
        f"Readers (`ingest.read_file`, {workers} processes): {readers.inputs:,} generated inputs, a third "
        "each random bytes, byte havoc on the fixtures and hostile values in the fixtures' JSON "
        "(tests/hostile.py).",
        "",
        "| inputs | read (documents) | named errors | crashes | s | inputs/s | slowest (s) | over 2 s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {readers.inputs:,} | {readers.inputs - readers.named:,} ({readers.documents:,}) | "
        f"{readers.named:,} | {crashes} | {seconds:.0f} | {readers.inputs / seconds:,.0f} | "
        f"{readers.slowest:.2f} | {readers.slow} |",
    ]
    lines += [f"- crash: `{signature}` × {n}" for signature, n in readers.crashes.most_common()]
    if pipeline is not None:
        kinds = ", ".join(f"{kind} × {n}" for kind, n in pipeline.failures.most_common()) or "none"
        lines += [
            "",
            "Pipeline (`jobs.ingest` with the real extraction, 50 documents a file, 4 files a run): "
            f"{pipeline.documents:,} generated documents with the audit's poison phrases, dates in years 1 "
            "and "
            f"9999, historic scripts, NUL and escape sequences: {pipeline.stored:,} stored, "
            f"{sum(pipeline.aborts.values())} batch aborts, {sum(pipeline.failures.values())} documents "
            f"stored with an extraction error ({kinds}), {pipeline.files_failed} files refused by their "
            f"reader, {pipeline.seconds:.0f} s.",
        ]
        lines += [f"- batch abort: `{signature}` × {n}" for signature, n in pipeline.aborts.most_common()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="reader inputs to generate")
    parser.add_argument("--documents", type=int, default=600, help="documents through the real pipeline")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs go")
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    readers, seconds = fuzz_readers(args.inputs, args.workers, args.seed, args.out)
    pipeline = fuzz_pipeline(args.documents, args.seed) if args.documents else None
    body = report(readers, seconds, pipeline, args.workers)
    print(body)
    if not args.no_readme:
        command = " ".join([".venv/bin/python", "scripts/fuzz.py", *sys.argv[1:]])
        write_section("fuzz", "Fuzzing", body, command)
    crashed = sum(readers.crashes.values()) + (sum(pipeline.aborts.values()) if pipeline else 0)
    if not any(args.out.iterdir()):
        args.out.rmdir()
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
