"""Telethon message dumps: a JSON list, or JSON Lines, of `Message.to_dict()`-like objects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import build_document, iter_json_lines, json_keys, load_json, strip_bom
from claimledger.model import Document

_PEER_KEYS = ("channel_id", "chat_id", "user_id")


def peer_id(peer: Any) -> int | str | None:
    """The numeric id inside a Telethon peer (`{"_": "PeerChannel", "channel_id": 1}`) or the id itself."""
    if isinstance(peer, dict):
        return next((peer[key] for key in _PEER_KEYS if key in peer), None)
    if isinstance(peer, int | str):
        return peer
    return None


def forwarded_from(header: Any) -> str | None:
    """Who a forwarded message came from: the header's `from_name`, else `telegram:<from_id>`."""
    if not isinstance(header, dict):
        return None
    if header.get("from_name"):
        return str(header["from_name"])
    origin = peer_id(header.get("from_id"))
    return f"telegram:{origin}" if origin is not None else None


def _iso(value: Any, field: str) -> datetime:
    if value is None:
        raise ValueError(f"has no {field}")
    if not isinstance(value, str):
        raise ValueError(f"has a {field} that is not an ISO date string")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"has an unreadable {field} {value[:40]!r}") from None


class TelethonReader:
    """Reads messages dumped with Telethon; messages without text (media only) are skipped."""

    name = "telethon"

    def sniff(self, path: Path, head: bytes) -> bool:
        """JSON whose objects carry `message` and `date` keys."""
        keys = json_keys(head)
        return strip_bom(head)[:1] in (b"[", b"{") and {b"message", b"date"} <= keys

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        what = "Telethon messages"
        if strip_bom(data).startswith(b"["):
            loaded = load_json(path, data, what=what)
            if not all(isinstance(item, dict) for item in loaded):
                raise MalformedInputError(f"{path}: malformed {what}: the list holds a non-object")
            rows = [(f"item {index}", item) for index, item in enumerate(loaded)]
        else:
            rows = [(f"line {number}", row) for number, row in iter_json_lines(path, data, what=what)]
        documents = []
        for where, row in rows:
            try:
                document = self._document(path, row, where, max_bytes=max_bytes)
            except ValueError as error:
                raise MalformedInputError(f"{path}: malformed {what}: {where} {error}") from None
            if document is not None:
                documents.append(document)
        return documents

    def _document(self, path: Path, row: dict[str, Any], where: str, *, max_bytes: int) -> Document | None:
        text = row.get("message") or ""
        if not isinstance(text, str):
            raise ValueError("has a message that is not a string")
        if not text.strip():
            return None
        if "id" not in row:
            raise ValueError("has no id")
        published = _iso(row.get("date"), "date")
        channel_id = peer_id(row.get("peer_id"))
        channel = row.get("channel")
        if channel_id is None and not channel:
            raise ValueError("has neither a peer_id nor a channel")
        source = str(channel or f"telegram:{channel_id}")
        username = row.get("username")
        chat = channel_id if channel_id is not None else channel
        url = f"https://t.me/{username}/{row['id']}" if username else f"telegram:{chat}/{row['id']}"
        relay = forwarded_from(row.get("fwd_from"))
        meta: dict[str, Any] = {"message_id": row["id"], "channel_id": channel_id}
        for key in ("views", "forwards"):
            if row.get(key) is not None:
                meta[key] = row[key]
        if row.get("edit_date"):
            meta["edited"] = _iso(row["edit_date"], "edit_date").isoformat()
        if relay:
            meta["forwarded_from"] = relay
        return build_document(
            path,
            max_bytes=max_bytes,
            where=where,
            text=text,
            source=source,
            url=url,
            published_at=published,
            relay=relay,
            fmt=self.name,
            meta=meta,
        )
