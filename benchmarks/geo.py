"""Geoparsing speed: gazetteer load time, documents/s and mentions/s, peak memory.

Usage: python benchmarks/geo.py [--corpus DIR] [--rounds N] [--no-readme]
Parses every *.txt in the corpus (default: ../shared/corpus/dev beside the repository) with the embedded
gazetteer, whole (ISW-length) and cut at paragraph ends into news-length pieces (about 2,500 characters),
and rewrites the "Geoparsing" section of benchmarks/README.md (unless --no-readme). The first round runs with
cold name caches (as for unseen articles); later rounds show the steady state. The import-time heap (spaCy)
is collected before timing, as it is once per process whatever runs first. Goals: >= 200 news articles/s and
<= 800 MB peak resident memory.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _readme import write_section

from claimledger.extract.geo import Gazetteer, Geoparser
from claimledger.extract.nlp import split_sentences

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
README = Path(__file__).resolve().parent / "README.md"
NEWS_CHARS = 2_500


def news_length(text: str) -> list[str]:
    """The text cut at paragraph ends into pieces of about NEWS_CHARS characters."""
    pieces: list[str] = []
    current = ""
    for paragraph in text.splitlines(keepends=True):
        current += paragraph
        if len(current) >= NEWS_CHARS:
            pieces.append(current)
            current = ""
    if current.strip():
        pieces.append(current)
    return pieces


def parse_rounds(geoparser: Geoparser, texts: list[str], rounds: int) -> tuple[int, list[float]]:
    """Mentions found and the seconds each round over all texts took."""
    documents = [(text, split_sentences(text)) for text in texts]
    gc.collect()
    timings: list[float] = []
    mentions = 0
    for _round in range(rounds):
        started = time.perf_counter()
        mentions = sum(len(geoparser(text, sentences, language="en")) for text, sentences in documents)
        timings.append(time.perf_counter() - started)
    return mentions, timings


def measure(texts: list[str], rounds: int) -> dict[str, float]:
    """Time the first load (unpacking into an empty cache), a warm load, and the geoparsing rounds."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CLAIMLEDGER_CACHE_DIR"] = cache
        started = time.perf_counter()
        Gazetteer.load_embedded()
        first_load = time.perf_counter() - started
        shutil.rmtree(cache, ignore_errors=True)
    del os.environ["CLAIMLEDGER_CACHE_DIR"]
    started = time.perf_counter()
    gazetteer = Gazetteer.load_embedded()
    load = time.perf_counter() - started
    geoparser = Geoparser(gazetteer=gazetteer)
    mentions, timings = parse_rounds(geoparser, texts, rounds)
    warm = sum(timings[1:]) / max(1, len(timings) - 1)
    news = [piece for text in texts for piece in news_length(text)]
    news_geoparser = Geoparser(gazetteer=Gazetteer.load_embedded())
    _news_mentions, news_timings = parse_rounds(news_geoparser, news, rounds)
    news_warm = sum(news_timings[1:]) / max(1, len(news_timings) - 1)
    return {
        "documents": len(texts),
        "chars": sum(len(t) for t in texts) / len(texts),
        "mentions": mentions,
        "first_load_ms": first_load * 1000,
        "load_ms": load * 1000,
        "cold_docs": len(texts) / timings[0],
        "cold_mentions": mentions / timings[0],
        "warm_docs": len(texts) / warm,
        "warm_mentions": mentions / warm,
        "news": len(news),
        "news_chars": sum(len(t) for t in news) / len(news),
        "news_cold_docs": len(news) / news_timings[0],
        "news_warm_docs": len(news) / news_warm,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(m: dict[str, float], rounds: int) -> str:
    return "\n".join(
        [
            f"{m['documents']:.0f} documents ({m['chars']:,.0f} characters on average, {m['mentions']:.0f} "
            f"mentions), {rounds} rounds, embedded gazetteer.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| gazetteer load, first run (unpack into the cache) | {m['first_load_ms']:,.0f} ms |",
            f"| gazetteer load, later runs | {m['load_ms']:,.1f} ms |",
            f"| documents/s, first round (cold name caches) | {m['cold_docs']:,.0f} |",
            f"| mentions/s, first round | {m['cold_mentions']:,.0f} |",
            f"| documents/s, steady state | {m['warm_docs']:,.0f} |",
            f"| mentions/s, steady state | {m['warm_mentions']:,.0f} |",
            f"| news-length documents/s, first round ({m['news']:.0f} pieces of {m['news_chars']:,.0f} "
            f"characters) | {m['news_cold_docs']:,.0f} |",
            f"| news-length documents/s, steady state | {m['news_warm_docs']:,.0f} |",
            f"| peak resident memory (whole process) | {m['peak_mb']:,.0f} MB |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        print(f"{args.corpus}: no *.txt documents to parse", file=sys.stderr)
        return 1
    body = report(measure(texts, max(2, args.rounds)), max(2, args.rounds))
    print(body)
    if not args.no_readme:
        write_section("geo", "Geoparsing", body, f".venv/bin/python benchmarks/geo.py --rounds {args.rounds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
