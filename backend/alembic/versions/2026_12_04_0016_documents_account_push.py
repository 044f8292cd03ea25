"""documents, account deletion and push: the library and its attachments to jobs, the objects
still to delete, and the browsers a user asked to be pushed to.

Revision ID: 0016_documents_account_push
Revises: 0015_feed_steps
Create Date: 2026-12-04

Four new tables and one new column with a default: the previous release's code never names
them and keeps working. `documents` is one user's library (a row per stored object, the key
unique); `job_documents` the versions attached to a job, in the order given; `object_deletions`
the stored objects whose rows are gone but whose deletion from the bucket has not been seen to
succeed yet (a cleanup run retries them, so a crash between the commit and S3 leaves nothing
behind for long); `push_subscriptions` a user's browsers (Web Push), at most ten kept by the
service. The downgrade drops them all: the library rows are lost (their objects stay in the
bucket), as are pending deletions and subscriptions.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_documents_account_push"
down_revision: str | None = "0015_feed_steps"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Check constraints take their short names: the naming convention prefixes them.
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("key", name="uq_documents_key"),
        sa.CheckConstraint("kind IN ('resume', 'cover_letter', 'other')", name="kind"),
        sa.CheckConstraint("size >= 0", name="size"),
    )
    op.create_index(
        "ix_documents_user_id_created_at_id", "documents", ["user_id", "created_at", "id"]
    )
    op.create_table(
        "job_documents",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_tracking.id"],
            name="fk_job_documents_job_id_job_tracking",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_job_documents_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "document_id", name="pk_job_documents"),
    )
    op.create_index("ix_job_documents_document_id", "job_documents", ["document_id"])
    op.create_table(
        "object_deletions",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_object_deletions"),
    )
    op.create_index("ix_object_deletions_created_at", "object_deletions", ["created_at"])
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("p256dh", sa.String(200), nullable=False),
        sa.Column("auth", sa.String(100), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_push_subscriptions"),
        sa.UniqueConstraint("endpoint", name="uq_push_subscriptions_endpoint"),
        sa.CheckConstraint("endpoint LIKE 'https://%'", name="endpoint_https"),
    )
    op.create_index(
        "ix_push_subscriptions_user_id_created_at", "push_subscriptions", ["user_id", "created_at"]
    )
    op.add_column(
        "notification_settings",
        sa.Column("push", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("notification_settings", "push")
    op.drop_index("ix_push_subscriptions_user_id_created_at", table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
    op.drop_index("ix_object_deletions_created_at", table_name="object_deletions")
    op.drop_table("object_deletions")
    op.drop_index("ix_job_documents_document_id", table_name="job_documents")
    op.drop_table("job_documents")
    op.drop_index("ix_documents_user_id_created_at_id", table_name="documents")
    op.drop_table("documents")
