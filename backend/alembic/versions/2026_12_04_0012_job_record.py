"""job record: inferred steps, priority and tags on a job, contacts attached to jobs; the
per-user lock rows that replace the advisory lock on the request path.

Revision ID: 0012_job_record
Revises: 0011_withdrawn
Create Date: 2026-12-04

Every new column has a server default, so existing rows read as before (not inferred, no
priority, no tags) and the previous release's code, which does not name them, keeps working.
The downgrade drops what it added; inferred flags, priorities, tags and contacts are lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012_job_record"
down_revision: str | None = "0011_withdrawn"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTACT_ROLES = ("recruiter", "hiring_manager", "referrer", "interviewer", "other")


def upgrade() -> None:
    op.add_column(
        "tracking_events",
        sa.Column("inferred", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column(
        "job_tracking",
        sa.Column("priority", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "job_tracking",
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
    )
    op.create_check_constraint(
        "ck_job_tracking_priority", "job_tracking", "priority BETWEEN 0 AND 3"
    )
    op.create_check_constraint("ck_job_tracking_tags", "job_tracking", "cardinality(tags) <= 20")

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), server_default="other", nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("phone", sa.String(50), nullable=True),
        sa.Column("linkedin_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.CheckConstraint(
            "role IN (" + ", ".join(f"'{role}'" for role in CONTACT_ROLES) + ")",
            name="ck_contacts_role",
        ),
    )
    op.create_index("ix_contacts_user_id_name", "contacts", ["user_id", "name"])
    op.create_table(
        "job_contacts",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_tracking.id"],
            name="fk_job_contacts_job_id_job_tracking",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name="fk_job_contacts_contact_id_contacts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "contact_id", name="pk_job_contacts"),
    )
    op.create_index("ix_job_contacts_contact_id", "job_contacts", ["contact_id"])
    # The rows quota writers lock (jobtrack.limits.service.lock_user): a row lock instead of
    # pg_advisory_xact_lock, which pins sessions behind RDS Proxy.
    op.create_table(
        "user_locks",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "scope", name="pk_user_locks"),
    )


def downgrade() -> None:
    op.drop_table("user_locks")
    op.drop_index("ix_job_contacts_contact_id", table_name="job_contacts")
    op.drop_table("job_contacts")
    op.drop_index("ix_contacts_user_id_name", table_name="contacts")
    op.drop_table("contacts")
    op.drop_constraint("ck_job_tracking_tags", "job_tracking", type_="check")
    op.drop_constraint("ck_job_tracking_priority", "job_tracking", type_="check")
    op.drop_column("job_tracking", "tags")
    op.drop_column("job_tracking", "priority")
    op.drop_column("tracking_events", "inferred")
