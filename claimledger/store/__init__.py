"""The ledger store: documents, place mentions and claims in SQLite (default) or PostgreSQL.

`Ledger(url=...)` opens or creates a ledger and upgrades its schema with the Alembic migrations in
`migrations/`. Tables are described in `_schema.py`; conversions to and from the model records in
`_rows.py`. The cross-source assessment is stored too (`Ledger.save_assessment`, `Ledger.assessment`),
see `_assessment.py`.
"""

from __future__ import annotations

from claimledger.store._assessment import StoredAssessment
from claimledger.store._ledger import Ledger, paused_gc
from claimledger.store._reviews import (
    Overrides,
    Review,
    apply_review,
    apply_reviews,
    claimant_key,
    place_key,
)
from claimledger.store._rows import claim_id


def create_token(ledger: Ledger, name: str) -> str:
    """Create an API write token called `name` in the ledger; the secret is returned once, never stored."""
    return ledger.add_token(name)


__all__ = [
    "Ledger",
    "Overrides",
    "Review",
    "StoredAssessment",
    "apply_review",
    "apply_reviews",
    "claim_id",
    "claimant_key",
    "create_token",
    "paused_gc",
    "place_key",
]
