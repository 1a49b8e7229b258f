"""Geoparsing speed: gazetteer load time, documents/s and mentions/s, peak memory.

Usage: python benchmarks/geo.py [--corpus DIR] [--rounds N] [--before OLD.sqlite.xz] [--no-readme]
Parses every *.txt in the corpus (default: ../shared/corpus/dev beside the repository; the language from an
en_/ru_/uk_ file-name prefix) with the embedded gazetteer (and with --before, an older embedded file, e.g.
`git show REV:claimledger/data/gazetteer.sqlite.xz`, side by side), whole (ISW-length) and cut at
paragraph ends into news-length pieces (about 2,500 characters), and rewrites the "Geoparsing" section of
benchmarks/README.md (unless --no-readme). The first round runs with cold name caches (as for unseen
articles); later rounds show the steady state. The import-time heap (spaCy) is collected before timing, as
it is once per process whatever runs first. Goals: >= 200 news articles/s and <= 800 MB peak resident
memory.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _readme import write_section

from claimledger.extract.geo import Gazetteer, Geoparser
from claimledger.extract.geo._gazetteer import EMBEDDED
from claimledger.extract.geo._morph import analyzer
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


def parse_rounds(
    geoparser: Geoparser, texts: list[tuple[str, str]], rounds: int
) -> tuple[int, list[float]]:
    """Mentions found and the seconds each round over all (text, language) took."""
    documents = [(text, split_sentences(text), language) for text, language in texts]
    gc.collect()
    timings: list[float] = []
    mentions = 0
    for _round in range(rounds):
        started = time.perf_counter()
        mentions = sum(len(geoparser(text, sentences, language=lang)) for text, sentences, lang in documents)
        timings.append(time.perf_counter() - started)
    return mentions, timings


def measure(texts: list[tuple[str, str]], rounds: int, packed: Path = EMBEDDED) -> dict[str, float]:
    """Time the first load (unpacking into an empty cache), a warm load, and the geoparsing rounds."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CLAIMLEDGER_CACHE_DIR"] = cache
        started = time.perf_counter()
        Gazetteer.load_embedded(packed)
        first_load = time.perf_counter() - started
        shutil.rmtree(cache, ignore_errors=True)
    del os.environ["CLAIMLEDGER_CACHE_DIR"]
    Gazetteer.load_embedded(packed)  # unpacked into the real cache, as after any first run
    started = time.perf_counter()
    gazetteer = Gazetteer.load_embedded(packed)
    load = time.perf_counter() - started
    geoparser = Geoparser(gazetteer=gazetteer)
    mentions, timings = parse_rounds(geoparser, texts, rounds)
    warm = sum(timings[1:]) / max(1, len(timings) - 1)
    news = [(piece, language) for text, language in texts for piece in news_length(text)]
    news_geoparser = Geoparser(gazetteer=Gazetteer.load_embedded(packed))
    _news_mentions, news_timings = parse_rounds(news_geoparser, news, rounds)
    news_warm = sum(news_timings[1:]) / max(1, len(news_timings) - 1)
    return {
        "documents": len(texts),
        "chars": sum(len(t) for t, _ in texts) / len(texts),
        "mentions": mentions,
        "first_load_ms": first_load * 1000,
        "load_ms": load * 1000,
        "cold_docs": len(texts) / timings[0],
        "cold_mentions": mentions / timings[0],
        "warm_docs": len(texts) / warm,
        "warm_mentions": mentions / warm,
        "news": len(news),
        "news_chars": sum(len(t) for t, _ in news) / len(news),
        "news_cold_docs": len(news) / news_timings[0],
        "news_warm_docs": len(news) / news_warm,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size_mb": packed.stat().st_size / 1e6,
    }


ROWS = (
    ("embedded file (.sqlite.xz)", "{size_mb:.1f} MB"),
    ("gazetteer load, first run (unpack into the cache)", "{first_load_ms:,.0f} ms"),
    ("gazetteer load, later runs", "{load_ms:,.1f} ms"),
    ("mentions found", "{mentions:,.0f}"),
    ("documents/s, first round (cold name caches)", "{cold_docs:,.0f}"),
    ("mentions/s, first round", "{cold_mentions:,.0f}"),
    ("documents/s, steady state", "{warm_docs:,.0f}"),
    ("mentions/s, steady state", "{warm_mentions:,.0f}"),
    ("news-length documents/s, first round", "{news_cold_docs:,.0f}"),
    ("news-length documents/s, steady state", "{news_warm_docs:,.0f}"),
    ("peak resident memory (whole process)", "{peak_mb:,.0f} MB"),
)


def report(now: dict[str, float], rounds: int, before: dict[str, float] | None = None) -> str:
    head = ["| measure | value |", "|---|---:|"]
    if before is not None:
        head = ["| measure | this gazetteer | before (--before) |", "|---|---:|---:|"]
    rows = [
        f"| {label} | {value.format(**now)} |" + (f" {value.format(**before)} |" if before else "")
        for label, value in ROWS
    ]
    return "\n".join(
        [
            f"{now['documents']:.0f} documents ({now['chars']:,.0f} characters on average; {now['news']:.0f} "
            f"news-length pieces of {now['news_chars']:,.0f}), {rounds} rounds, embedded gazetteer; each "
            "gazetteer measured in its own process forked after the imports and the Russian and Ukrainian "
            "dictionaries loaded.",
            "",
            *head,
            *rows,
        ]
    )


def _language(path: Path) -> str:
    prefix = path.name[:2]
    return prefix if prefix in ("en", "ru", "uk") else "en"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--before", type=Path, help="an older embedded gazetteer (.sqlite.xz) to compare")
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args(argv)
    texts = [(p.read_text(encoding="utf-8"), _language(p)) for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        print(f"{args.corpus}: no *.txt documents to parse", file=sys.stderr)
        return 1
    rounds = max(2, args.rounds)
    for language in ("ru", "uk"):  # the dictionaries load once per process, whatever runs first
        analyzer(language)
    gc.collect()
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:  # one process each
        now = pool.apply(measure, (texts, rounds))
        before = pool.apply(measure, (texts, rounds, args.before)) if args.before else None
    body = report(now, rounds, before)
    print(body)
    if not args.no_readme:
        command = f".venv/bin/python benchmarks/geo.py --rounds {args.rounds}"
        if args.before:
            command += f" --before {args.before.name}"
        write_section("geo", "Geoparsing", body, command)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
