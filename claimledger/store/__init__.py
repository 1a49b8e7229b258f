"""The ledger store: documents, place mentions and claims in SQLite (default) or PostgreSQL.

`Ledger(url=...)` opens or creates a ledger and upgrades its schema with the Alembic migrations in
`migrations/`. Tables are described in `_schema.py`; conversions to and from the model records in
`_rows.py`.
"""

from __future__ import annotations

from claimledger.store._ledger import Ledger
from claimledger.store._rows import claim_id

__all__ = ["Ledger", "claim_id"]
