"""Ingestion: files in, `Document` records out. Pure: no database, no network.

`read_file` recognises a file's format from its content first and its extension second, then hands it
to the reader registered under that format in `READERS`. A file yields all its documents or raises an
`IngestError` subclass whose message starts with the file's path; never a partial list.
`is_media_or_asset` tells the files that are no documents at all (photos, videos, a Telegram export's
media and page assets), which a batch passes over and counts instead of reporting them as failures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger.errors import (
    MalformedInputError,
    OversizeInputError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from claimledger.ingest._base import Reader, has_utf16_bom
from claimledger.ingest._feed import FeedReader
from claimledger.ingest._html import HtmlReader
from claimledger.ingest._jsonl import JsonLinesReader
from claimledger.ingest._skip import is_media_or_asset
from claimledger.ingest._telegram import TelegramExportReader
from claimledger.ingest._telegram_html import TelegramHtmlReader
from claimledger.ingest._telethon import TelethonReader
from claimledger.ingest._text import TextReader
from claimledger.model import Document

__all__ = ["READERS", "Reader", "detect_format", "is_media_or_asset", "iter_files", "read_file"]

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        TelegramExportReader(),
        TelethonReader(),
        JsonLinesReader(),
        FeedReader(),
        TelegramHtmlReader(),
        HtmlReader(),
        TextReader(),
    )
}
"""Readers by format name, in the order their `sniff` is tried; "text" accepts anything and comes last.
A Telegram HTML export page is also HTML, so its reader comes before the article reader."""

EXTENSIONS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""The format of a file whose content no reader recognised, by extension; anything else is text."""

_HEAD_BYTES = 64 * 1024
_BINARY_MAGIC = (
    b"\x89PNG",
    b"PK\x03\x04",
    b"%PDF",
    b"\x1f\x8b",
    b"GIF8",
    b"\xff\xd8\xff",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"SQLite format 3",
)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The given files and every file under the given folders, recursively and sorted.

    Hidden files and folders (a name starting with ".") inside folders are skipped; a path given
    explicitly is yielded as is, even when it does not exist, so that reading it reports the problem.
    """
    seen: set[Path] = set()
    for path in paths:
        found = sorted(_walk(path)) if path.is_dir() else [path]
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


def _walk(folder: Path) -> Iterator[Path]:
    for child in folder.rglob("*"):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(folder).parts):
            yield child


def is_binary(head: bytes) -> bool:
    """True for bytes that are not text: a known binary signature, or NUL bytes without a UTF-16 BOM."""
    return head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not has_utf16_bom(head))


def detect_format(path: Path, head: bytes) -> str:
    """The format name of a file from its first bytes, else its extension; "text" by default."""
    for name, reader in READERS.items():
        if name != "text" and reader.sniff(path, head):
            return name
    suffix = path.suffix.lower()
    if suffix == ".json":
        raise UnsupportedFormatError(
            f"{path}: unsupported JSON layout: not a Telegram Desktop export, Telethon messages "
            "or JSON Lines of documents with a text field"
        )
    return EXTENSIONS.get(suffix, "text")


def read_file(path: Path, *, max_bytes: int) -> list[Document]:
    """Every document in one file; raises an IngestError subclass naming the file and the problem."""
    data = _read_bytes(path, max_bytes=max_bytes)
    if not data.strip():
        raise MalformedInputError(f"{path}: empty file: no documents")
    head = data[:_HEAD_BYTES]
    if is_binary(head):
        raise UnsupportedFormatError(f"{path}: binary file, not text")
    fmt = detect_format(path, head)
    try:
        documents = READERS[fmt](path, data, max_bytes=max_bytes)
    except (ValueError, ArithmeticError, RecursionError) as error:
        raise MalformedInputError(f"{path}: malformed {fmt} input: {error}") from None
    if not documents:
        raise MalformedInputError(f"{path}: no documents: the {fmt} file holds no text")
    return documents


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableInputError(f"{path}: not a regular file")
        if size > max_bytes:
            raise OversizeInputError(f"{path}: file is {size} bytes, over the limit of {max_bytes} bytes")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise UnreadableInputError(f"{path}: unreadable file: no such file") from None
    except PermissionError:
        raise UnreadableInputError(f"{path}: unreadable file: permission denied") from None
    except OSError as error:
        raise UnreadableInputError(f"{path}: unreadable file: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise OversizeInputError(f"{path}: file grew over the limit of {max_bytes} bytes while reading")
    return data
