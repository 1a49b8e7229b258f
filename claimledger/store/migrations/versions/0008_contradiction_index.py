"""An index on the second claim of each stored contradiction, so the contradictions of a page of claims
(`Ledger.contradicting`, read by every listing and export) are looked up, not scanned.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_assessed_contradictions_claim_b", "assessed_contradictions", ["claim_b"])


def downgrade() -> None:
    op.drop_index("ix_assessed_contradictions_claim_b", "assessed_contradictions")
