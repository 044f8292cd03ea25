"""Give every legacy job past `saved` one event of its stage, so stage == latest event holds.

Revision ID: 0005_backfill_events
Revises: 0004_tracking_events
Create Date: 2026-01-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_backfill_events"
down_revision: str | None = "0004_tracking_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Only jobs without events, so running it again after a partial downgrade adds nothing twice.
    op.execute(
        """
        INSERT INTO tracking_events (job_id, event_type, event_date, note, created_at, updated_at)
        SELECT j.id, j.stage::text::tracking_event_type, (j.updated_at AT TIME ZONE 'UTC')::date,
               '{}'::jsonb, j.updated_at, j.updated_at
          FROM job_tracking j
         WHERE j.stage <> 'saved'
           AND NOT EXISTS (SELECT 1 FROM tracking_events e WHERE e.job_id = j.id)
         ORDER BY j.id
        """
    )


def downgrade() -> None:
    # The backfilled events are real history from here on and the stage column never depended
    # on them; the previous revision's downgrade drops the table with everything in it.
    pass
