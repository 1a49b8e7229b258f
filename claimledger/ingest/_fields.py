"""Type checks for the fields of JSON message dumps: each returns the clean value or raises ValueError.

The ValueError message reads on after the message's position ("messages[3] (id 7) " + message), so that
readers can turn it into a MalformedInputError naming the file, the message and the field.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_INTEGER = re.compile(r"-?[0-9]+")
_USERNAME = re.compile(r"[A-Za-z0-9_]+")
_SHOWN = 40


def shown(value: Any) -> str:
    """A short repr of an offending value for an error message."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def named(field: str) -> str:
    """The field with its article, for "has a date" / "has an id"."""
    return f"an {field}" if field[:1] in ("a", "e", "i", "o") else f"a {field}"


def label(where: str, message_id: Any) -> str:
    """A message's position for an error message, with its id when it is a plain int or string."""
    if isinstance(message_id, int | str) and not isinstance(message_id, bool):
        return f"{where} (id {str(message_id)[:_SHOWN]})"
    return where


def integer(value: Any, field: str) -> int:
    """An int, or a string of ASCII digits, as an int; anything else (a bool too) is a ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise ValueError(f"has {named(field)} that is not an integer: {shown(value)}")


def optional_integer(value: Any, field: str) -> int | None:
    """`integer`, with None for a missing value."""
    return None if value is None else integer(value, field)


def optional_text(value: Any, field: str) -> str | None:
    """A string, or None for a missing or empty value; anything else is a ValueError."""
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"has {named(field)} that is not a string: {shown(value)}")


def username(value: Any, field: str = "username") -> str | None:
    """A Telegram public username (letters, digits, underscore) or None; it becomes part of a t.me link."""
    name = optional_text(value, field)
    if name is not None and not _USERNAME.fullmatch(name):
        raise ValueError(f"has {named(field)} that is not a Telegram username: {shown(name)}")
    return name


def message_url(public_name: str | None, chat: int | str, message_id: int) -> str:
    """`https://t.me/<username>/<id>` for a public channel, else the pseudo-URL `telegram:<chat>/<id>`."""
    return f"https://t.me/{public_name}/{message_id}" if public_name else f"telegram:{chat}/{message_id}"


def iso_datetime(value: Any, field: str) -> datetime:
    """An ISO 8601 date-time string parsed; a missing, non-string or unreadable value is a ValueError."""
    if value is None:
        raise ValueError(f"has no {field}")
    if not isinstance(value, str):
        raise ValueError(f"has {named(field)} that is not an ISO date string: {shown(value)}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"has an unreadable {field} {shown(value)}") from None
