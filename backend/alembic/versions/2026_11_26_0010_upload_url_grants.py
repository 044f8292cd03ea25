"""upload_url_grants: the upload URLs each user was given in the last hour (the rate limit).

Revision ID: 0010_upload_url_grants
Revises: 0009_calendar_feeds
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_upload_url_grants"
down_revision: str | None = "0009_calendar_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "upload_url_grants",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column(
            "granted_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_upload_url_grants"),
    )
    op.create_index(
        "ix_upload_url_grants_user_id_granted_at", "upload_url_grants", ["user_id", "granted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_upload_url_grants_user_id_granted_at", table_name="upload_url_grants")
    op.drop_table("upload_url_grants")
