"""The persisted cross-source assessment: per-claim grades and origins, groups, contradictions,
timelines, the assessor's block index, and what the stored assessment reflects.

Revision ID: 0004
Revises: 0003
Create Date: 2025-01-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assessed_claims",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("group_id", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("reliability", sa.String(1)),
        sa.Column("credibility", sa.Integer),
        sa.Column("code", sa.String(8)),
        sa.Column("reasons", JSON),
        sa.PrimaryKeyConstraint("claim_id", name="pk_assessed_claims"),
    )
    op.create_table(
        "assessed_groups",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("members", JSON, nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("frame", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessed_groups"),
    )
    op.create_table(
        "assessed_contradictions",
        sa.Column("claim_a", sa.String(64), nullable=False),
        sa.Column("claim_b", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("claim_a", "claim_b", "kind", name="pk_assessed_contradictions"),
    )
    op.create_table(
        "assessed_timelines",
        sa.Column("place_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("entries", JSON, nullable=False),
        sa.PrimaryKeyConstraint("place_id", name="pk_assessed_timelines"),
    )
    op.create_table(
        "assessed_blocks",
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("claim_ids", JSON, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_assessed_blocks"),
    )
    op.create_table(
        "assessment_state",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("review_id", sa.Integer, nullable=False),
        sa.Column("assessed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessment_state"),
    )


def downgrade() -> None:
    for table in (
        "assessment_state",
        "assessed_blocks",
        "assessed_timelines",
        "assessed_contradictions",
        "assessed_groups",
        "assessed_claims",
    ):
        op.drop_table(table)
