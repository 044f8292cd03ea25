"""Baseline: the schema before stage tracking (job_tracking with TEXT notes).

Revision ID: 0001_baseline
Revises:
Create Date: 2026-01-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASELINE_STAGES = ("saved", "applied", "screening", "offer", "rejected", "accepted")


def upgrade() -> None:
    stage = postgresql.ENUM(*BASELINE_STAGES, name="tracking_stage")
    stage.create(op.get_bind())
    op.create_table(
        "job_tracking",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("company", sa.String(255), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("job_url", sa.Text(), nullable=True),
        sa.Column(
            "stage",
            postgresql.ENUM(name="tracking_stage", create_type=False),
            server_default="saved",
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_job_tracking"),
    )
    op.create_index("ix_job_tracking_user_id", "job_tracking", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_job_tracking_user_id", table_name="job_tracking")
    op.drop_table("job_tracking")
    postgresql.ENUM(name="tracking_stage").drop(op.get_bind())
