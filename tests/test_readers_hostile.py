"""Hostile reader inputs from the reliability audit: every failure is a named error naming the file, and
what PostgreSQL cannot store (NUL, lone surrogates, an over-long language) is made storable per document."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from claimledger.errors import IngestError, MalformedInputError
from claimledger.ingest import read_file

MAX = 1_000_000


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_a_feed_that_sends_feedparser_to_its_loose_parser_is_malformed(tmp_path: Path) -> None:
    path = _write(tmp_path / "k.xml", "<entry<channel<link</item</link<")
    with pytest.raises(MalformedInputError, match=r"k\.xml: malformed feed"):
        read_file(path, max_bytes=MAX)


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_jsonl_date_out_of_range_in_utc_is_malformed(tmp_path: Path, published: str) -> None:
    row = {"text": "Kyiv said the town held.", "published": published}
    path = _write(tmp_path / "o.jsonl", json.dumps(row))
    with pytest.raises(MalformedInputError, match=r"o\.jsonl: malformed JSON Lines: line 1 .*out of range"):
        read_file(path, max_bytes=MAX)


@pytest.mark.parametrize(
    "message",
    [
        {"id": 1, "type": "message", "date": "0001-01-01T00:00:00", "text": "Shelling near Kupiansk."},
        {"id": 1, "type": "message", "date_unixtime": "-99999999999999", "text": "Shelling near Kupiansk."},
        {"id": 1, "type": "message", "date_unixtime": str(10**20), "text": "Shelling near Kupiansk."},
    ],
)
def test_telegram_dates_out_of_range_are_named_errors_or_read(
    tmp_path: Path, message: dict[str, str]
) -> None:
    path = _write(tmp_path / "result.json", json.dumps({"name": "c", "messages": [message]}))
    try:
        [document] = read_file(path, max_bytes=MAX)
    except IngestError as error:
        assert str(error).startswith(str(path))
    else:
        assert document.published_at is not None


def test_telethon_date_out_of_range_is_a_named_error(tmp_path: Path) -> None:
    row = {"_": "Message", "id": 3, "peer_id": {"_": "PeerChannel", "channel_id": 5},
           "date": "0001-01-01T00:00:00+05:00", "message": "Shelling near Kupiansk."}
    path = _write(tmp_path / "t.jsonl", json.dumps(row))
    with pytest.raises(IngestError, match=r"t\.jsonl"):
        read_file(path, max_bytes=MAX)


def test_nul_characters_and_lone_surrogates_are_made_storable(tmp_path: Path) -> None:
    row = ('{"text": "The ministry said its forces\\u0000 captured Gogolevka \\ud800.", '
           '"source": "nul\\u0000src", "title": "t\\u0000", "url": "https://example.org/\\u0000a"}')
    [document] = read_file(_write(tmp_path / "nul.jsonl", row), max_bytes=MAX)
    assert document.text == "The ministry said its forces captured Gogolevka \ufffd."
    assert (document.source, document.title) == ("nulsrc", "t")
    assert "\x00" not in json.dumps(document.model_dump(mode="json"))


def test_a_language_that_is_not_a_tag_is_kept_aside_and_detected(tmp_path: Path) -> None:
    rows = [
        {"text": "The ministry said its forces captured Gogolevka.", "language": "english-united-kingdom"},
        {"text": "The staff said its forces held Pokrovsk.", "language": "pt-BR"},
    ]
    path = _write(tmp_path / "lang.jsonl", "\n".join(json.dumps(row) for row in rows))
    first, second = read_file(path, max_bytes=MAX)
    assert first.language == "en" and first.meta["unsafe_language"] == "english-united-kingdom"
    assert second.language == "pt-BR" and "unsafe_language" not in second.meta


def _dated(tmp_path: Path, published: str) -> Path:
    row = {"text": "Kyiv said the town held.", "published": published}
    return _write(tmp_path / "d.jsonl", json.dumps(row))


@pytest.mark.parametrize("published", ["x1 javascript:alert 1 x", "\x1b]8;;javascript:alert(1)\x1b\\x",
                                       "7" * 80])
def test_a_hostile_published_string_is_refused_quickly(tmp_path: Path, published: str) -> None:
    """dateparser tried some 200 locales on these, for several seconds each."""
    path = _dated(tmp_path, published)
    started = time.perf_counter()
    with pytest.raises(MalformedInputError, match="unreadable published date"):
        read_file(path, max_bytes=MAX)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(("published", "day"), [("3 апреля 2025", 3), ("3 квітня 2025 о 10:00", 3),
                                                ("April 5, 2025 10:00 PM", 5)])
def test_dates_in_the_reporting_languages_still_read(tmp_path: Path, published: str, day: int) -> None:
    path = _dated(tmp_path, published)
    [document] = read_file(path, max_bytes=MAX)
    assert document.published_at is not None and document.published_at.day in (day, day + 1)
