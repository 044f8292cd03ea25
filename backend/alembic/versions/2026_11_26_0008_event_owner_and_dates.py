"""tracking_events.user_id (the job's owner) and indexes that read one user's events by date.

The calendar asks "this user's items between two dates". Through job_tracking that means
reading every event of every job the user has; with the owner on the event row, an index on
(user_id, event_date) and two partial expression indexes on the note dates (an offer's
`deadline`, an acceptance's `start_date`; ISO date strings sort like the dates) find exactly
the items in the range, however many jobs the user has.

The owner is backfilled from job_tracking, then NOT NULL. A trigger sets it from the job on
every insert (and on a change of job_id), so the copy can never disagree with the job, and so
code that does not know the column yet (the previous release, raw SQL) still inserts events.

Revision ID: 0008_event_owner_and_dates
Revises: 0007_idempotency_keys
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_event_owner_and_dates"
down_revision: str | None = "0007_idempotency_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tracking_events", sa.Column("user_id", sa.String(255), nullable=True))
    op.execute(
        """
        UPDATE tracking_events e SET user_id = j.user_id
          FROM job_tracking j
         WHERE j.id = e.job_id
        """
    )
    op.alter_column("tracking_events", "user_id", nullable=False)
    op.execute(
        """
        CREATE FUNCTION tracking_events_owner() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.user_id := (SELECT j.user_id FROM job_tracking j WHERE j.id = NEW.job_id);
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER tracking_events_owner
        BEFORE INSERT OR UPDATE OF job_id, user_id ON tracking_events
        FOR EACH ROW EXECUTE FUNCTION tracking_events_owner()
        """
    )
    op.create_index(
        "ix_tracking_events_user_id_event_date", "tracking_events", ["user_id", "event_date"]
    )
    op.create_index(
        "ix_tracking_events_user_id_offer_deadline",
        "tracking_events",
        ["user_id", sa.text("(note ->> 'deadline')")],
        postgresql_where=sa.text("event_type = 'offer'"),
    )
    op.create_index(
        "ix_tracking_events_user_id_start_date",
        "tracking_events",
        ["user_id", sa.text("(note ->> 'start_date')")],
        postgresql_where=sa.text("event_type = 'accepted'"),
    )


def downgrade() -> None:
    op.drop_index("ix_tracking_events_user_id_start_date", table_name="tracking_events")
    op.drop_index("ix_tracking_events_user_id_offer_deadline", table_name="tracking_events")
    op.drop_index("ix_tracking_events_user_id_event_date", table_name="tracking_events")
    op.execute("DROP TRIGGER tracking_events_owner ON tracking_events")
    op.execute("DROP FUNCTION tracking_events_owner()")
    op.drop_column("tracking_events", "user_id")
