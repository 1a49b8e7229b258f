"""The ledger store: documents, place mentions and claims in SQLite (default) or PostgreSQL.

`Ledger(url=...)` opens or creates a ledger and upgrades its schema with the Alembic migrations in
`migrations/`. Tables are described in `_schema.py`; conversions to and from the model records in
`_rows.py`. The cross-source assessment is stored too (`Ledger.save_assessment`, `Ledger.assessment`),
see `_assessment.py`. Reads go through the read model kept current on every write (`Ledger.query`,
`_read_model.py`, `_queries.py`). Re-extraction replaces a document's extraction and carries its reviews over
(`Ledger.replace_extraction`, `_reextract.py`).
"""

from __future__ import annotations

from datetime import datetime

from claimledger.store._assessment import StoredAssessment
from claimledger.store._ledger import Ledger, paused_gc
from claimledger.store._queries import ContradictionRecord
from claimledger.store._read_model import ClaimQuery, ClaimRecord, claim_day
from claimledger.store._reextract import Replaced, match_claims
from claimledger.store._reviews import (
    Overrides,
    Review,
    apply_review,
    apply_reviews,
    claimant_key,
    place_key,
)
from claimledger.store._rows import claim_id
from claimledger.store._tokens import StoredToken, Token, token_name
from claimledger.store._tokens import matches as token_matches


def create_token(ledger: Ledger, name: str, *, expires_at: datetime | None = None) -> str:
    """Create an API write token called `name` in the ledger, valid until `expires_at` (naive UTC) if
    given; the secret is returned once, never stored."""
    return ledger.add_token(name, expires_at=expires_at)


__all__ = [
    "ClaimQuery",
    "ClaimRecord",
    "ContradictionRecord",
    "Ledger",
    "Overrides",
    "Replaced",
    "Review",
    "StoredAssessment",
    "StoredToken",
    "Token",
    "apply_review",
    "apply_reviews",
    "claim_day",
    "claim_id",
    "claimant_key",
    "create_token",
    "match_claims",
    "paused_gc",
    "place_key",
    "token_matches",
    "token_name",
]
