"""HTML dates: a page's date attributes are read as timestamps or dropped, never handed to dateparser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from dateparser.date import DateDataParser

from claimledger.ingest._html import HtmlReader, timestamp

PAGE = """<!doctype html><html><head><title>Shelling near Vovchansk</title>
<meta property="article:published_time" content="{date}">
<meta name="twitter:creator" content="@desk">
</head><body><article><h1>Shelling near Vovchansk</h1>
<p>The regional administration said Russian forces shelled Vovchansk, damaging two houses.</p>
<p>Ukraine's General Staff said its forces repelled four attacks near Vovchansk in Kharkiv region.</p>
</article></body></html>"""

MARKUP = "&lt;b&gt;Monday 3&lt;/b&gt; of &lt;i&gt;March&lt;/i&gt;, &lt;em&gt;2025&lt;/em&gt; 14:05"


@pytest.fixture
def dateparser_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What dateparser is asked to parse (it finds nothing here)."""
    calls: list[str] = []

    def get_date_data(_self: DateDataParser, text: str, *_args: object, **_kwargs: object) -> dict[str, None]:
        calls.append(text)
        return {"date_obj": None}

    monkeypatch.setattr(DateDataParser, "get_date_data", get_date_data)
    return calls


def _read(tmp_path: Path, date: str) -> datetime | None:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(date=date), encoding="utf-8")
    [document] = HtmlReader()(path, path.read_bytes(), max_bytes=1_000_000)
    return document.published_at


def test_markup_in_a_date_never_reaches_dateparser(tmp_path: Path, dateparser_calls: list[str]) -> None:
    assert _read(tmp_path, MARKUP) is None
    assert dateparser_calls == []


@pytest.mark.parametrize(
    ("date", "published"),
    [
        ("2025-03-18T10:30:00+02:00", datetime(2025, 3, 18, 8, 30, tzinfo=UTC)),
        ("Tue, 18 Mar 2025 10:30:00 GMT", datetime(2025, 3, 18, 10, 30, tzinfo=UTC)),
        ("18.03.2025 10:30", datetime(2025, 3, 18, 10, 30, tzinfo=UTC)),
    ],
)
def test_machine_readable_dates_are_kept(
    tmp_path: Path, dateparser_calls: list[str], date: str, published: datetime
) -> None:
    assert _read(tmp_path, date) == published
    assert dateparser_calls == []


def test_timestamp_reads_only_timestamps() -> None:
    assert timestamp(" 2025/03/18 10:30 ") == datetime(2025, 3, 18, 10, 30)
    kyiv = timezone(timedelta(hours=3))
    assert timestamp("2025-03-18T10:30:00+0300") == datetime(2025, 3, 18, 10, 30, tzinfo=kyiv)
    for value in ("", "<b>18 March 2025</b>", "Monday 3 of March, 2025 14:05", "2025-03-18" + " " * 40 + "x"):
        assert timestamp(value) is None
