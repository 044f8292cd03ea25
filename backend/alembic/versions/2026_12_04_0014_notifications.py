"""notifications: settings with the next digest's instant, and one claim per user and local date.

Revision ID: 0014_notifications
Revises: 0013_job_posting
Create Date: 2026-12-04

Two new tables: the previous release's code never names them and keeps working.
`notification_settings.next_digest_at` has a partial index over the users whose digest is on,
so the hourly sender finds the users due with one indexed query. `digest_sends` holds one row
per (user, local date) claimed before a digest is sent. The downgrade drops both (settings and
the record of sent digests are lost).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_notifications"
down_revision: str | None = "0013_job_posting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Check constraints take their short names: the naming convention prefixes them.
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("digest", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("digest_hour", sa.SmallInteger(), server_default=sa.text("7"), nullable=False),
        sa.Column("timezone", sa.String(64), server_default="UTC", nullable=False),
        sa.Column(
            "follow_up_days", sa.SmallInteger(), server_default=sa.text("14"), nullable=False
        ),
        sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_digest_on", sa.Date(), nullable=True),
        sa.Column("paused_reason", sa.String(20), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_notification_settings"),
        sa.CheckConstraint("digest_hour BETWEEN 0 AND 23", name="digest_hour"),
        sa.CheckConstraint("follow_up_days BETWEEN 3 AND 60", name="follow_up_days"),
        sa.CheckConstraint("NOT digest OR email IS NOT NULL", name="digest_needs_email"),
    )
    op.create_index(
        "ix_notification_settings_next_digest_at",
        "notification_settings",
        ["next_digest_at"],
        postgresql_where=sa.text("digest"),
    )
    op.create_table(
        "digest_sends",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.String(255), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "local_date", name="pk_digest_sends"),
        sa.CheckConstraint("status IN ('sending', 'sent', 'empty', 'failed')", name="status"),
    )
    op.create_index("ix_digest_sends_message_id", "digest_sends", ["message_id"])


def downgrade() -> None:
    op.drop_index("ix_digest_sends_message_id", table_name="digest_sends")
    op.drop_table("digest_sends")
    op.drop_index("ix_notification_settings_next_digest_at", table_name="notification_settings")
    op.drop_table("notification_settings")
