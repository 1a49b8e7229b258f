"""API write tokens: created (optionally expiring), listed, revoked and checked; only a salted scrypt digest
of each secret is stored. `TokenMethods` is the part of `Ledger` that handles them.

Checking a secret is split in two so that a server can keep its database lock short: `Ledger.token` reads
the stored digest (fast), `matches` does the deliberately slow scrypt work without any lock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from claimledger.errors import StoreError, TokenError
from claimledger.store._rows import utc_now
from claimledger.store._schema import tokens

#: scrypt cost: n=2**14, r=8 is the interactive-login recommendation (about 16 MB, tens of ms).
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SALT_BYTES = 16
_NO_SALT = b"\0" * SALT_BYTES


@dataclass(frozen=True, slots=True)
class Token:
    """A token as listed: its name, when it was made, and when it stops working (naive UTC; None: never)."""

    name: str
    created_at: datetime
    expires_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A token with its salt and digest, what `matches` checks a secret against."""

    token: Token
    salt: bytes
    digest: bytes


def new_secret(name: str) -> str:
    """A fresh token secret: the token's name, a dot, then 43 random URL-safe characters."""
    return f"{name}.{secrets.token_urlsafe(32)}"


def token_name(secret: str) -> str:
    """The name part of a token secret (names may contain dots; the random part never does)."""
    return secret.rpartition(".")[0]


def digest(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8", "surrogatepass"), salt=salt, **SCRYPT)


def matches(secret: str, stored: StoredToken | None, *, now: datetime | None = None) -> bool:
    """True when the secret hashes to the stored digest (compared in constant time) and the token has not
    expired. A missing token costs the same scrypt work, so timing does not tell which names exist."""
    if stored is None:
        digest(secret, _NO_SALT)
        return False
    right = hmac.compare_digest(digest(secret, stored.salt), stored.digest)
    return right and not stored.token.expired(now or utc_now())


class TokenMethods:
    """The token part of `Ledger` (which provides the connection, the name and the transactions)."""

    name: str
    _conn: sa.Connection

    if TYPE_CHECKING:

        def _transaction(self, what: str, *, write: bool = False) -> AbstractContextManager[None]: ...

    def add_token(self, name: str, *, expires_at: datetime | None = None) -> str:
        """Create a write token called `name` (valid until `expires_at`, naive UTC, if given) and return
        its secret; only a salted digest is stored."""
        if not name.strip():
            raise TokenError(f"{self.name}: a token needs a non-empty name")
        secret, salt = new_secret(name), secrets.token_bytes(SALT_BYTES)
        row = {"name": name, "salt": salt, "digest": digest(secret, salt), "created_at": utc_now(),
               "expires_at": expires_at}
        try:
            with self._transaction(f"token {name!r} could not be stored", write=True):
                self._conn.execute(sa.insert(tokens), row)
        except StoreError as error:
            if self.token(name) is not None:
                raise TokenError(f"{self.name}: a token called {name!r} already exists") from error
            raise
        return secret

    def token(self, name: str) -> StoredToken | None:
        """The stored token called `name`, or None."""
        with self._transaction("cannot read tokens"):
            row = self._conn.execute(sa.select(tokens).where(tokens.c.name == name)).mappings().first()
        if row is None:
            return None
        info = Token(name=row["name"], created_at=row["created_at"], expires_at=row["expires_at"])
        return StoredToken(token=info, salt=bytes(row["salt"]), digest=bytes(row["digest"]))

    def tokens(self) -> list[Token]:
        """Every token, by name (secrets are never stored, so never listed)."""
        query = sa.select(tokens.c.name, tokens.c.created_at, tokens.c.expires_at).order_by(tokens.c.name)
        with self._transaction("cannot read tokens"):
            return [Token(**row) for row in self._conn.execute(query).mappings()]

    def revoke_token(self, name: str) -> None:
        """Delete the token called `name`: its secret stops working at once."""
        with self._transaction(f"token {name!r} could not be revoked", write=True):
            gone = self._conn.execute(sa.delete(tokens).where(tokens.c.name == name)).rowcount
        if not gone:
            raise TokenError(f"{self.name}: no token called {name!r}")

    def check_token(self, secret: str) -> str | None:
        """The name of the unexpired token whose secret this is, or None."""
        name = token_name(secret)
        return name if matches(secret, self.token(name) if name else None) else None
