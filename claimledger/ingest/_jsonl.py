"""JSON Lines of documents: `{"text", "source", "url", "published", "title"?, "language"?}` per line."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import dateparser

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import as_utc, build_document, iter_json_lines, json_keys, strip_bom
from claimledger.model import Document

#: The languages dateparser tries for dates that are neither ISO 8601 nor RFC 2822: those of the reporting
#: plus the main European ones. Left open, it tries some 200 locales, and a hostile string
#: ("x1 javascript:alert 1 x") then costs it several seconds.
_DATE_LANGUAGES = ["en", "ru", "uk", "de", "fr", "es", "it", "pl"]
_LONGEST_DATE = 64
_DATE_SETTINGS: Any = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "yesterday": a file needs real dates
}


def parse_published(value: Any) -> datetime | None:
    """A publication time in any format dateparser reads, in UTC; None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"has a published value that is not a string: {value!r}")
    try:
        moment = _parse_date(value.strip())
    except ValueError as error:
        raise ValueError(f"has a published date that cannot be used: {error}") from None
    if moment is None:
        raise ValueError(f"has an unreadable published date {value[:40]!r}")
    return moment


@lru_cache(maxsize=4096)
def _parse_date(value: str) -> datetime | None:
    """ISO 8601 and RFC 2822 directly (fast), anything else up to 64 printable characters through
    dateparser (slower, in `_DATE_LANGUAGES`)."""
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            parsed = parse(value)
        except (TypeError, ValueError, IndexError):
            continue
        return as_utc(parsed)  # out of range in UTC: a ValueError naming the date
    if len(value) > _LONGEST_DATE or not value.isprintable():
        return None
    return dateparser.parse(value, languages=_DATE_LANGUAGES, settings=_DATE_SETTINGS)


def _optional_str(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"has a {key} that is not a string")


class JsonLinesReader:
    """Reads one document per line; a single bad line rejects the whole file."""

    name = "jsonl"

    def sniff(self, path: Path, head: bytes) -> bool:
        """Lines of JSON objects with a `text` key."""
        return strip_bom(head).startswith(b"{") and b"text" in json_keys(head)

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        what = "JSON Lines"
        documents = []
        for number, row in iter_json_lines(path, data, what=what):
            try:
                documents.append(self._document(path, row, f"line {number}", max_bytes=max_bytes))
            except ValueError as error:
                raise MalformedInputError(f"{path}: malformed {what}: line {number} {error}") from None
        return documents

    def _document(self, path: Path, row: dict[str, Any], where: str, *, max_bytes: int) -> Document:
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("has no text")
        return build_document(
            path,
            max_bytes=max_bytes,
            where=where,
            text=text,
            source=_optional_str(row, "source") or path.name,
            url=_optional_str(row, "url"),
            title=_optional_str(row, "title"),
            published_at=parse_published(row.get("published")),
            language=_optional_str(row, "language"),
            fmt=self.name,
        )
