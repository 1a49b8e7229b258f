"""Telethon message dumps: a JSON list, or JSON Lines, of `Message.to_dict()`-like objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimledger.errors import MalformedInputError
from claimledger.ingest._base import build_document, iter_json_lines, json_keys, load_json, strip_bom
from claimledger.ingest._fields import (
    integer,
    iso_datetime,
    label,
    message_url,
    named,
    optional_integer,
    optional_text,
    shown,
    username,
)
from claimledger.model import Document

_PEER_KEYS = ("channel_id", "chat_id", "user_id")
_WHAT = "Telethon messages"


def peer_id(peer: Any, field: str) -> int | None:
    """The numeric id inside a Telethon peer (`{"_": "PeerChannel", "channel_id": 1}`) or the id itself."""
    if peer is None:
        return None
    if isinstance(peer, dict):
        key = next((key for key in _PEER_KEYS if key in peer), None)
        if key is None:
            raise ValueError(f"has {named(field)} without any of {', '.join(_PEER_KEYS)}")
        return integer(peer[key], f"{field}.{key}")
    return integer(peer, field)


def forwarded_from(header: Any) -> str | None:
    """Who a forwarded message came from: the header's `from_name`, else `telegram:<from_id>`."""
    if header is None:
        return None
    if not isinstance(header, dict):
        raise ValueError(f"has a fwd_from that is not an object: {shown(header)}")
    name = optional_text(header.get("from_name"), "fwd_from.from_name")
    if name:
        return name
    origin = peer_id(header.get("from_id"), "fwd_from.from_id")
    return f"telegram:{origin}" if origin is not None else None


class TelethonReader:
    """Reads messages dumped with Telethon; messages without text (media only) are skipped."""

    name = "telethon"

    def sniff(self, path: Path, head: bytes) -> bool:
        """JSON whose objects carry `message` and `date` keys."""
        keys = json_keys(head)
        return strip_bom(head)[:1] in (b"[", b"{") and {b"message", b"date"} <= keys

    def __call__(self, path: Path, data: bytes, *, max_bytes: int) -> list[Document]:
        if strip_bom(data).startswith(b"["):
            loaded = load_json(path, data, what=_WHAT)
            if not all(isinstance(item, dict) for item in loaded):
                raise MalformedInputError(f"{path}: malformed {_WHAT}: the list holds a non-object")
            rows = [(f"item {index}", item) for index, item in enumerate(loaded)]
        else:
            rows = [(f"line {number}", row) for number, row in iter_json_lines(path, data, what=_WHAT)]
        documents = []
        for where, row in rows:
            try:
                document = self._document(path, row, where, max_bytes=max_bytes)
            except ValueError as error:
                raise MalformedInputError(
                    f"{path}: malformed {_WHAT}: {label(where, row.get('id'))} {error}"
                ) from None
            if document is not None:
                documents.append(document)
        return documents

    def _document(self, path: Path, row: dict[str, Any], where: str, *, max_bytes: int) -> Document | None:
        text = optional_text(row.get("message"), "message") or ""
        if not text.strip():
            return None
        if "id" not in row:
            raise ValueError("has no id")
        message_id = integer(row["id"], "id")
        published = iso_datetime(row.get("date"), "date")
        channel_id = peer_id(row.get("peer_id"), "peer_id")
        channel = optional_text(row.get("channel"), "channel")
        if channel_id is None and not channel:
            raise ValueError("has neither a peer_id nor a channel")
        public_name = username(row.get("username"))
        relay = forwarded_from(row.get("fwd_from"))
        meta: dict[str, Any] = {"message_id": message_id, "channel_id": channel_id}
        for key in ("views", "forwards"):
            count = optional_integer(row.get(key), key)
            if count is not None:
                meta[key] = count
        if row.get("edit_date") is not None:
            meta["edited"] = iso_datetime(row["edit_date"], "edit_date").isoformat()
        if relay:
            meta["forwarded_from"] = relay
        return build_document(
            path,
            max_bytes=max_bytes,
            where=where,
            text=text,
            source=channel or f"telegram:{channel_id}",
            url=message_url(public_name, channel_id if channel_id is not None else str(channel), message_id),
            published_at=published,
            relay=relay,
            fmt=self.name,
            meta=meta,
        )
