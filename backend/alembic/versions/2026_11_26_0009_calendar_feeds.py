"""calendar_feeds: one subscription feed per user, kept as a hash of its secret, never the secret.

Revision ID: 0009_calendar_feeds
Revises: 0008_event_owner_and_dates
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_calendar_feeds"
down_revision: str | None = "0008_event_owner_and_dates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_feeds"),
        sa.UniqueConstraint("user_id", name="uq_calendar_feeds_user_id"),
        sa.UniqueConstraint("secret_hash", name="uq_calendar_feeds_secret_hash"),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
