"""The read model: one indexed row per claim as the analysts left it, with its stored assessment
(`claim_index`), the places it is about (`claim_places`) and the spellings of those places (`place_names`),
built here from the stored claims, reviews and assessment.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "claim_index",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date),
        sa.Column("sort_day", sa.Integer, nullable=False),
        sa.Column("time_start", sa.Date),
        sa.Column("time_end", sa.Date),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("claimant_key", sa.Text, nullable=False),
        sa.Column("claimant_side", sa.String(16), nullable=False),
        sa.Column("actor_side", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("grade", sa.String(8)),
        sa.Column("group_id", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("verdict", sa.String(16)),
        sa.Column("place_fixed", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("claim_id", name="pk_claim_index"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_index_claim_id_claims", ondelete="CASCADE"
        ),
    )
    for columns in (
        ("sort_day", "claim_id"), ("document_id",), ("lat", "lon"), ("claimant_key",), ("status",),
        ("grade",), ("group_id",),
    ):
        op.create_index(f"ix_claim_index_{'_'.join(columns)}", "claim_index", list(columns))
    op.create_table(
        "claim_places",
        sa.Column("claim_id", sa.String(64), nullable=False),
        sa.Column("place_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "place_id", name="pk_claim_places"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim_index.claim_id"], name="fk_claim_places_claim_id_claim_index",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_claim_places_place_id_claim_id", "claim_places", ["place_id", "claim_id"])
    op.create_table(
        "place_names",
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("place_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("name_key", "place_id", name="pk_place_names"),
    )
    # The rows are computed by the code that keeps them current (reviews applied, the most precise place).
    from claimledger.store._read_model import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("place_names")
    op.drop_table("claim_places")
    op.drop_table("claim_index")
