"""Throughput and peak memory of the English extraction pipeline (geoparse + claims) on generated news.

Usage: python benchmarks/pipeline.py [--docs 1000] [--processes 1 2] [--batch-size 32] [--no-readme]
`Pipeline.pipe(documents, n_process=N, batch_size=B)`: the sentences of B documents are parsed in one spaCy
stream; with N > 1 the batches go to N worker processes forked from the loaded Pipeline. Rewrites the
"Pipeline" section of benchmarks/README.md unless --no-readme.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # one BLAS thread per worker
    os.environ.setdefault(_var, "1")

from _readme import write_section  # noqa: E402

from claimledger.extract import Pipeline  # noqa: E402
from claimledger.model import Document  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
_SUBJECTS = ("Ukrainian forces", "Russian troops", "Kyiv's units", "The enemy", "Russian assault groups")
_ACTIONS = (
    "advanced two to three kilometers near {p}",
    "repelled 14 attacks near {p}",
    "recaptured {p}",
    "struck an ammunition depot in {p}",
    "are still present in {p}",
    "withdrew from positions near {p}",
)
_SOURCES = (
    "according to the General Staff",
    "the Defense Ministry said",
    "a regional governor reported",
    "military bloggers claimed",
    "ISW assessed",
)
_PLACES = ("Pokrovsk", "Kupiansk", "Vovchansk", "Robotyne", "Chasiv Yar", "Huliaipole", "Sudzha", "Toretsk")
_FILLER = (
    "Officials met in the capital to discuss energy prices.",
    "The city lies on the banks of the river and once had a busy railway station.",
    "The outlet could not independently verify the claims.",
)


def generate(count: int, seed: int = 7) -> list[Document]:
    """News-length documents (about 15 sentences, 2 KB) built from templates."""
    rng = random.Random(seed)
    documents = []
    for number in range(count):
        sentences = []
        for _ in range(15):
            if rng.random() < 0.25:
                sentences.append(rng.choice(_FILLER))
                continue
            action = rng.choice(_ACTIONS).format(p=rng.choice(_PLACES))
            sentences.append(f"{rng.choice(_SUBJECTS)} {action}, {rng.choice(_SOURCES)}.")
        documents.append(
            Document.create(
                text=" ".join(sentences),
                source=f"bench-{number}",
                language="en",
                published_at=datetime(2024, 6, 10),
            )
        )
    return documents


def run(
    pipeline: Pipeline, documents: list[Document], processes: int, batch_size: int
) -> tuple[float, int, float]:
    """Documents per second, claims found and peak resident memory (MB, largest process) for one setting."""
    started = time.perf_counter()
    claims = sum(len(e.claims) for e in pipeline.pipe(documents, n_process=processes, batch_size=batch_size))
    elapsed = time.perf_counter() - started
    usage = resource.RUSAGE_SELF if processes == 1 else resource.RUSAGE_CHILDREN
    peak_mb = resource.getrusage(usage).ru_maxrss / 1024
    return len(documents) / elapsed, claims, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    documents = generate(args.docs)
    pipeline = Pipeline()
    list(pipeline.pipe(documents[:20]))  # warm up: models load, first parses
    rows = []
    for processes in args.processes:
        rate, claims, peak = run(pipeline, documents, processes, args.batch_size)
        print(
            f"processes={processes} docs={len(documents)} docs/s={rate:.1f} claims={claims} "
            f"peak_rss_per_process_mb={peak:.0f}"
        )
        rows.append(f"| {processes} | {rate:.1f} | {claims:,} | {peak:.0f} MB |")
    if not args.no_readme:
        body = "\n".join([
            "The whole English extraction (`Pipeline.pipe`: segmentation, geoparse, claims) on "
            f"{len(documents):,} generated news-length documents (15 sentences, about 2 KB each),",
            "models warmed up first.",
            "Sentences without a trigger word are not parsed; NER runs only on the token ranges around",
            "reporting verbs; with 2 processes the workers are forked from the loaded Pipeline.",
            f"Load average before the run: {load:.1f}.",
            "",
            "| processes | docs/s | claims | peak RSS per process |",
            "| --- | ---: | ---: | ---: |",
            *rows,
        ])
        command = " ".join([".venv/bin/python", "benchmarks/pipeline.py", *sys.argv[1:]])
        write_section("pipeline", "Pipeline", body, command)


if __name__ == "__main__":
    main()
