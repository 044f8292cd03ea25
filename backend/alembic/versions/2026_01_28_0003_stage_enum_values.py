"""New stages: interview, reference, declined.

Revision ID: 0003_stage_enum_values
Revises: 0002_notes_jsonb
Create Date: 2026-01-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_stage_enum_values"
down_revision: str | None = "0002_notes_jsonb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASELINE_STAGES = ("saved", "applied", "screening", "offer", "rejected", "accepted")
# A stage the baseline lacks maps to the nearest earlier one it has.
DOWNGRADE_MAP = {"interview": "screening", "reference": "screening", "declined": "offer"}


def upgrade() -> None:
    # ADD VALUE must commit before the new values can be used, so run outside the transaction.
    with op.get_context().autocommit_block():
        op.execute(
            "ALTER TYPE tracking_stage ADD VALUE IF NOT EXISTS 'interview' AFTER 'screening'"
        )
        op.execute(
            "ALTER TYPE tracking_stage ADD VALUE IF NOT EXISTS 'reference' AFTER 'interview'"
        )
        op.execute("ALTER TYPE tracking_stage ADD VALUE IF NOT EXISTS 'declined' AFTER 'accepted'")


def downgrade() -> None:
    # PostgreSQL cannot drop enum values: rebuild the type with the baseline's values.
    mapping = " ".join(f"WHEN '{new}' THEN '{old}'" for new, old in DOWNGRADE_MAP.items())
    values = ", ".join(f"'{v}'" for v in BASELINE_STAGES)
    op.execute("ALTER TYPE tracking_stage RENAME TO tracking_stage_new")
    op.execute(f"CREATE TYPE tracking_stage AS ENUM ({values})")
    op.execute(
        f"""
        ALTER TABLE job_tracking
          ALTER COLUMN stage DROP DEFAULT,
          ALTER COLUMN stage TYPE tracking_stage USING (
            (CASE stage::text {mapping} ELSE stage::text END)::tracking_stage),
          ALTER COLUMN stage SET DEFAULT 'saved'
        """
    )
    op.execute("DROP TYPE tracking_stage_new")
