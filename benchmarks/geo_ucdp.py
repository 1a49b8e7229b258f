"""Geoparsing on real headlines with gold coordinates: UCDP GED events in Ukraine.

Usage: python benchmarks/geo_ucdp.py [--events FILE] [--failures FILE] [--sample N] [--before OLD.sqlite.xz]
       [--no-readme]
Reads ../shared/data/events/ucdp_ged_ukraine.csv.gz beside the repository (UCDP GED, CC BY 4.0, Uppsala
Conflict Data Program) directly; nothing of it is copied into the repository. For the events located to a
settlement (`where_prec` 1, or 2: within 25 km), runs the embedded-gazetteer `Geoparser` over the event's
headlines (one line each) and reports how often a resolved settlement lies within 25 km of the gold point,
how often the right place was among a mention's candidates but another (or none) was chosen, a precision
proxy (resolved settlements within 50 km of the gold point or in its oblast), and documents/s. Writes the
"Geoparsing on UCDP headlines" section of benchmarks/README.md (unless --no-readme), and a sample of the
failures to --failures (default /tmp/geo_ucdp_failures.txt). With --before, an older embedded gazetteer
(`git show REV:claimledger/data/gazetteer.sqlite.xz`) runs through the same code in a second column.

Circularity: scripts/build_gazetteer.py adds UCDP `where_coordinates` names of exact (`where_prec` 1)
villages, towns and cities to the embedded gazetteer, so recognition of those names is partly measured on
the gazetteer's own source; the headlines' wording, capitalisation, spellings and the homonym choice are not.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from _readme import write_section

from claimledger.extract.geo import Gazetteer, Geoparser
from claimledger.extract.nlp import split_sentences
from claimledger.model import PlaceMention

DEFAULT_EVENTS = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "ucdp_ged_ukraine.csv.gz"
)
HIT_KM, NEAR_KM = 25.0, 50.0
# UCDP's adm_1 spellings that differ from the gazetteer's oblast names beyond case and y/i.
_OBLAST_ALIASES = {"kiev": "kyiv", "zaporizhzhya": "zaporizhia", "mykolayiv": "mykolaiv"}


@dataclass(slots=True)
class Event:
    """One UCDP event: its headline text (one headline a line), gold point and oblast."""

    ident: str
    text: str
    where: str
    lat: float
    lon: float
    oblast: str


@dataclass(slots=True)
class Outcome:
    """What the geoparser made of one event."""

    event: Event
    mentions: list[PlaceMention] = field(default_factory=list)
    verdict: str = ""


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def oblast_key(name: str | None) -> str:
    """ "Donetsk oblast" and "Donetsk Oblast", "Kiev ..." and "Kyiv City" to one key."""
    first = (name or "").split(" ", 1)[0].lower()
    return _OBLAST_ALIASES.get(first, first)


def read_events(path: Path) -> list[Event]:
    """Events with where_prec 1-2 and a headline, headlines (joined by ";" in the file) one per line."""
    events: list[Event] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["where_prec"] not in ("1", "2") or not row["source_headline"].strip():
                continue
            headlines = dict.fromkeys(h.strip() for h in row["source_headline"].split(";") if h.strip())
            events.append(
                Event(
                    row["id"],
                    "\n".join(headlines),
                    row["where_description"],
                    float(row["latitude"]),
                    float(row["longitude"]),
                    oblast_key(row["adm_1"]),
                )
            )
    return events


def _distance(mention_place: object, event: Event) -> float:
    lat, lon = getattr(mention_place, "lat", None), getattr(mention_place, "lon", None)
    return math.inf if lat is None or lon is None else km(lat, lon, event.lat, event.lon)


def classify(outcome: Outcome) -> str:
    """hit / wrong homonym (right settlement a candidate of a settlement-level mention, another chosen) /
    abstained / elsewhere / no settlement."""
    event, settled = outcome.event, [m for m in outcome.mentions if m.place and m.place.kind == "settlement"]
    if any(_distance(m.place, event) <= HIT_KM for m in settled):
        return "hit"
    right = [
        m
        for m in outcome.mentions
        if (m.place is None or m.place.kind == "settlement")
        and any(c.place.kind == "settlement" and _distance(c.place, event) <= HIT_KM for c in m.candidates)
    ]
    if any(m.place is not None for m in right):
        return "wrong homonym"
    if right:
        return "abstained"
    if settled:
        return "elsewhere"
    return "no settlement"


def run(events: list[Event], geoparser: Geoparser) -> tuple[list[Outcome], float]:
    documents = [(e, split_sentences(e.text)) for e in events]
    started = time.perf_counter()
    outcomes = [Outcome(e, geoparser(e.text, sentences, language="en")) for e, sentences in documents]
    seconds = time.perf_counter() - started
    for outcome in outcomes:
        outcome.verdict = classify(outcome)
    return outcomes, seconds


def figures(outcomes: list[Outcome], seconds: float) -> dict[str, float]:
    verdicts = Counter(o.verdict for o in outcomes)
    settled = [(m, o.event) for o in outcomes for m in o.mentions if m.place and m.place.kind == "settlement"]
    near = sum(
        _distance(m.place, e) <= NEAR_KM or oblast_key(m.place.admin1 if m.place else None) == e.oblast
        for m, e in settled
    )
    n = len(outcomes)
    return {
        "events": n,
        "with_settlement": sum(1 for o in outcomes if o.verdict != "no settlement"),
        "hit": verdicts["hit"] / n,
        "wrong": verdicts["wrong homonym"] / n,
        "abstained": verdicts["abstained"] / n,
        "elsewhere": verdicts["elsewhere"] / n,
        "none": verdicts["no settlement"] / n,
        "settled": len(settled),
        "precision": near / max(1, len(settled)),
        "docs_per_s": n / seconds,
    }


def report(f: dict[str, float], caps: dict[str, float], before: tuple[dict[str, float], ...] = ()) -> str:
    """The section: one column of figures, or two with the --before gazetteer's beside them."""
    rows = [
        (f"resolved settlement within {HIT_KM:.0f} km of the gold point", "hit", "{:.1%}", False),
        ("right place among a mention's candidates, another one chosen", "wrong", "{:.1%}", False),
        ("right place among a mention's candidates, abstained", "abstained", "{:.1%}", False),
        (f"settlements resolved, none within {HIT_KM:.0f} km", "elsewhere", "{:.1%}", False),
        ("no settlement found", "none", "{:.1%}", False),
        (
            f"precision proxy: resolved settlements within {NEAR_KM:.0f} km or in the gold oblast",
            "precision",
            "{:.1%}",
            False,
        ),
        ("documents/s (headlines, warm gazetteer)", "docs_per_s", "{:,.0f}", False),
        (f"ALL-CAPS headlines: settlement within {HIT_KM:.0f} km", "hit", "{:.1%}", True),
        ("ALL-CAPS headlines: precision proxy", "precision", "{:.1%}", True),
    ]
    head = ["| measure | value |", "|---|---:|"]
    if before:
        head = ["| measure | this gazetteer | before (--before) |", "|---|---:|---:|"]
    lines = []
    for label, key, fmt, shouted in rows:
        now = (caps if shouted else f)[key]
        cells = [fmt.format(now)]
        if before:
            cells.append(fmt.format((before[1] if shouted else before[0])[key]))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(
        [
            f"{f['events']:,.0f} UCDP GED events in Ukraine located to a settlement (`where_prec` 1-2) with "
            f"headlines; {f['with_settlement']:,.0f} yield a resolved settlement or a candidate "
            f"({f['settled']:,.0f} resolved settlements). Embedded "
            "gazetteer. Circularity: the gazetteer includes UCDP's exact-precision settlement names, so "
            "recognition of those names is partly measured on its own source; headline wording, capitals, "
            "spellings and homonym choice are not. Many headlines (OSCE digests, national wrap-ups) do "
            "not name the event's place at all, which bounds the first line well below 100 %.",
            "",
            *head,
            *lines,
        ]
    )


def write_failures(outcomes: list[Outcome], path: Path, sample: int) -> None:
    failed = [o for o in outcomes if o.verdict not in ("hit",)]
    random.Random(7).shuffle(failed)
    lines: list[str] = []
    for o in failed[:sample]:
        found = "; ".join(
            f"{m.text} -> {m.place.name if m.place else '(abstained)'}"
            f" {'' if m.place is None else f'{_distance(m.place, o.event):.0f} km'}"
            for m in o.mentions
        )
        lines.append(f"[{o.verdict}] {o.event.text!r}\n    gold: {o.event.where}\n    found: {found}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(events: list[Event], gazetteer: Gazetteer) -> tuple[list[Outcome], tuple[dict[str, float], ...]]:
    """The outcomes, and the figures for the headlines as written and in ALL CAPS."""
    geoparser = Geoparser(gazetteer=gazetteer)
    geoparser("Warm-up in Kyiv.", split_sentences("Warm-up in Kyiv."))
    outcomes, seconds = run(events, geoparser)
    shouted, shouted_seconds = run([replace(e, text=e.text.upper()) for e in events], geoparser)
    return outcomes, (figures(outcomes, seconds), figures(shouted, shouted_seconds))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, default=DEFAULT_EVENTS)
    parser.add_argument("--failures", type=Path, default=Path("/tmp/geo_ucdp_failures.txt"))
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--before", type=Path, help="an older embedded gazetteer (.sqlite.xz) to compare")
    parser.add_argument("--no-readme", action="store_true", help="only print, leave README.md alone")
    args = parser.parse_args(argv)
    if not args.events.is_file():
        print(f"{args.events}: UCDP GED file absent (needs the shared data); skipping", file=sys.stderr)
        return 0
    events = read_events(args.events)
    outcomes, now = measure(events, Gazetteer.load_embedded())
    before = measure(events, Gazetteer.load_embedded(args.before))[1] if args.before else ()
    body = report(*now, before)
    print(body)
    write_failures(outcomes, args.failures, args.sample)
    print(f"failures sample: {args.failures}", file=sys.stderr)
    if not args.no_readme:
        command = ".venv/bin/python benchmarks/geo_ucdp.py" + (
            f" --before {args.before.name}" if args.before else ""
        )
        write_section("geo_ucdp", "Geoparsing on UCDP headlines", body, command)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
