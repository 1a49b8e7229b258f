"""The ledger's tables at the newest migration, as SQLAlchemy Core metadata.

The migrations in `migrations/versions/` build exactly this schema (a test compares them); queries use
these Table objects. Offsets are character offsets into `documents.text`; enum-valued columns hold the
plain string values of the enums in `claimledger.model`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

VERSION_TABLE = "claimledger_version"

#: JSON everywhere, JSONB on PostgreSQL so later issues can index into it; Python None is SQL NULL.
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _offsets_check() -> sa.CheckConstraint:
    """`0 <= start <= end` for a table with character offsets."""
    return sa.CheckConstraint(
        sa.and_(sa.column("start") >= 0, sa.column("end") >= sa.column("start")), name="offsets"
    )


def _document_fk() -> sa.ForeignKey:
    """A reference to the document a row belongs to; deleting the document deletes the row."""
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published_at", sa.DateTime),  # naive UTC
    sa.Column("published_utcoffset", sa.Integer),  # seconds east of UTC; NULL when published_at was naive
    sa.Column("language", sa.String(16)),
    sa.Column("format", sa.String(32), nullable=False),
    sa.Column("path", sa.Text),
    sa.Column("relay", sa.Text),
    sa.Column("meta", JSON, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),  # naive UTC
    sa.Column("extraction_error", sa.Text),  # why extraction failed; NULL: extracted, or not asked to
    sa.Index(None, "published_at"),
    sa.Index(None, "source"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(64), _document_fk(), nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("place_id", sa.Text),  # NULL: unresolved; the columns below are then NULL too
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
    sa.UniqueConstraint("document_id", "ordinal"),
    sa.Index(None, "place_id"),
    _offsets_check(),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(64), _document_fk(), nullable=False),
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
    sa.Column("confidence", sa.Float),  # NULL: extracted before claims carried a confidence
    sa.Column("dispute_cue", sa.Text),
    sa.UniqueConstraint("document_id", "ordinal"),
    sa.Index(None, "action"),
    sa.Index(None, "status"),
    sa.Index(None, "claimant_canonical"),
    sa.Index(None, "time_start", "time_end"),
    _offsets_check(),
)

contradictions = sa.Table(
    "contradictions",
    metadata,
    sa.Column("claim_a", sa.String(64), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("claim_b", sa.String(64), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Index(None, "claim_b"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
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
    sa.Column("added_at", sa.DateTime, nullable=False),  # naive UTC
)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime, nullable=False),  # naive UTC
    sa.Column("finished_at", sa.DateTime, nullable=False),
    sa.Column("documents_seen", sa.Integer, nullable=False),
    sa.Column("documents_added", sa.Integer, nullable=False),
)

#: The analysts' audit log. Each row is one change (kind `claim`, `place` or `source`, keyed by a stable
#: id); the newest row per (kind, key) is the override applied on read and when assessing.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("value", JSON, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),  # naive UTC
    sa.Index(None, "kind", "key"),
)

#: API write tokens: only a salted scrypt digest of the secret is stored.
tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("salt", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),  # naive UTC
    sa.Column("expires_at", sa.DateTime),  # naive UTC; NULL: never
)

# -- the persisted cross-source assessment (see `_assessment.py`) ------------------------------------

#: One row per claim the stored assessment covers; a claim with no row is not assessed yet. Rejected
#: claims are covered with NULL grade columns (assessment leaves them out).
assessed_claims = sa.Table(
    "assessed_claims",
    metadata,
    sa.Column("claim_id", sa.String(64), primary_key=True),
    sa.Column("group_id", sa.Text),
    sa.Column("origin", sa.Text),
    sa.Column("reliability", sa.String(1)),
    sa.Column("credibility", sa.Integer),
    sa.Column("code", sa.String(8)),
    sa.Column("reasons", JSON),
)

assessed_groups = sa.Table(
    "assessed_groups",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("members", JSON, nullable=False),  # {"claim_ids": [...], "origins": [...], "place_ids": [...]}
    sa.Column("start", sa.Date),
    sa.Column("end", sa.Date),
    sa.Column("frame", sa.Text, nullable=False),
)

assessed_contradictions = sa.Table(
    "assessed_contradictions",
    metadata,
    sa.Column("claim_a", sa.String(64), primary_key=True),
    sa.Column("claim_b", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index(None, "claim_b"),
)

assessed_timelines = sa.Table(
    "assessed_timelines",
    metadata,
    sa.Column("place_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("entries", JSON, nullable=False),
)

#: The assessor's block index (block key -> claim ids), what `Assessor.update` starts from.
assessed_blocks = sa.Table(
    "assessed_blocks",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("claim_ids", JSON, nullable=False),
)

#: At most one row (id 1): the settings the stored assessment was made with and the newest review in it.
assessment_state = sa.Table(
    "assessment_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("settings", JSON, nullable=False),
    sa.Column("review_id", sa.Integer, nullable=False),
    sa.Column("assessed_at", sa.DateTime, nullable=False),  # naive UTC
)

# -- the read model (see `_read_model.py`): one indexed row per claim, kept current on every write ----

#: A claim as the readers filter and order it: after the analysts' reviews (effective status, verdict,
#: corrected places) and with its stored assessment. `sort_day` is `day` as a day number (0: undated) so
#: the newest-first order needs no NULL handling; `claimant_key` is casefolded.
claim_index = sa.Table(
    "claim_index",
    metadata,
    sa.Column("claim_id", sa.String(64), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
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
    sa.Column("verdict", sa.String(16)),  # the analysts' verdict in force: rejected, confirmed or NULL
    sa.Column("place_fixed", sa.Boolean, nullable=False),  # an analyst corrected one of its places
    sa.Index(None, "sort_day", "claim_id"),
    sa.Index(None, "document_id"),
    sa.Index(None, "lat", "lon"),
    sa.Index(None, "claimant_key"),
    sa.Index(None, "status"),
    sa.Index(None, "grade"),
    sa.Index(None, "group_id"),
)

#: The places each indexed claim is about (after place fixes), for the place filter.
claim_places = sa.Table(
    "claim_places",
    metadata,
    sa.Column(
        "claim_id", sa.String(64), sa.ForeignKey("claim_index.claim_id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("place_id", sa.Text, primary_key=True),
    sa.Index(None, "place_id", "claim_id"),
)

#: Every spelling claims give a place (its name and mentions, casefolded, and its id), for `--place NAME`.
place_names = sa.Table(
    "place_names",
    metadata,
    sa.Column("name_key", sa.Text, primary_key=True),
    sa.Column("place_id", sa.Text, primary_key=True),
)
