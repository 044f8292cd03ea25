"""tracking_events: one row per step, stage-specific details in a JSONB note.

Revision ID: 0004_tracking_events
Revises: 0003_stage_enum_values
Create Date: 2026-01-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_tracking_events"
down_revision: str | None = "0003_stage_enum_values"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_TYPES = (
    "applied",
    "screening",
    "interview",
    "reference",
    "offer",
    "accepted",
    "declined",
    "rejected",
)


def upgrade() -> None:
    postgresql.ENUM(*EVENT_TYPES, name="tracking_event_type").create(op.get_bind())
    op.create_table(
        "tracking_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column(
            "event_type",
            postgresql.ENUM(name="tracking_event_type", create_type=False),
            nullable=False,
        ),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("event_time", sa.Time(), nullable=True),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column(
            "note",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_tracking.id"],
            name="fk_tracking_events_job_id_job_tracking",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tracking_events"),
    )
    op.create_index("ix_tracking_events_job_id_id", "tracking_events", ["job_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_tracking_events_job_id_id", table_name="tracking_events")
    op.drop_table("tracking_events")
    postgresql.ENUM(name="tracking_event_type").drop(op.get_bind())
