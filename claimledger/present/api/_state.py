"""The app's view of the ledger: one reading connection behind a lock, and writes on their own connection.

Claim listings read the ledger's read model (`Ledger.query`) on every request, so documents ingested by
another process appear on the next request. The other endpoints still read an assessed snapshot (see
claimledger.present.snapshot), built from the stored assessment without writing and dropped after a review.
A review is stored and the assessment brought up to date on a connection of its own (`write`), outside the
readers' lock: a GET never writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from claimledger import jobs
from claimledger.assess import Assessor
from claimledger.present.snapshot import Snapshot, load
from claimledger.store import Ledger, token_matches, token_name

T = TypeVar("T")


class LedgerState:
    """A Ledger shared by the app's worker threads, and the snapshot of it."""

    def __init__(self, *, url: str, assessor: Assessor | None = None) -> None:
        self.url = url
        self.ledger = Ledger(url=url, create=False)
        self._assessor = assessor or Assessor()
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def read(self, how: Callable[[Ledger], T]) -> T:
        with self._lock:
            return how(self.ledger)

    def write(self, how: Callable[[Ledger], T]) -> T:
        """Run `how` on a connection of its own (one writer at a time), then bring the stored assessment and
        the read model up to date and drop the snapshot. Readers go on meanwhile."""
        with self._write_lock, Ledger(url=self.url, create=False) as ledger:
            done = how(ledger)
            jobs.assessment(ledger, assessor=self._assessor)
        self.invalidate()
        return done

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
        """Forget the snapshot after a write; the next read builds it from the stored assessment."""
        with self._lock:
            self._snapshot = None

    def close(self) -> None:
        with self._lock:
            self.ledger.close()
