"""The export document (what `GET /api/export` writes and `POST /api/import` reads back),
the import's answer, and the limits of an import."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    create_model,
)

from jobtrack.contacts.schemas import MAX_CONTACTS_PER_JOB, MAX_CONTACTS_PER_USER, ContactCreate
from jobtrack.tracking.notes import JobNotesIn, JobNotesRead
from jobtrack.tracking.schemas import (
    EVENT_CREATE_MODELS,
    POSTING_HTML_MAX_CHARS,
    Duplicate,
    EventCreateBase,
    Name,
    OptionalJobUrl,
    PostingIn,
    PostingRead,
    Priority,
    StrictModel,
    Tags,
)
from jobtrack.tracking.stages import EventType

EXPORT_FORMAT = "track-export"
EXPORT_VERSION = 1
IMPORT_MAX_JOBS = 500
IMPORT_MAX_BYTES = 1024 * 1024

CSV_COLUMNS: tuple[str, ...] = (
    "company",
    "title",
    "job_url",
    "stage",
    "salary",
    "location",
    "general_note",
    "applied_date",
    "screening_date",
    "interview_date",
    "interview_rounds",
    "reference_date",
    "offer_date",
    "accepted_date",
    "declined_date",
    "rejected_date",
    "withdrawn_date",
    "created_at",
    "updated_at",
    "priority",
    "tags",
)
# How the CSV's `tags` cell joins a job's tags.
CSV_TAG_SEPARATOR = "; "


# ---- export ------------------------------------------------------------------------------


class ExportEvent(BaseModel):
    event_type: EventType
    event_date: dt.date
    event_time: str | None = Field(description="HH:MM, or null.")
    location: str | None
    note: dict[str, Any] = Field(description="Every field of the event type's note.")
    inferred: bool = Field(description="A step whose date is not known (imported as such).")


class ExportJob(BaseModel):
    company: str
    title: str
    job_url: str | None
    notes: JobNotesRead
    priority: int = Field(description="0 (none) to 3 (high).")
    tags: list[str] = Field(description="In the job's order.")
    created_at: dt.datetime
    events: list[ExportEvent] = Field(description="In sequence order.")
    contacts: list[int] = Field(
        description="The job's people in their order, as positions in the document's "
        "`contacts` (0 is the first)."
    )
    posting: PostingRead | None = Field(description="The posting the job was saved from.")


class ExportContact(BaseModel):
    name: str
    role: str
    email: str | None
    phone: str | None
    linkedin_url: str | None
    note: str | None


class ExportDocument(BaseModel):
    """Every job of the caller, oldest first. No ids, no file keys, no user ids."""

    format: Literal["track-export"]
    version: Literal[1]
    exported_at: dt.datetime
    contacts: list[ExportContact] = Field(description="Every contact of the caller, by name.")
    jobs: list[ExportJob]


# ---- import ------------------------------------------------------------------------------


# An imported event is a new event (the same schema per event type) that may also be an
# inferred step: only an import sets `inferred`; `POST /api/tracked/{id}/events` refuses it as
# an unknown field, and editing the event's date clears it.
_INFERRED = (
    StrictBool,
    Field(False, description="A step the user did not date (its date is not known)."),
)
IMPORT_EVENT_MODELS: dict[EventType, type[EventCreateBase]] = {
    event_type: create_model(
        model.__name__.replace("EventCreate", "EventImport"), __base__=model, inferred=_INFERRED
    )
    for event_type, model in EVENT_CREATE_MODELS.items()
}
if TYPE_CHECKING:
    ImportEvent = EventCreateBase
else:
    ImportEvent = Annotated[
        Union[tuple(IMPORT_EVENT_MODELS.values())],  # noqa: UP007
        Field(discriminator="event_type"),
    ]


def _exactly_version_one(value: Any) -> Any:
    # `true` and `1.0` equal 1 in Python; a strict write takes only the integer.
    if type(value) is not int or value != EXPORT_VERSION:
        raise ValueError(f"only version {EXPORT_VERSION} of the export format can be imported")
    return value


def _iso_text(value: Any) -> Any:
    # JSON has no date-time type: the document says a string, so a number (which Pydantic
    # would read as a Unix timestamp) is refused like any other schema violation.
    if not isinstance(value, str):
        raise ValueError("use an ISO 8601 date-time string, e.g. 2026-02-03T14:30:00Z")
    return value


def _in_utc_range(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError("timestamp is out of range once converted to UTC") from exc


class ImportNotes(JobNotesIn):
    """Job notes as exported. `resume_filename` is accepted and dropped: the file itself is not
    in the export, and only a confirmed upload may set it."""

    resume_filename: str | None = Field(
        None, max_length=1_000, description="Accepted and ignored (no resume is imported)."
    )


class ImportPosting(PostingIn):
    """A job's posting as exported. The description is made safe again, as for a new job;
    `description_text` is accepted and ignored (the server makes it from the HTML)."""

    description_text: str | None = Field(
        None,
        max_length=POSTING_HTML_MAX_CHARS,
        description="Accepted and ignored (made again from description_html).",
    )


def _each_once(positions: list[int]) -> list[int]:
    if len(set(positions)) != len(positions):
        raise ValueError("each contact may be attached to a job once")
    return positions


class ImportJob(StrictModel):
    company: Name
    title: Name
    job_url: OptionalJobUrl = None
    notes: ImportNotes | None = None
    # default_factory: not a field typed clients must send (see JobCreate).
    priority: Priority = Field(
        default_factory=int, description="0 (none, when absent) to 3 (high)."
    )
    tags: Tags = Field(default_factory=list, description="As for a new job; none when absent.")
    created_at: (
        Annotated[AwareDatetime, BeforeValidator(_iso_text), AfterValidator(_in_utc_range)] | None
    ) = Field(
        None, description="Kept as the job's creation time; the time of the import when absent."
    )
    events: list[ImportEvent] = Field(
        default_factory=list,
        description="Replayed in this order through the same stage rules as new events.",
    )
    contacts: Annotated[
        list[Annotated[int, Field(ge=0, lt=MAX_CONTACTS_PER_USER)]],
        Field(max_length=MAX_CONTACTS_PER_JOB),
        AfterValidator(_each_once),
    ] = Field(
        default_factory=list,
        description="The job's people in their order: positions in the document's `contacts`.",
    )
    posting: ImportPosting | None = Field(
        None, description="The posting the job was saved from; none when absent."
    )


class ImportDocument(StrictModel):
    format: Literal["track-export"]
    version: Annotated[Literal[1], BeforeValidator(_exactly_version_one)]
    exported_at: Annotated[AwareDatetime, BeforeValidator(_iso_text)] | None = None
    contacts: list[ContactCreate] = Field(
        default_factory=list,
        max_length=MAX_CONTACTS_PER_USER,
        description="People to add; one with the name and email (ignoring case) of a contact "
        "the caller already has is that contact, not a new one.",
    )
    jobs: list[ImportJob] = Field(
        max_length=IMPORT_MAX_JOBS,
        description=f"At most {IMPORT_MAX_JOBS}; send a longer export in several requests.",
    )


class PossibleDuplicate(BaseModel):
    index: int = Field(description="The job's index in the document's `jobs`.")
    jobs: list[Duplicate] = Field(description="At most 5, the same URL first.")


class ImportResult(BaseModel):
    created: int = Field(description="Jobs created (a dry run: jobs that would be created).")
    skipped_duplicates: int = Field(
        description="Jobs left out because the caller already has one with the same company, "
        "title and URL, or because an earlier job of the document has them."
    )
    job_ids: list[int] = Field(
        description="The new jobs' ids, in document order; empty on a dry run."
    )
    contacts_created: int = Field(
        0,
        description="Contacts added (a dry run: that would be added); the others were already "
        "the caller's (same name and email, ignoring case).",
    )
    possible_duplicates: list[PossibleDuplicate] = Field(
        default_factory=list,
        description="A dry run only (empty otherwise): the jobs it would create that look like "
        "jobs the caller already tracks (the same canonical URL, or the same company with a "
        "similar title), by their index in `jobs`. They are not skipped: leave them out of "
        "the document to not import them.",
    )
