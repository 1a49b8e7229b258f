"""Telegram Desktop exports (`result.json`): one document per text message of one channel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import (
    build_document,
    from_timestamp,
    json_keys,
    load_json,
    message_meta,
    strip_bom,
)
from claimledger.ingest._fields import (
    integer,
    iso_datetime,
    label,
    message_url,
    optional_integer,
    optional_text,
    shown,
    username,
)
from claimledger.model import Document

_WHAT = "Telegram export"


def flatten_text(text: Any) -> tuple[str, list[str]]:
    """A message's text (a string, or a list of strings and entity objects) joined, and its link hrefs."""
    if isinstance(text, str):
        return text, []
    if not isinstance(text, list):
        raise ValueError(f"has a text that is neither a string nor a list: {shown(text)}")
    parts: list[str] = []
    links: list[str] = []
    for position, part in enumerate(text):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
            if part.get("type") == "text_link":
                href = part.get("href")
                if not isinstance(href, str):
                    raise ValueError(f"has a text[{position}] link whose href is not a string: {shown(href)}")
                links.append(href)
        else:
            raise ValueError(
                f"has a text[{position}] that is neither a string nor an entity object with a string "
                f"text: {shown(part)}"
            )
    return "".join(parts), links


def _moment(message: dict[str, Any], unix_key: str, local_key: str) -> tuple[datetime | None, bool]:
    """A message time from its epoch field, else from its local-time field taken as UTC (flagged True)."""
    seconds = optional_integer(message.get(unix_key), unix_key)
    if seconds is not None:
        try:
            return from_timestamp(seconds), False
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"has an unreadable {unix_key} {seconds}") from None
    if message.get(local_key) is None:
        return None, False
    return iso_datetime(message[local_key], local_key), True


class TelegramExportReader:
    """Reads a Telegram Desktop channel export; service messages and empty messages are skipped."""

    name = "telegram"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A JSON object with a `messages` key."""
        return strip_bom(head).startswith(b"{") and b"messages" in json_keys(head)

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        export = load_json(path, data, what=_WHAT)
        if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
            raise MalformedInputError(f"{path}: malformed {_WHAT}: messages is not a list")
        try:
            channel = optional_text(export.get("name"), "name") or path.name
            channel_id = optional_integer(export.get("id"), "id")
            public_name = username(export.get("username"))
        except ValueError as error:
            raise MalformedInputError(f"{path}: malformed {_WHAT}: the export {error}") from None
        documents = []
        for index, message in enumerate(export["messages"]):
            where = f"messages[{index}]"
            if not isinstance(message, dict):
                raise MalformedInputError(f"{path}: malformed {_WHAT}: {where} is not an object")
            try:
                document = self._document(
                    path, message, where, channel, channel_id, public_name, max_bytes=max_bytes
                )
            except ValueError as error:
                raise MalformedInputError(
                    f"{path}: malformed {_WHAT}: {label(where, message.get('id'))} {error}"
                ) from None
            if document is not None:
                documents.append(document)
        return documents

    def _document(
        self,
        path: Path,
        message: dict[str, Any],
        where: str,
        channel: str,
        channel_id: int | None,
        public_name: str | None,
        *,
        max_bytes: int,
    ) -> Document | None:
        kind = message.get("type", "message")
        if not isinstance(kind, str):
            raise ValueError(f"has a type that is not a string: {shown(kind)}")
        if kind != "message":
            return None
        text, hrefs = flatten_text(message.get("text", ""))
        if not text.strip():
            return None
        if "id" not in message:
            raise ValueError("has no id")
        message_id = integer(message["id"], "id")
        published, assumed = _moment(message, "date_unixtime", "date")
        if published is None:
            raise ValueError("has no date")
        edited, _ = _moment(message, "edited_unixtime", "edited")
        relay = optional_text(message.get("forwarded_from"), "forwarded_from")
        reply_to = optional_integer(message.get("reply_to_message_id"), "reply_to_message_id")
        if message.get("reply_to_peer_id") is not None:  # a reply to a message in another chat
            reply_to = None
        meta = message_meta(
            message_id=message_id,
            channel=channel,
            assumed=assumed,
            hrefs=hrefs,
            sender=optional_text(message.get("from"), "from"),
            relay=relay,
            reply_to=reply_to,
        )
        if channel_id is not None:
            meta["channel_id"] = channel_id
        if edited is not None:
            meta["edited"] = edited.isoformat()
        return build_document(
            path,
            max_bytes=max_bytes,
            where=where,
            text=text,
            source=channel,
            url=message_url(public_name, channel_id if channel_id is not None else channel, message_id),
            published_at=published,
            relay=relay,
            fmt=self.name,
            meta=meta,
        )
