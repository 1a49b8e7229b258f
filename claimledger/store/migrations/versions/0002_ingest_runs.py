"""Ingest runs: one row per `Ledger.add_many` call, with how many documents it saw and added.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=False),
        sa.Column("documents_seen", sa.Integer, nullable=False),
        sa.Column("documents_added", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )


def downgrade() -> None:
    op.drop_table("ingest_runs")
