"""Hostile inputs for the property tests (tests/test_fuzz.py) and the long fuzz run (scripts/fuzz.py):
random bytes, byte-level havoc on the reader fixtures, and structure-aware mutations of their JSON that put
the values the audit found dangerous (dates at the ends of time, huge numbers, NUL, lone surrogates, escape
sequences, broken markup) where the readers look for them.

Each generator takes a `random.Random`: the tests hand it Hypothesis's (`st.randoms()`, so a failure is
replayed and shrunk), the fuzz script a seeded one (fast, for hundreds of thousands of inputs).
"""

from __future__ import annotations

import json
from pathlib import Path
from random import Random
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
#: The fixtures mutated, as (file name, bytes); a Telegram export's folder goes into its name.
SEEDS: list[tuple[str, bytes]] = sorted(
    (path.relative_to(FIXTURES).as_posix().replace("/", "_"), path.read_bytes())
    for path in FIXTURES.rglob("*")
    if path.is_file() and path.suffix in (".txt", ".json", ".jsonl", ".xml", ".html")
)
SUFFIXES = (".txt", ".json", ".jsonl", ".xml", ".rss", ".atom", ".html", ".ndjson", "")

#: Values that broke readers or extraction before, or sit at some edge.
HOSTILE_VALUES: list[Any] = [
    "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00", "0000-00-00",
    "-62135596800", "253402300800", "99999999999999999999", -(10**20), 10**20, 2**63, -1, 0, 1.5e308,
    float("inf"), None, True, [], {}, [None], {"text": None}, "", " ", "\u0000", "nul\u0000byte",
    "\ud800", "\udfff lone", "\x1b]52;c;cHduZWQ=\x1b\\", "\x1b]8;;javascript:alert(1)\x1b\\x",
    "javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd", "http://", "http://[::1",
    "english-united-kingdom-and-northern-ireland", "\U00017075Покровска", "over the past 99999999999 days",
    "since last December", "<entry<channel<link</item</link<", "x" * 300, "ÿþ", "\ufeff", "𝕏" * 5,
    "Sat, 99 Dec 2025 25:61:61 +9999", "yesterday", "2025-02-30", "1e999",
]
MARKUP_CHUNKS = [
    b"<entry<channel<link</item</link<", b"<?xml version='1.0' encoding='utf-16'?>", b"<!ENTITY x 'y'>",
    b"<![CDATA[", b"]]>", b"<rss>", b"<feed>", b"</", b"<item><title>",
    b"<pubDate>Sat, 01 Jan 0001 00:00:00 +0500</pubDate>", b"<link>javascript:alert(1)</link>", b"&#0;",
    b"&#xD800;", b"<div>" * 50, b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b'{"messages": [',
    b'"date_unixtime": "-62135596800"', b"}]}", b"\r\n",
]


def random_bytes(rng: Random) -> tuple[str, bytes]:
    """Random bytes under a random reader's file name."""
    return f"random{rng.choice(SUFFIXES)}", rng.randbytes(rng.randint(0, 2048))


def havoc(rng: Random) -> tuple[str, bytes]:
    """A fixture with bytes flipped, cut, repeated, or markup and hostile values spliced in."""
    name, data = rng.choice(SEEDS)
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(buffer))
        action = rng.randint(0, 5)
        if action == 0 and buffer:
            buffer[min(at, len(buffer) - 1)] = rng.randint(0, 255)
        elif action == 1:
            del buffer[at:]
        elif action == 2:
            buffer[at:at] = rng.choice(MARKUP_CHUNKS)
        elif action == 3:
            value = rng.choice(HOSTILE_VALUES)
            raw = value if isinstance(value, str) else json.dumps(value)
            buffer[at:at] = raw.encode("utf-8", "surrogatepass")
        elif action == 4:
            buffer[at:at] = buffer[at : rng.randint(at, len(buffer))] * rng.randint(1, 4)
        else:
            del buffer[at : rng.randint(at, len(buffer))]
    return name, bytes(buffer)


def _mutate_json(value: Any, rng: Random) -> Any:
    """The JSON value with some leaves replaced by hostile values and some keys and items dropped."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            choice = rng.randint(0, 9)
            if choice:
                out[key] = rng.choice(HOSTILE_VALUES) if choice == 1 else _mutate_json(item, rng)
        return out
    if isinstance(value, list):
        return [_mutate_json(item, rng) for item in value if rng.randint(0, 9)]
    return rng.choice(HOSTILE_VALUES) if rng.randint(0, 3) == 0 else value


def _dump(value: Any, ascii_only: bool) -> bytes:
    """JSON bytes; without `ascii_only` a lone surrogate comes out as invalid UTF-8."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def structured(rng: Random) -> tuple[str, bytes]:
    """A JSON fixture (each line of a JSON Lines one) with hostile values in place of some fields."""
    name, data = rng.choice([seed for seed in SEEDS if seed[0].endswith((".json", ".jsonl"))])
    ascii_only = rng.random() < 0.5
    text = data.decode("utf-8")
    if name.endswith(".jsonl"):
        rows = [_dump(_mutate_json(json.loads(line), rng), ascii_only) for line in text.splitlines() if line]
        return name, b"\n".join(rows)
    return name, _dump(_mutate_json(json.loads(text), rng), ascii_only)


GENERATORS = (random_bytes, havoc, structured)


def reader_input(rng: Random) -> tuple[str, bytes]:
    """Any kind of hostile reader input: (file name, bytes)."""
    return rng.choice(GENERATORS)(rng)
