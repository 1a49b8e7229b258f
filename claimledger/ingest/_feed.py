"""RSS and Atom feeds: one document per entry, its title and summary or content as text."""

from __future__ import annotations

import calendar
import io
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import build_document, from_timestamp
from claimledger.model import Document

_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_BLOCKS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "blockquote", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIPPED = frozenset({"script", "style"})
_BLANKS = re.compile(r"[ \t]*\n[ \t\n]*")
_ENTITY_DECLARATIONS = (
    re.compile(rb"<!ENTITY", re.IGNORECASE),
    re.compile(re.escape("<!ENTITY".encode("cp037"))),  # EBCDIC, which feedparser also decodes
)


def declares_entities(data: bytes) -> bool:
    """True when the XML declares entities anywhere (NUL bytes dropped, so UTF-16 and UTF-32 are caught)."""
    packed = data.replace(b"\x00", b"")
    return any(pattern.search(packed) for pattern in _ENTITY_DECLARATIONS)


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, a line break per block element, no script or style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The plain text of an HTML fragment, paragraphs on their own lines."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return _BLANKS.sub("\n", "".join(collector.parts)).strip()


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents and contents[0].get("value"):
        return str(contents[0]["value"])
    return str(entry.get("summary") or "")


def _entry_time(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return from_timestamp(calendar.timegm(parsed)) if parsed else None


class FeedReader:
    """Reads RSS 0.9x/2.0, RDF and Atom with feedparser; entries with no text are skipped."""

    name = "feed"

    def sniff(self, path: Path, head: bytes) -> bool:
        """An XML document whose root is rss, feed (Atom) or rdf:RDF."""
        return _FEED_START.match(head) is not None

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        # feedparser has no switch to refuse DTD entity expansion (expat's amplification limit still
        # lets a small "billion laughs" cost seconds and hundreds of MB), and feeds never need entities.
        if declares_entities(data):
            raise MalformedInputError(f"{path}: feed declares XML entities; refused")
        # A stream, never bytes: feedparser takes a string for a file name or URL to open.
        try:
            parsed = feedparser.parse(io.BytesIO(data))
        except Exception as error:  # feedparser's loose-parser fallback can fail on broken markup
            raise MalformedInputError(
                f"{path}: malformed feed: the feed parser failed ({type(error).__name__}: {error})"
            ) from None
        if parsed.bozo and not parsed.entries:
            raise MalformedInputError(f"{path}: malformed feed: {parsed.get('bozo_exception')}")
        source = str(parsed.feed.get("title") or path.name)
        documents = []
        for index, entry in enumerate(parsed.entries):
            title = html_to_text(str(entry.get("title") or ""))
            body = html_to_text(_entry_body(entry))
            text = "\n\n".join(part for part in (title, body) if part)
            if not text:
                continue
            documents.append(
                build_document(
                    path,
                    max_bytes=max_bytes,
                    where=f"entry {index}",
                    text=text,
                    source=source,
                    url=entry.get("link") or None,
                    title=title or None,
                    published_at=_entry_time(entry),
                    fmt=self.name,
                    meta={"entry_id": entry["id"]} if entry.get("id") else {},
                )
            )
        return documents
