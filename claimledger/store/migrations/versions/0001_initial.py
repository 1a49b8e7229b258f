"""Initial ledger: documents, place mentions, claims, contradictions, analyst-added places.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
OFFSETS = sa.and_(sa.column("start") >= 0, sa.column("end") >= sa.column("start"))


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published_at", sa.DateTime),
        sa.Column("published_utcoffset", sa.Integer),
        sa.Column("language", sa.String(16)),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("relay", sa.Text),
        sa.Column("meta", JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_published_at", "documents", ["published_at"])
    op.create_index("ix_documents_source", "documents", ["source"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("place_id", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.String(32)),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("population", sa.BigInteger),
        sa.Column("precision_km", sa.Float),
        sa.Column("place_sources", JSON),
        sa.Column("candidates", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_mentions_document_id_documents", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_mentions_document_id_ordinal"),
        sa.CheckConstraint(OFFSETS, name="ck_mentions_offsets"),
    )
    op.create_index("ix_mentions_place_id", "mentions", ["place_id"])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("claimant_name", sa.Text, nullable=False),
        sa.Column("claimant_canonical", sa.Text),
        sa.Column("claimant_kind", sa.String(32), nullable=False),
        sa.Column("claimant_side", sa.String(16), nullable=False),
        sa.Column("claimant_reliability", sa.String(8)),
        sa.Column("via", JSON, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor_side", sa.String(16), nullable=False),
        sa.Column("places", JSON, nullable=False),
        sa.Column("quantity", JSON),
        sa.Column("has_time", sa.Boolean, nullable=False),
        sa.Column("time_start", sa.Date),
        sa.Column("time_end", sa.Date),
        sa.Column("time_text", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_cue", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_claims_document_id_documents", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_claims_document_id_ordinal"),
        sa.CheckConstraint(OFFSETS, name="ck_claims_offsets"),
    )
    op.create_index("ix_claims_action", "claims", ["action"])
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_index("ix_claims_claimant_canonical", "claims", ["claimant_canonical"])
    op.create_index("ix_claims_time_start_time_end", "claims", ["time_start", "time_end"])

    op.create_table(
        "contradictions",
        sa.Column("claim_a", sa.String(64), nullable=False),
        sa.Column("claim_b", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("claim_a", "claim_b", name="pk_contradictions"),
        sa.ForeignKeyConstraint(
            ["claim_a"], ["claims.id"], name="fk_contradictions_claim_a_claims", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["claim_b"], ["claims.id"], name="fk_contradictions_claim_b_claims", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_contradictions_claim_b", "contradictions", ["claim_b"])

    op.create_table(
        "places",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("population", sa.BigInteger, nullable=False),
        sa.Column("precision_km", sa.Float),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )


def downgrade() -> None:
    for table in ("places", "contradictions", "claims", "mentions", "documents"):
        op.drop_table(table)
