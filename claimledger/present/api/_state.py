"""The app's view of the ledger: one connection behind a lock, and an assessed snapshot reloaded on writes.

Filtering, grading and the map read the snapshot (see claimledger.present.snapshot), so a request never
re-reads or re-assesses the ledger; a review rebuilds it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from claimledger.assess import Assessor
from claimledger.present.snapshot import Snapshot, load
from claimledger.store import Ledger, token_matches, token_name

T = TypeVar("T")


class LedgerState:
    """A Ledger shared by the app's worker threads, and the snapshot of it."""

    def __init__(self, *, url: str, assessor: Assessor | None = None) -> None:
        self.ledger = Ledger(url=url, create=False)
        self._assessor = assessor or Assessor()
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None

    def read(self, how: Callable[[Ledger], T]) -> T:
        with self._lock:
            return how(self.ledger)

    def verify_token(self, secret: str) -> str | None:
        """The name of the unexpired token whose secret this is, or None. Only reading the stored digest
        holds the lock; the slow scrypt check runs outside it, so wrong tokens never hold up readers."""
        name = token_name(secret)
        stored = self.read(lambda ledger: ledger.token(name)) if name else None
        return name if token_matches(secret, stored) else None

    def snapshot(self) -> Snapshot:
        with self._lock:
            if self._snapshot is None:
                self._snapshot = load(self.ledger, assessor=self._assessor)
            return self._snapshot

    def invalidate(self) -> None:
        """Forget the snapshot after a write; the next read re-assesses with the new reviews."""
        with self._lock:
            self._snapshot = None

    def close(self) -> None:
        with self._lock:
            self.ledger.close()
