"""SQLAlchemy models: a tracked job and its events. The stage column caches the derived stage.

`stage` is written only by the service, under the job's row lock, always as
`stage_after(events)`; it exists so the list can filter and sort without reading events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    func,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, aggregate_order_by
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from jobtrack.platform.db.session import Base
from jobtrack.tracking.posting import EMPLOYMENT_TYPES
from jobtrack.tracking.stages import EventType, Stage


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _values(enum: type[Stage] | type[EventType]) -> list[str]:
    return [member.value for member in enum]


stage_enum = Enum(Stage, name="tracking_stage", values_callable=_values)
event_type_enum = Enum(EventType, name="tracking_event_type", values_callable=_values)


class TrackedJob(Base):
    __tablename__ = "job_tracking"
    __table_args__ = (
        Index("ix_job_tracking_user_id_updated_at_id", "user_id", "updated_at", "id"),
        CheckConstraint("priority BETWEEN 0 AND 3", name="priority"),
        CheckConstraint("cardinality(tags) <= 20", name="tags"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    company: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    job_url: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[Stage] = mapped_column(
        stage_enum, server_default=Stage.saved.value, default=Stage.saved
    )
    notes: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), default=dict
    )
    resume_key: Mapped[str | None] = mapped_column(Text)
    # 0 = none (the default) .. 3; tags as given (trimmed, unique ignoring case), in order.
    priority: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )

    events: Mapped[list[TrackingEvent]] = relationship(
        back_populates="job",
        order_by="TrackingEvent.id",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class TrackingEvent(Base):
    __tablename__ = "tracking_events"
    __table_args__ = (
        Index("ix_tracking_events_job_id_id", "job_id", "id"),
        # One user's events by date, and the note dates the calendar shows (migration 0008).
        Index("ix_tracking_events_user_id_event_date", "user_id", "event_date"),
        Index(
            "ix_tracking_events_user_id_offer_deadline",
            "user_id",
            text("(note ->> 'deadline')"),
            postgresql_where=text("event_type = 'offer'"),
        ),
        Index(
            "ix_tracking_events_user_id_start_date",
            "user_id",
            text("(note ->> 'start_date')"),
            postgresql_where=text("event_type = 'accepted'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job_tracking.id", ondelete="CASCADE"))
    # The job's owner, copied so the calendar reads a user's events by date through an index.
    # The service sets it; a trigger (migration 0008) sets it from the job on every insert.
    user_id: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[EventType] = mapped_column(event_type_enum)
    event_date: Mapped[dt.date] = mapped_column(Date)
    event_time: Mapped[dt.time | None] = mapped_column(Time)
    location: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"), default=dict
    )
    # A step the user did not date themselves (an import's step towards a sheet's status).
    inferred: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )

    job: Mapped[TrackedJob] = relationship(back_populates="events", lazy="raise")


CONTACT_ROLES = ("recruiter", "hiring_manager", "referrer", "interviewer", "other")


class Contact(Base):
    """A person met during the search: one user's, attachable to any of their jobs."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_user_id_name", "user_id", "name"),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{role}'" for role in CONTACT_ROLES) + ")",
            name="role",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), server_default="other", default="other")
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )


class JobContact(Base):
    """A contact attached to a job, in the order the user gave (`position`)."""

    __tablename__ = "job_contacts"
    __table_args__ = (
        PrimaryKeyConstraint("job_id", "contact_id", name="pk_job_contacts"),
        Index("ix_job_contacts_contact_id", "contact_id"),
    )

    job_id: Mapped[int] = mapped_column(ForeignKey("job_tracking.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)


DOCUMENT_KINDS = ("resume", "cover_letter", "other")


class Document(Base):
    """One stored file in a user's library (a resume, a cover letter, anything else): the
    object's `key` in the bucket, what the upload was verified to be, and its size."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_user_id_created_at_id", "user_id", "created_at", "id"),
        UniqueConstraint("key", name="uq_documents_key"),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in DOCUMENT_KINDS) + ")", name="kind"
        ),
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow
    )


class JobDocument(Base):
    """A library document attached to a job (the version sent), in the order given."""

    __tablename__ = "job_documents"
    __table_args__ = (
        PrimaryKeyConstraint("job_id", "document_id", name="pk_job_documents"),
        Index("ix_job_documents_document_id", "document_id"),
    )

    job_id: Mapped[int] = mapped_column(ForeignKey("job_tracking.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)


class JobPosting(Base):
    """The posting a job was saved from: its description made safe (`tracking.posting`), its
    dates, salary and employment type. One per job at most; `search` is the description's
    words (a generated `tsvector`, 'simple' configuration) for `q`. `user_id` is the job's owner
    (a trigger sets it, as for events), so one user's apply-by dates are read by index."""

    __tablename__ = "job_postings"
    __table_args__ = (
        Index("ix_job_postings_search", "search", postgresql_using="gin"),
        Index("ix_job_postings_user_id_valid_through", "user_id", "valid_through"),
        CheckConstraint(
            "employment_type IN (" + ", ".join(f"'{kind}'" for kind in EMPLOYMENT_TYPES) + ")",
            name="employment_type",
        ),
        CheckConstraint(
            "char_length(description_html) <= 100000 AND char_length(description_text) <= 100000",
            name="description_length",
        ),
    )

    job_id: Mapped[int] = mapped_column(
        ForeignKey("job_tracking.id", ondelete="CASCADE"), primary_key=True
    )
    # Set by the trigger `job_postings_owner` from the job (migration 0013).
    user_id: Mapped[str] = mapped_column(String(255))
    description_html: Mapped[str] = mapped_column(Text, server_default="", default="")
    description_text: Mapped[str] = mapped_column(Text, server_default="", default="")
    employment_type: Mapped[str | None] = mapped_column(String(20))
    date_posted: Mapped[dt.date | None] = mapped_column(Date)
    valid_through: Mapped[dt.date | None] = mapped_column(Date)
    salary: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    remote: Mapped[bool | None] = mapped_column(Boolean)
    search: Mapped[Any] = mapped_column(
        TSVECTOR,
        Computed("to_tsvector('simple'::regconfig, description_text)", persisted=True),
    )


# The people attached to a job as `[{"id", "name", "role"}]` in the order given (`position`):
# one correlated subquery, so every statement that reads a job's columns (`queries.JOB_COLUMNS`,
# an UPDATE ... RETURNING, the ORM job) carries them without a statement of its own.
TrackedJob.contacts = column_property(  # type: ignore[attr-defined]
    select(
        func.coalesce(
            func.jsonb_agg(
                aggregate_order_by(
                    func.jsonb_build_object(
                        "id", Contact.id, "name", Contact.name, "role", Contact.role
                    ),
                    JobContact.position,
                )
            ),
            text("'[]'::jsonb"),
            type_=JSONB,
        )
    )
    .select_from(JobContact)
    .join(Contact, Contact.id == JobContact.contact_id)
    .where(JobContact.job_id == TrackedJob.id)
    .correlate_except(JobContact, Contact)
    .scalar_subquery(),
    deferred=True,
)

# The library documents attached to a job as `[{"id", "kind", "name", "filename"}]` in the
# order given: read like `contacts`, with one job only.
TrackedJob.documents = column_property(  # type: ignore[attr-defined]
    select(
        func.coalesce(
            func.jsonb_agg(
                aggregate_order_by(
                    func.jsonb_build_object(
                        "id",
                        Document.id,
                        "kind",
                        Document.kind,
                        "name",
                        Document.name,
                        "filename",
                        Document.filename,
                    ),
                    JobDocument.position,
                )
            ),
            text("'[]'::jsonb"),
            type_=JSONB,
        )
    )
    .select_from(JobDocument)
    .join(Document, Document.id == JobDocument.document_id)
    .where(JobDocument.job_id == TrackedJob.id)
    .correlate_except(JobDocument, Document)
    .scalar_subquery(),
    deferred=True,
)

# The job's posting as `PostingRead`'s dict (dates as ISO text), or NULL: one correlated
# subquery by the posting's primary key, read with one job (`queries.ONE_JOB_COLUMNS`).
TrackedJob.posting = column_property(  # type: ignore[attr-defined]
    select(
        func.jsonb_build_object(
            "description_html",
            JobPosting.description_html,
            "employment_type",
            JobPosting.employment_type,
            "date_posted",
            JobPosting.date_posted,
            "valid_through",
            JobPosting.valid_through,
            "salary",
            JobPosting.salary,
            "remote",
            JobPosting.remote,
            "description_text",
            JobPosting.description_text,
            type_=JSONB,
        )
    )
    .where(JobPosting.job_id == TrackedJob.id)
    .correlate_except(JobPosting)
    .scalar_subquery(),
    deferred=True,
)
# Whether the job has one: what the list's items carry (`queries.JOB_COLUMNS`). A scalar
# subquery, not EXISTS: PostgreSQL may run an EXISTS in the select list as one hashed subplan
# over every user's postings (a whole-table scan for a page of 100; bench/search.py saw it),
# while this is one primary-key probe per row the page returns.
TrackedJob.has_posting = column_property(  # type: ignore[attr-defined]
    func.coalesce(
        select(true())
        .select_from(JobPosting)
        .where(JobPosting.job_id == TrackedJob.id)
        .correlate_except(JobPosting)
        .scalar_subquery(),
        false(),
        type_=Boolean,
    ),
    deferred=True,
)
