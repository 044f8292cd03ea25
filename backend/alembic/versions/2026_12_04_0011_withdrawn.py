"""withdrawn: a stage and an event type of its own (the job seeker stopped).

Revision ID: 0011_withdrawn
Revises: 0010_upload_url_grants
Create Date: 2026-12-04

The downgrade cannot drop the enum value (PostgreSQL has no DROP VALUE), so it rebuilds both
types without it. Before that it maps every withdrawal to the nearest thing the older schema
has: a `rejected` event (allowed wherever a withdrawal was, so each job's history still obeys
the stage rules and the job stays ended and locked) with `reason_category` `other` and a
`reason` that says it was withdrawn ("Withdrawn: <reason>"), the free `note` kept; a job at
`withdrawn` goes to `rejected`. Upgrading again does not turn those back into withdrawals.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_withdrawn"
down_revision: str | None = "0010_upload_url_grants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The types as 0010 left them, in their order (0003 added declined after accepted).
STAGES_BEFORE = (
    "saved",
    "applied",
    "screening",
    "interview",
    "reference",
    "offer",
    "rejected",
    "accepted",
    "declined",
)
EVENT_TYPES_BEFORE = (
    "applied",
    "screening",
    "interview",
    "reference",
    "offer",
    "accepted",
    "declined",
    "rejected",
)

# Partial indexes whose predicate names an event type: they must be rebuilt with the type.
PARTIAL_INDEXES = {
    "ix_tracking_events_user_id_offer_deadline": ("deadline", "offer"),
    "ix_tracking_events_user_id_start_date": ("start_date", "accepted"),
}


def upgrade() -> None:
    # ADD VALUE must commit before the new value can be used, so run outside the transaction.
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE tracking_stage ADD VALUE IF NOT EXISTS 'withdrawn'")
        op.execute("ALTER TYPE tracking_event_type ADD VALUE IF NOT EXISTS 'withdrawn'")


def downgrade() -> None:
    # A withdrawal becomes a rejection (the module's docstring); 2000: a reason's limit.
    op.execute(
        """
        UPDATE tracking_events
           SET event_type = 'rejected',
               note = jsonb_strip_nulls(jsonb_build_object(
                 'reason_category', 'other',
                 'reason', left(
                   'Withdrawn' || coalesce(': ' || nullif(note ->> 'reason', ''), ''),
                   2000),
                 'note', note ->> 'note'))
         WHERE event_type = 'withdrawn'
        """
    )
    op.execute("UPDATE job_tracking SET stage = 'rejected' WHERE stage = 'withdrawn'")
    for name in PARTIAL_INDEXES:
        op.drop_index(name, table_name="tracking_events")
    _rebuild("tracking_stage", STAGES_BEFORE, table="job_tracking", column="stage", default="saved")
    _rebuild(
        "tracking_event_type", EVENT_TYPES_BEFORE, table="tracking_events", column="event_type"
    )
    for name, (field, event_type) in PARTIAL_INDEXES.items():
        op.execute(
            f"CREATE INDEX {name} ON tracking_events (user_id, (note ->> '{field}')) "
            f"WHERE event_type = '{event_type}'"
        )


def _rebuild(
    type_name: str, values: Sequence[str], *, table: str, column: str, default: str | None = None
) -> None:
    """Recreate an enum type with `values` only (no row may still use another)."""
    listed = ", ".join(f"'{v}'" for v in values)
    op.execute(f"ALTER TYPE {type_name} RENAME TO {type_name}_old")
    op.execute(f"CREATE TYPE {type_name} AS ENUM ({listed})")
    if default is not None:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
    op.execute(
        f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {type_name} "
        f"USING {column}::text::{type_name}"
    )
    if default is not None:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT '{default}'")
    op.execute(f"DROP TYPE {type_name}_old")
