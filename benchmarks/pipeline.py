"""Throughput of the whole English pipeline on real news text, beside raw spaCy, and its length scaling.

Usage: python benchmarks/pipeline.py [--shared ../shared] [--docs 400] [--words 500] [--rounds 1]
                                     [--scale 100000 1000000] [--no-readme]

Needs the development corpus (../shared, not shipped): its English texts are cut into `--docs` pieces of
about `--words` words in a temporary folder. Each round runs, as separate processes with start-up included:
`claimledger analyze DIR/*.txt --format json` with 1 and with 2 processes, and spaCy's `nlp.pipe` with
en_core_web_sm's tok2vec, tagger and parser on the same texts (the parser-only reference). Then one-line
texts of the `--scale` sizes go through `Pipeline` in one process: time and peak memory against length.
Rewrites the "Pipeline" section of benchmarks/README.md unless --no-readme.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _readme import write_section

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_REFERENCE = """
import sys
from pathlib import Path
import spacy
from claimledger import config
for name in config.spacy_models():
    try:
        nlp = spacy.load(name, exclude=["attribute_ruler", "lemmatizer", "ner"])
        break
    except OSError:
        continue
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for _ in nlp.pipe(texts, batch_size=32):
    pass
"""
_SCALE = """
import resource, sys, time
from claimledger.extract import Pipeline
from claimledger.model import Document
text = open(sys.argv[1], encoding="utf-8").read()
pipeline = Pipeline()
pipeline(Document.create(text="Russian forces attacked Toretsk.", source="warm-up", language="en"))
started = time.process_time()
found = pipeline(Document.create(text=text, source="long", language="en"))
print(time.process_time() - started, len(found.claims), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def english_texts(shared: Path) -> list[str]:
    dev = shared / "corpus" / "dev"
    paths = sorted([*dev.glob("en_*.txt"), *dev.glob("seed_*.txt")])
    if not paths:
        sys.exit(f"no English development texts under {dev} (pass --shared)")
    return [path.read_text(encoding="utf-8") for path in paths]


def cut(texts: list[str], count: int, words: int) -> list[str]:
    """`count` pieces of about `words` words, whole lines taken in turn from the texts (with a stride, so
    consecutive pieces start at different places)."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    pieces, at = [], 0
    for _ in range(count):
        chunk: list[str] = []
        while sum(len(line.split()) for line in chunk) < words:
            chunk.append(lines[at % len(lines)])
            at += 1
        pieces.append("\n".join(chunk) + "\n")
        at += 7
    return pieces


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def throughput(folder: Path, count: int, rounds: int) -> dict[str, list[tuple[float, float]]]:
    files = [str(p) for p in sorted(folder.glob("*.txt"))]
    analyze = [str(BIN / "claimledger"), "analyze", *files, "--format", "json"]
    commands = {
        "analyze, 1 process": analyze,
        "analyze, 2 processes": [*analyze, "--processes", "2"],
        "spaCy tok2vec + tagger + parser": [sys.executable, "-c", _REFERENCE, str(folder)],
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):  # interleaved, so load changes hit every command alike
        for name, command in commands.items():
            runs[name].append(timed(command))
            wall, cpu = runs[name][-1]
            print(f"{name}: {count / wall:.1f} docs/s, {count / cpu:.1f} docs per CPU second", flush=True)
    return runs


def scaling(texts: list[str], sizes: list[int], folder: Path) -> list[tuple[int, float, int, float]]:
    """Per size: (characters, CPU seconds, claims, peak RSS MB) for a one-line text of that length."""
    line = " ".join(" ".join(text.split()) for text in texts)
    out = []
    for size in sizes:
        path = folder / f"line-{size}.txt"
        path.write_text((line * (size // len(line) + 1))[:size], encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", _SCALE, str(path)], check=True, capture_output=True, text=True, cwd=ROOT
        )
        seconds, claims, rss = result.stdout.split()
        out.append((size, float(seconds), int(claims), int(rss) / 1024))
        print(
            f"{size:,} characters: {float(seconds):.1f} s, {claims} claims, {int(rss) / 1024:.0f} MB",
            flush=True,
        )
    return out


def report(
    count: int,
    words: int,
    runs: dict[str, list[tuple[float, float]]],
    scaled: list[tuple[int, float, int, float]],
) -> str:
    reference = statistics.median(w for w, _ in runs["spaCy tok2vec + tagger + parser"])
    reference_cpu = statistics.median(c for _, c in runs["spaCy tok2vec + tagger + parser"])
    rows = []
    for name, measured in runs.items():
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        rows.append(
            f"| {name} | {count / wall:.1f} | {wall:.1f} | {cpu:.1f} | {count / cpu:.1f} "
            f"| {wall / reference:.2f} | {cpu / reference_cpu:.2f} |"
        )
    lines = [
        f"{count} documents of about {words} words cut from the English development texts (real news,",
        "assessments, briefings and loss reports; not shipped), start-up included, median of "
        f"{len(next(iter(runs.values())))} interleaved round(s).",
        "",
        "`analyze` parses only the sentences with a trigger word (about 80 % of the words here), with the",
        "attribute ruler read as a table and NER run only on the token ranges naming a party that may be a",
        "person; with 2 processes the models load before the fork and the workers share them. The reference",
        "parses every sentence. CPU s counts all processes; on a shared, loaded machine wall time also",
        "measures the neighbours, so compare the CPU columns.",
        "",
        "| command | docs/s | wall s | CPU s | docs per CPU s | wall ÷ spaCy | CPU ÷ spaCy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    if scaled:
        base_size, base_seconds = scaled[0][0], scaled[0][1]
        lines += [
            "",
            "Length scaling: one document on one line (no line breaks), one process, CPU s, warm model:",
            "",
            "| characters | CPU s | ÷ smallest | length ÷ smallest | claims | peak RSS |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            *(
                f"| {size:,} | {seconds:.1f} | {seconds / base_seconds:.1f} | {size / base_size:.0f} "
                f"| {claims:,} | {rss:.0f} MB |"
                for size, seconds, claims, rss in scaled
            ),
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread per process
    texts = english_texts(args.shared)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for number, piece in enumerate(cut(texts, args.docs, args.words)):
            (folder / f"doc{number:04d}.txt").write_text(piece, encoding="utf-8")
        runs = throughput(folder, args.docs, args.rounds)
        scaled = scaling(texts, args.scale, folder)
    if not args.no_readme:
        command = " ".join([".venv/bin/python", "benchmarks/pipeline.py", *sys.argv[1:]])
        write_section("pipeline", "Pipeline", report(args.docs, args.words, runs, scaled), command)


if __name__ == "__main__":
    main()
