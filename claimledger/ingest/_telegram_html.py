"""Telegram Desktop's HTML export (`messages.html`, `messages2.html`, ...): one document per message.

Each page carries the chat's name in its header and up to 1000 messages. Documents match those the JSON
export (`_telegram.py`) gives for the same channel: same text, date, source, relay and meta keys; only
the URL differs, as the HTML names neither the channel's id nor its username (`telegram:<name>/<id>`).

Dates are the exporter's wall-clock time with its UTC offset. Telegram Desktop writes the offset of the
zone's standard time (`QTimeZone::StandardTime`), so in a zone with summer time a summer message may come
out an hour late; the JSON export's Unix times are exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError, _Element

from claimledger.errors import EncodingError, MalformedInputError
from claimledger.ingest._base import build_document, message_meta, strip_bom
from claimledger.ingest._fields import message_url, shown
from claimledger.model import Document

_WHAT = "Telegram HTML export"
_CHAT_PAGE = re.compile(rb'<div class="page_body chat_page">')
_HTML_END = re.compile(rb"</html>\s*\Z", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"message(-?[0-9]+)")
_DATE = re.compile(  # "03.03.2024 10:15:22 UTC+03:00"; exports made before 2022 give no offset
    r"([0-9]{2})\.([0-9]{2})\.([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(?: UTC([+-])([0-9]{2}):([0-9]{2}))?"
)
_REPLY_TARGET = re.compile(r"#go_to_message([0-9]+)\Z")
_VIA_BOT = re.compile(r"\s+via @\w+\Z")
_TEMPLATE_END = re.compile(r"\n[ \t]*\Z")  # the newline and indentation the exporter puts before </div>


def _parser() -> lxml.html.HTMLParser:
    """An HTML parser that never fetches anything, and drops comments and processing instructions."""
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def _has_class(element: _Element, *names: str) -> bool:
    """True when the element's class attribute lists every one of `names`."""
    return set(names) <= set(str(element.get("class", "")).split())


def _child(element: _Element, *names: str) -> _Element | None:
    """The element's first child `div` (or `span`) with all the given classes."""
    return next((c for c in element if c.tag in ("div", "span") and _has_class(c, *names)), None)


def _own_text(element: _Element) -> str:
    """The element's text before its first child element, trimmed (a name without its date span)."""
    return " ".join((element.text or "").split())


def _flatten(element: _Element) -> tuple[str, list[str]]:
    """A message's text (`<br>` as newlines) and the hrefs of its text links, as the JSON export has them.

    Telegram writes every entity as an `<a>`: a URL, mention, e-mail or phone shows its own target, a
    hashtag or custom emoji has no absolute target; only the rest are text links with an href of their own.
    """
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = "".join(element.itertext()).removeprefix("\n")
    links = [str(a.get("href")).strip() for a in element.iter("a") if _is_text_link(a)]
    return _TEMPLATE_END.sub("", text), links


def _is_text_link(anchor: _Element) -> bool:
    href = str(anchor.get("href") or "").strip()
    label = "".join(anchor.itertext()).strip()
    if not urlsplit(href).scheme or href in (label, f"mailto:{label}", f"tel:{label}"):
        return False
    return not (label.startswith("@") and href.endswith(f"/{label[1:]}"))  # a mention


def parse_date(title: str) -> tuple[datetime, bool]:
    """A `date details` title as UTC; without an offset (older exports) it is taken as UTC (flagged True)."""
    match = _DATE.fullmatch(title.strip())
    if match is None:
        raise ValueError(f"has an unreadable date {shown(title)}")
    day, month, year, hour, minute, second, sign, off_hours, off_minutes = match.groups()
    zone = UTC
    if sign:
        offset = timedelta(hours=int(off_hours), minutes=int(off_minutes))
        zone = timezone(-offset if sign == "-" else offset)
    try:
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except ValueError:
        raise ValueError(f"has an impossible date {shown(title)}") from None
    return local.astimezone(UTC), not sign


@dataclass(slots=True)
class _Joined:
    """What a "joined" message (same sender, shortly after) leaves out and takes from the one before."""

    sender: str | None = None
    relay: str | None = None


class TelegramHtmlReader:
    """Reads one page of a Telegram Desktop HTML export; service messages and bare media are skipped."""

    name = "telegram-html"

    def sniff(self, path: Path, head: bytes) -> bool:
        """An HTML page whose body is a Telegram Desktop chat page."""
        return strip_bom(head)[:1] == b"<" and _CHAT_PAGE.search(head) is not None

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        try:
            markup = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise EncodingError(
                f"{path}: undecodable bytes in {_WHAT} at byte {error.start}: the export is UTF-8"
            ) from None
        if _HTML_END.search(data[-1024:]) is None:
            raise MalformedInputError(f"{path}: malformed {_WHAT}: truncated, no closing </html>")
        try:
            root = lxml.html.document_fromstring(markup, parser=_parser())
        except (ParserError, ValueError) as error:
            raise MalformedInputError(f"{path}: malformed {_WHAT}: {error}") from None
        channel = self._channel(root)
        history = _first(root, "history")
        if channel is None or history is None:
            raise MalformedInputError(f"{path}: malformed {_WHAT}: no chat name in its header or no history")
        documents = []
        joined = _Joined()
        for element in _messages(history):
            where = str(element.get("id") or "a message without an id")
            try:
                document = self._document(path, element, channel, joined, max_bytes=max_bytes)
            except ValueError as error:
                raise MalformedInputError(f"{path}: malformed {_WHAT}: {where} {error}") from None
            if document is not None:
                documents.append(document)
        return documents

    @staticmethod
    def _channel(root: _Element) -> str | None:
        """The chat's name in the page header ("Name " + last name, which channels do not have)."""
        header = _first(root, "page_header")
        name = _first(header, "text", "bold") if header is not None else None
        if name is None:
            return None
        return " ".join("".join(name.itertext()).split()) or None

    def _document(
        self, path: Path, element: _Element, channel: str, joined: _Joined, *, max_bytes: int
    ) -> Document | None:
        message_id = _message_id(element)
        body = _child(element, "body")
        if body is None:
            raise ValueError("has no body")
        date = _child(body, "date", "details")
        if date is None or not date.get("title"):
            raise ValueError("has no date")
        published, assumed = parse_date(str(date.get("title")))
        sender = _child(body, "from_name")
        if sender is not None:
            joined.sender = _VIA_BOT.sub("", _own_text(sender)) or None
        elif not _has_class(element, "joined"):
            joined.sender = None
        forwarded = _child(body, "forwarded", "body")
        if forwarded is None:
            joined.relay = None
        elif (origin := _child(forwarded, "from_name")) is not None:
            joined.relay = _VIA_BOT.sub("", _own_text(origin)) or None
        content = forwarded if forwarded is not None else body
        text_div = _child(content, "text")
        if text_div is None:
            return None
        text, hrefs = _flatten(text_div)
        if not text.strip():
            return None
        relay = joined.relay if forwarded is not None else None
        return build_document(
            path,
            max_bytes=max_bytes,
            where=f"message {message_id}",
            text=text,
            source=channel,
            url=message_url(None, channel, message_id),
            published_at=published,
            relay=relay,
            fmt=self.name,
            meta=message_meta(
                message_id=message_id,
                channel=channel,
                assumed=assumed,
                hrefs=hrefs,
                sender=joined.sender,
                relay=relay,
                reply_to=_reply_to(content),
            ),
        )


def _first(root: _Element, *names: str) -> _Element | None:
    """The first `div` under `root` with all the given classes."""
    return next((div for div in root.iter("div") if _has_class(div, *names)), None)


def _messages(history: _Element) -> Iterator[_Element]:
    """The history's ordinary messages; service messages (date separators, "channel created") are not."""
    for element in history:
        if element.tag == "div" and _has_class(element, "message", "default"):
            yield element


def _message_id(element: _Element) -> int:
    match = _MESSAGE_ID.fullmatch(str(element.get("id") or ""))
    if match is None:
        raise ValueError(f"has an id that is not message<number>: {shown(element.get('id'))}")
    return int(match.group(1))


def _reply_to(content: _Element) -> int | None:
    """The id of the message this one answers, when it is in the same chat."""
    reply = _child(content, "reply_to", "details")
    links = [str(a.get("href") or "") for a in reply.iter("a")] if reply is not None else []
    match = next((m for link in links if (m := _REPLY_TARGET.search(link))), None)
    return int(match.group(1)) if match else None
