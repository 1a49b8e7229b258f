"""What every reader shares: the Reader protocol, decoding, dates, URLs and building checked documents."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from claimledger.errors import EncodingError, MalformedInputError, OversizeInputError
from claimledger.lang import detect_language
from claimledger.model import Document

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_JSON_KEY = re.compile(rb'(?<!\\)"(\w+)"\s*:')
_WEB_SCHEMES = frozenset({"http", "https"})
_TELEGRAM_SCHEME = "telegram"  # the pseudo-URL "telegram:<chat>/<message>" of a channel without a username
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: What no database column can hold: NUL (PostgreSQL refuses it in text and JSON) and lone surrogates
#: (not encodable as UTF-8; JSON's "\\ud800" makes one).
_UNSTORABLE = re.compile(r"\x00|[\ud800-\udfff]")
#: A language tag as BCP 47 writes them (en, uk, pt-BR, zh-Hant-TW), within the ledger's 16 characters.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_LANGUAGE_MAX = 16


class Reader(Protocol):
    """Turns one file's bytes into documents; `sniff` says from the first bytes whether it is its format."""

    name: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when `head` (the file's first bytes) looks like this reader's format."""
        ...

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        """All the file's documents, or an IngestError: never a partial list."""
        ...


def decode(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(f"{path}: undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)


def strip_bom(head: bytes) -> bytes:
    """The bytes without a leading UTF-8 BOM and whitespace, for sniffing."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def has_utf16_bom(head: bytes) -> bool:
    """True when the bytes start with a UTF-16 byte order mark (its text holds NUL bytes)."""
    return head.startswith(_UTF16_BOMS)


def load_json(path: Path, data: bytes, *, what: str) -> Any:
    """Parse a whole JSON file; a truncated or broken one is a MalformedInputError naming the position."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise MalformedInputError(
            f"{path}: malformed {what}: invalid or truncated JSON at line {error.lineno} "
            f"column {error.colno} ({error.msg})"
        ) from None
    except UnicodeDecodeError:
        raise EncodingError(f"{path}: undecodable bytes in {what}: JSON must be UTF-8") from None


def from_timestamp(seconds: float) -> datetime:
    """A UTC datetime from epoch seconds; outside years 1-9999 a ValueError."""
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError):
        raise ValueError(f"timestamp {seconds} is out of range (years 1-9999)") from None


def as_utc(moment: datetime) -> datetime:
    """The same moment in UTC; a naive datetime is taken to be UTC already. A ValueError when the moment
    in UTC falls outside years 1-9999 (0001-01-01T00:00:00+05:00 does)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"date {moment.isoformat()} is out of range in UTC (years 1-9999)") from None


def storable(value: str) -> str:
    """The string without NUL characters and with lone surrogates as U+FFFD: what every database stores."""
    return _UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", value)


def _storable_json(value: Any) -> Any:
    """`storable` applied to every string, key or value, of JSON-like data."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(key)): _storable_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable_json(item) for item in value]
    return value


def language_tag(value: str | None) -> str | None:
    """The value when it is a language tag (en, pt-BR) of at most 16 characters, else None."""
    if value is None or len(value) > _LANGUAGE_MAX or not _LANGUAGE_TAG.fullmatch(value):
        return None
    return value


def safe_url(value: str) -> str | None:
    """The URL, trimmed, when it is http(s) with a host or a `telegram:` pseudo-URL; None for anything else.

    Documents are adversarial: a `javascript:`, `data:` or `file:` link, or one hiding control
    characters, must never reach a page or a terminal as a link.
    """
    url = value.strip()
    if _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in _WEB_SCHEMES and parts.hostname:
        return url
    if scheme == _TELEGRAM_SCHEME and (parts.netloc or parts.path):
        return url
    return None


def message_meta(
    *,
    message_id: int,
    channel: str,
    assumed: bool,
    hrefs: Iterable[str],
    sender: str | None,
    relay: str | None,
    reply_to: int | None,
) -> dict[str, Any]:
    """The meta of a Telegram message, the same from either export (JSON or HTML): its id and channel,
    whether its time zone was assumed, its links (safe ones apart from the rest), sender, forward and the
    message it replies to in the same chat."""
    meta: dict[str, Any] = {"message_id": message_id, "channel": channel}
    if assumed:
        meta["date_timezone_assumed"] = True
    links, unsafe_links = split_links(hrefs)
    if links:
        meta["links"] = links
    if unsafe_links:
        meta["unsafe_links"] = unsafe_links
    if relay:
        meta["forwarded_from"] = relay
    if sender:
        meta["sender"] = sender
    if reply_to is not None:
        meta["reply_to_message_id"] = reply_to
    return meta


def split_links(links: Iterable[str]) -> tuple[list[str], list[str]]:
    """The links `safe_url` keeps (trimmed), and the others verbatim."""
    kept: list[str] = []
    refused: list[str] = []
    for link in links:
        url = safe_url(link)
        if url is None:
            refused.append(link)
        else:
            kept.append(url)
    return kept, refused


def build_document(
    path: Path,
    *,
    max_bytes: int,
    where: str,
    text: str,
    source: str,
    fmt: str,
    url: str | None = None,
    title: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    relay: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Document:
    """A Document whose text fits `max_bytes`, with its language detected unless given.

    `where` names the document inside the file ("messages[3]", "line 4") for the oversize message.
    A `url` that `safe_url` refuses is not kept as the URL but in `meta["unsafe_url"]`; a `language`
    that is not a language tag is not kept but in `meta["unsafe_language"]` (and the language detected).
    Every string is made `storable` (no NUL, no lone surrogate), so SQLite and PostgreSQL store the
    same documents.
    """
    text, source = storable(text), storable(source)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise OversizeInputError(
            f"{path}: {where} is {size} bytes of text, over the limit of {max_bytes} bytes"
        )
    meta = dict(meta or {})
    url = storable(url) if url else None
    kept_url = safe_url(url) if url else None
    if url and kept_url is None:
        meta["unsafe_url"] = url
    language = storable(language) if language else None
    if language and language_tag(language) is None:
        meta["unsafe_language"] = language
    return Document.create(
        text=text,
        source=source,
        url=kept_url,
        title=storable(title) if title else title,
        published_at=as_utc(published_at) if published_at is not None else None,
        language=language_tag(language) or detect_language(text),
        format=fmt,
        path=str(path),
        relay=storable(relay) if relay else relay,
        meta=_storable_json(meta),
    )


def iter_json_lines(path: Path, data: bytes, *, what: str) -> list[tuple[int, dict[str, Any]]]:
    """Every non-blank line of a JSON Lines file as (line number, object); any bad line rejects the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EncodingError(
            f"{path}: undecodable bytes in {what} at byte {error.start}: JSON Lines must be UTF-8"
        ) from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise MalformedInputError(
                f"{path}: malformed {what}: line {number} is not valid JSON "
                f"({error.msg} at column {error.colno})"
            ) from None
        if not isinstance(row, dict):
            raise MalformedInputError(f"{path}: malformed {what}: line {number} is not a JSON object")
        rows.append((number, row))
    return rows


def json_keys(head: bytes) -> set[bytes]:
    """The object keys that appear in the first bytes of a JSON file (escaped quotes are not keys)."""
    return set(_JSON_KEY.findall(head))
