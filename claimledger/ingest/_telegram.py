"""Telegram Desktop exports (`result.json`): one document per text message of one channel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import build_document, from_timestamp, json_keys, load_json, strip_bom
from claimledger.model import Document


def flatten_text(text: Any) -> tuple[str, list[str]]:
    """A message's text (a string, or a list of strings and entity objects) joined, and its link hrefs."""
    if isinstance(text, str):
        return text, []
    if not isinstance(text, list):
        raise ValueError("text is neither a string nor a list")
    parts: list[str] = []
    links: list[str] = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text", ""), str):
            parts.append(part.get("text", ""))
            if part.get("type") == "text_link" and isinstance(part.get("href"), str):
                links.append(part["href"])
        else:
            raise ValueError("text holds an entity that is neither a string nor an object with text")
    return "".join(parts), links


def _moment(message: dict[str, Any], unix_key: str, local_key: str) -> tuple[datetime | None, bool]:
    """A message time from its epoch field, else from its local-time field taken as UTC (flagged True)."""
    try:
        if message.get(unix_key) is not None:
            return from_timestamp(int(message[unix_key])), False
        if isinstance(message.get(local_key), str):
            return datetime.fromisoformat(message[local_key]), True
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"has an unreadable {unix_key}/{local_key}") from None
    return None, False


class TelegramExportReader:
    """Reads a Telegram Desktop channel export; service messages and empty messages are skipped."""

    name = "telegram"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A JSON object with a `messages` key."""
        return strip_bom(head).startswith(b"{") and b"messages" in json_keys(head)

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        export = load_json(path, data, what="Telegram export")
        if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
            raise MalformedInputError(f"{path}: malformed Telegram export: messages is not a list")
        channel = str(export.get("name") or path.name)
        channel_id = export.get("id")
        username = export.get("username")
        documents = []
        for index, message in enumerate(export["messages"]):
            where = f"messages[{index}]"
            if not isinstance(message, dict):
                raise MalformedInputError(f"{path}: malformed Telegram export: {where} is not an object")
            if message.get("type", "message") != "message":
                continue
            try:
                document = self._document(
                    path, message, where, channel, channel_id, username, max_bytes=max_bytes
                )
            except ValueError as error:
                raise MalformedInputError(f"{path}: malformed Telegram export: {where} {error}") from None
            if document is not None:
                documents.append(document)
        return documents

    def _document(
        self,
        path: Path,
        message: dict[str, Any],
        where: str,
        channel: str,
        channel_id: Any,
        username: Any,
        *,
        max_bytes: int,
    ) -> Document | None:
        text, links = flatten_text(message.get("text", ""))
        if not text.strip():
            return None
        if "id" not in message:
            raise ValueError("has no id")
        published, assumed = _moment(message, "date_unixtime", "date")
        if published is None:
            raise ValueError("has no date")
        edited, _ = _moment(message, "edited_unixtime", "edited")
        message_id = message["id"]
        relay = message.get("forwarded_from")
        meta: dict[str, Any] = {"message_id": message_id, "channel": channel}
        if channel_id is not None:
            meta["channel_id"] = channel_id
        if assumed:
            meta["date_timezone_assumed"] = True
        if edited is not None:
            meta["edited"] = edited.isoformat()
        if links:
            meta["links"] = links
        if relay:
            meta["forwarded_from"] = relay
        if username:
            url = f"https://t.me/{username}/{message_id}"
        else:
            url = f"telegram:{channel_id if channel_id is not None else channel}/{message_id}"
        return build_document(
            path,
            max_bytes=max_bytes,
            where=where,
            text=text,
            source=channel,
            url=url,
            published_at=published,
            relay=str(relay) if relay else None,
            fmt=self.name,
            meta=meta,
        )
