"""Ingest benchmark: `Ledger.add_many` of generated news-like documents into a fresh SQLite ledger.

Measures documents per second for a first ingest, for re-ingesting the same documents (which must add
nothing), and for documents with a synthetic extraction (place mentions and claims); peak memory as
tracemalloc's peak (in a separate, slower run) and the process's ru_maxrss. Prints a table and
rewrites the "Ingest" section of benchmarks/README.md (unless --no-readme).

    .venv/bin/python benchmarks/ingest.py [--documents 10000] [--batch-size 200] [--no-readme]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _readme import write_section

from claimledger.model import Claim, Claimant, ClaimPlace, Document, Extraction, PlaceMention
from claimledger.store import Ledger

README = Path(__file__).resolve().parent / "README.md"
PLACES = ["Kupiansk", "Bakhmut", "Avdiivka", "Robotyne", "Vovchansk", "Pokrovsk", "Kherson", "Lyman"]
WORDS = [
    "forces",
    "reported",
    "shelling",
    "near",
    "the",
    "village",
    "overnight",
    "units",
    "repelled",
    "attacks",
    "drones",
    "struck",
    "positions",
    "officials",
    "said",
    "fighting",
    "continued",
    "along",
    "the",
    "front",
    "line",
    "artillery",
    "troops",
    "advanced",
    "several",
    "kilometres",
    "according",
    "to",
    "the",
    "ministry",
    "statement",
    "residents",
    "described",
    "heavy",
    "explosions",
]
SOURCES = ["Test Wire", "Example Daily", "Sample Ministry", "Demo Channel"]
Item = tuple[Document, Extraction | None]


def sentence(rng: random.Random) -> tuple[str, int, str]:
    """A sentence with one place name in it: the text, the name's offset in it, the name."""
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    name = rng.choice(PLACES)
    at = rng.randrange(len(words))
    head = " ".join(words[:at]) + (" near " if at else "Near ")
    tail = " ".join(words[at:])
    return f"{head}{name} {tail}.", len(head), name


def generate(count: int, *, seed: int, extract: bool) -> Iterator[Item]:
    """`count` documents of 4-12 sentences (about 0.5-1.5 KB), the same ones for the same seed."""
    rng = random.Random(seed)
    epoch = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(count):
        parts: list[str] = []
        mentions: list[PlaceMention] = []
        claims: list[Claim] = []
        offset = 0
        for _ in range(rng.randint(4, 12)):
            text, at, name = sentence(rng)
            parts.append(text)
            start, end = offset + at, offset + at + len(name)
            mention = PlaceMention(text=name, start=start, end=end, sentence=text, sentence_start=offset)
            mentions.append(mention)
            if len(claims) < 2:
                claimant = Claimant(name=rng.choice(SOURCES))
                places = [ClaimPlace(mention=name, start=start, end=end)]
                claims.append(
                    Claim(
                        sentence=text,
                        start=offset,
                        end=offset + len(text),
                        evidence=text[:30],
                        claimant=claimant,
                        places=places,
                    )
                )
            offset += len(text) + 1
        document = Document.create(
            text=" ".join(parts),
            source=rng.choice(SOURCES),
            url=f"https://news.example/{seed}/{n}",
            title=f"Report {n}",
            published_at=epoch + timedelta(minutes=n),
        )
        if not extract:
            yield document, None
            continue
        yield document, Extraction(document_id=document.id, mentions=mentions, claims=claims)


def timed(ledger: Ledger, items: list[Item], batch_size: int) -> tuple[float, int]:
    """Seconds to add `items`, and how many were new."""
    started = time.perf_counter()
    added = ledger.add_many(items, batch_size=batch_size)
    return time.perf_counter() - started, sum(added)


def measure(documents: int, batch_size: int, workdir: Path) -> list[tuple[str, float, float, int]]:
    """Rows of (what, seconds, documents per second, documents added); items are generated beforehand."""
    plain = list(generate(documents, seed=1, extract=False))
    extracted = list(generate(documents, seed=2, extract=True))
    rows = []
    with Ledger(url=str(workdir / "plain.db")) as ledger:
        for label in ("first ingest", "re-ingest (same documents)"):
            seconds, added = timed(ledger, plain, batch_size)
            rows.append((label, seconds, documents / seconds, added))
    if rows[1][3] != 0:
        raise SystemExit(f"re-ingest added {rows[1][3]} documents; it must add none")
    with Ledger(url=str(workdir / "extracted.db")) as ledger:
        seconds, added = timed(ledger, extracted, batch_size)
        rows.append(("first ingest with extraction", seconds, documents / seconds, added))
    return rows


def traced_peak(documents: int, batch_size: int, workdir: Path) -> int:
    tracemalloc.start()
    with Ledger(url=str(workdir / "traced.db")) as ledger:
        ledger.add_many(generate(documents, seed=3, extract=True), batch_size=batch_size)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def report(documents: int, batch_size: int, rows: list[tuple[str, float, float, int]], peak: int) -> str:
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"{documents:,} generated documents, `add_many(batch_size={batch_size})`, fresh SQLite file (WAL);",
        "timings exclude generating the documents; with extraction means 4-12 mentions and 2 claims each.",
        "",
        "| run | seconds | documents/s | added |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {seconds:.2f} | {rate:,.0f} | {added:,} |" for label, seconds, rate, added in rows),
        "",
        f"Peak memory: tracemalloc {peak / 2**20:.1f} MB (streamed ingest with extraction, separate run); "
        f"ru_maxrss {maxrss_mb:.0f} MB for the whole process.",
    ]
    return "\n".join(lines)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        rows = measure(args.documents, args.batch_size, Path(tmp))
        peak = traced_peak(args.documents, args.batch_size, Path(tmp))
    body = report(args.documents, args.batch_size, rows, peak)
    print(body)
    if not args.no_readme:
        command = " ".join([".venv/bin/python", "benchmarks/ingest.py", *sys.argv[1:]])
        write_section("ingest", "Ingest", body, command)


if __name__ == "__main__":
    main()
