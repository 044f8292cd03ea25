"""job posting: the posting a job was saved from (its safe description, dates, salary), kept
beside the job; the words of its description searchable; pg_trgm for similar titles.

Revision ID: 0013_job_posting
Revises: 0012_job_record
Create Date: 2026-12-04

A new table: the previous release's code never names it and keeps working. `search` is a
generated `tsvector` ('simple' configuration: words as written, lower-cased, no stemming) with a
GIN index, so `q` finds a description's words without reading every description. `user_id` is
the job's owner, set by a trigger as for `tracking_events` (0008), so the calendar reads one
user's apply-by dates through `(user_id, valid_through)`, never other users' postings. The
downgrade drops the table (postings are lost) and the extension when this revision made it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013_job_posting"
down_revision: str | None = "0012_job_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPLOYMENT_TYPES = (
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
)


def upgrade() -> None:
    # Trusted since PostgreSQL 13: the schema owner may create it (also on Aurora).
    op.execute(
        "DO $$ BEGIN"
        " IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN"
        "  CREATE EXTENSION pg_trgm;"
        # Marks it as made here: the downgrade drops only an extension this revision created.
        "  COMMENT ON EXTENSION pg_trgm IS 'made by 0013_job_posting';"
        " END IF;"
        " END $$"
    )
    op.create_table(
        "job_postings",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("description_html", sa.Text(), server_default="", nullable=False),
        sa.Column("description_text", sa.Text(), server_default="", nullable=False),
        sa.Column("employment_type", sa.String(20), nullable=True),
        sa.Column("date_posted", sa.Date(), nullable=True),
        sa.Column("valid_through", sa.Date(), nullable=True),
        sa.Column("salary", postgresql.JSONB(), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('simple'::regconfig, description_text)", persisted=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_tracking.id"],
            name="fk_job_postings_job_id_job_tracking",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", name="pk_job_postings"),
        sa.CheckConstraint(
            "employment_type IN (" + ", ".join(f"'{kind}'" for kind in EMPLOYMENT_TYPES) + ")",
            name="ck_job_postings_employment_type",
        ),
        sa.CheckConstraint(
            "char_length(description_html) <= 100000 AND char_length(description_text) <= 100000",
            name="ck_job_postings_description_length",
        ),
    )
    op.create_index("ix_job_postings_search", "job_postings", ["search"], postgresql_using="gin")
    op.create_index(
        "ix_job_postings_user_id_valid_through", "job_postings", ["user_id", "valid_through"]
    )
    # The job's owner, whatever the writer sends (before the NOT NULL check).
    op.execute(
        """
        CREATE FUNCTION job_postings_owner() RETURNS trigger
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
        CREATE TRIGGER job_postings_owner
        BEFORE INSERT OR UPDATE OF job_id, user_id ON job_postings
        FOR EACH ROW EXECUTE FUNCTION job_postings_owner()
        """
    )


def downgrade() -> None:
    op.drop_index("ix_job_postings_user_id_valid_through", table_name="job_postings")
    op.drop_index("ix_job_postings_search", table_name="job_postings")
    op.drop_table("job_postings")  # and its trigger
    op.execute("DROP FUNCTION job_postings_owner()")
    op.execute(
        "DO $$ BEGIN"
        " IF (SELECT obj_description(oid, 'pg_extension') FROM pg_extension"
        "     WHERE extname = 'pg_trgm') = 'made by 0013_job_posting' THEN"
        "  DROP EXTENSION pg_trgm;"
        " END IF;"
        " END $$"
    )
