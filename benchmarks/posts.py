"""Throughput and peak memory on Telegram-length posts in Russian, Ukrainian and English.

Usage: python benchmarks/posts.py [--shared ../shared] [--posts 1000] [--no-readme]

Needs the development corpus (../shared, not shipped): for each language its dev texts are cut at line
breaks and the lines packed into `--posts` posts of 200-600 characters (the length of a channel's post),
written as one JSON Lines file. Each file goes through `claimledger analyze FILE --format json` as a
separate process, start-up included, with 1 and with 2 processes; peak memory is the largest resident set
of the process and its workers. Rewrites the "Posts" section of benchmarks/README.md unless --no-readme.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _readme import write_section

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LANGUAGES = {"ru": ("ru_*.txt",), "uk": ("uk_*.txt",), "en": ("en_*.txt", "seed_*.txt")}


def posts(shared: Path, patterns: tuple[str, ...], count: int) -> list[str]:
    """`count` posts of 200-600 characters packed from the lines of the language's dev texts."""
    dev = shared / "corpus" / "dev"
    lines = [
        line.strip()
        for pattern in patterns
        for path in sorted(dev.glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out: list[str] = []
    current: list[str] = []
    for line in itertools.cycle(lines):
        current.append(line[:600])
        if sum(len(piece) for piece in current) >= 200:
            out.append("\n".join(current))
            current = []
            if len(out) == count:
                return out
    raise AssertionError("unreachable: itertools.cycle never ends")


def measure(path: Path, processes: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and the peak RSS (MB) of one `analyze` run over the file."""
    command = [str(BIN / "claimledger"), "analyze", str(path), "--format", "json"]
    command += ["--processes", str(processes)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for language, patterns in LANGUAGES.items():
            path = Path(tmp) / f"{language}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for n, text in enumerate(posts(args.shared, patterns, args.posts)):
                    record = {"text": text, "source": f"bench-{language}", "url": f"post:{n}"}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            for processes in (1, 2):
                wall, cpu, rss = measure(path, processes)
                print(f"{language}, {processes} process(es): {args.posts / wall:.0f} posts/s, {rss:.0f} MB")
                rate = args.posts / wall
                rows.append(f"| {language} | {processes} | {rate:.0f} | {wall:.1f} | {cpu:.1f} | {rss:.0f} |")
    body = "\n".join(
        [
            f"{args.posts} posts per language of 200-600 characters, packed from the lines of the dev texts",
            "(not shipped), one JSON Lines file each, `claimledger analyze FILE --format json`, start-up",
            "included. Peak RSS is the largest process (the parent or one worker).",
            "",
            "| language | processes | posts/s | wall s | CPU s | peak RSS MB |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
    print(body)
    if not args.no_readme:
        write_section("posts", "Posts (Russian, Ukrainian, English)", body, "python benchmarks/posts.py")


if __name__ == "__main__":
    main()
