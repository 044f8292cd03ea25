"""job_tracking.notes TEXT -> JSONB; old text is kept as {"general_note": <text>}.

Revision ID: 0002_notes_jsonb
Revises: 0001_baseline
Create Date: 2026-01-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_notes_jsonb"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE job_tracking
          ALTER COLUMN notes TYPE JSONB USING (
            CASE WHEN notes IS NULL OR btrim(notes) = '' THEN '{}'::jsonb
                 ELSE jsonb_build_object('general_note', notes) END),
          ALTER COLUMN notes SET DEFAULT '{}'::jsonb,
          ALTER COLUMN notes SET NOT NULL
        """
    )


def downgrade() -> None:
    # Back to text: the general note is the text the baseline had; other metadata has no home.
    op.execute(
        """
        ALTER TABLE job_tracking
          ALTER COLUMN notes DROP DEFAULT,
          ALTER COLUMN notes DROP NOT NULL,
          ALTER COLUMN notes TYPE TEXT USING (notes ->> 'general_note')
        """
    )
