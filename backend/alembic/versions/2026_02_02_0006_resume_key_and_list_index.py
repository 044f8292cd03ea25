"""job_tracking.resume_key (the confirmed resume object) and the keyset index for the list.

Revision ID: 0006_resume_key_list_index
Revises: 0005_backfill_events
Create Date: 2026-02-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_resume_key_list_index"
down_revision: str | None = "0005_backfill_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("job_tracking", sa.Column("resume_key", sa.Text(), nullable=True))
    op.create_index(
        "ix_job_tracking_user_id_updated_at_id", "job_tracking", ["user_id", "updated_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_job_tracking_user_id_updated_at_id", table_name="job_tracking")
    op.drop_column("job_tracking", "resume_key")
