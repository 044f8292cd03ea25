"""Request and response schemas for tracked jobs and their events (Pydantic, apart from the ORM)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    JsonValue,
    Strict,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    create_model,
    field_serializer,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from jobtrack.tracking import notes as notes_models
from jobtrack.tracking.notes import JobNotesIn, JobNotesRead
from jobtrack.tracking.stages import EventType, Stage

_http_url = TypeAdapter(HttpUrl)
# A job's create and patch bodies may carry a posting: their cap (others keep 64 KiB). What a
# client may send as a description before it is made safe is bounded by it too.
JOB_MAX_BYTES = 256 * 1024
POSTING_HTML_MAX_CHARS = 250_000


def _check_url(value: str) -> str:
    _http_url.validate_python(value)  # raises a ValidationError naming the problem
    return value


def _trimmed_name(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    return value


# The limit counts the text as sent, so the documented maxLength and the check agree; the
# stored value is trimmed.
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_trimmed_name)
]
JobUrl = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_check_url)]
# Forms send "" for an empty URL field; store it as no URL. The document says so, and that a
# URL is a URI, so schema-driven clients (and fuzzers) know what is accepted.
OptionalJobUrl = Annotated[
    JobUrl | None,
    BeforeValidator(lambda v: None if v == "" else v),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "uri", "maxLength": 2_000},
                {"type": "string", "const": ""},
                {"type": "null"},
            ]
        }
    ),
]
Location = Annotated[str, StringConstraints(max_length=200)]

# A date as the API writes it; Pydantic alone would also take a timestamp (`0`) or a date-time.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    # A date object (Python callers) passes; anything else must be the text YYYY-MM-DD: a lax
    # parser would also read 0, "0" or a date-time as a date, which the document does not say.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or ISO_DATE.fullmatch(value) is None:
        raise PydanticCustomError("date_format", "use a date as YYYY-MM-DD, e.g. 2026-02-03")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]
QueryDate = IsoDate

SEARCH_MAX_CHARS = 100


def _search_text(value: str) -> str:
    """Trimmed; blank means no filter. The limit counts what is left after trimming."""
    value = value.strip()
    if len(value) > SEARCH_MAX_CHARS:
        raise ValueError(f"search text is {len(value)} characters; the limit is {SEARCH_MAX_CHARS}")
    return value


SearchText = Annotated[str, AfterValidator(_search_text)]


# ---- priority and tags --------------------------------------------------------------------

PRIORITY_MAX = 3
TAG_MAX_CHARS = 40
TAGS_MAX = 20
# The page renders these with controls of their own (a priority picker, a tag editor), not as
# form fields from JOB_FIELDS (scripts/generate_tracking_schema.py leaves them out).
OWN_CONTROL: dict[str, JsonValue] = {"widget": "own"}

# 0 = none (the default) .. 3 = high. Strict: `true` or "2" is not a priority.
Priority = Annotated[StrictInt, Field(ge=0, le=PRIORITY_MAX)]
# The limit counts the tag once trimmed (what is stored).
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX_CHARS)
]


def _unique_tags(value: Any, handler: ValidatorFunctionWrapHandler) -> list[str]:
    """Each tag once, ignoring case, in the order given; a repeat is a 422 at its own index
    (`tags[2]`), never echoing the text."""
    tags: list[str] = handler(value)
    first: dict[str, int] = {}
    for index, tag in enumerate(tags):
        key = tag.lower()
        if key in first:
            error = PydanticCustomError(
                "tag_repeated",
                "repeats tags[{first}] (tags are unique ignoring case)",
                {"first": first[key]},
            )
            raise ValidationError.from_exception_data(
                "tags", [InitErrorDetails(type=error, loc=(index,), input=tag)]
            )
        first[key] = index
    return tags


Tags = Annotated[list[Tag], Field(max_length=TAGS_MAX), WrapValidator(_unique_tags)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- the posting a job was saved from -----------------------------------------------------

EmploymentType = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
SalaryUnit = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
# Strict: a JSON number (not "1", not true), as the document says.
Amount = Annotated[float, Strict(), Field(ge=0, le=1e12, allow_inf_nan=False)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Salary(StrictModel):
    min: Amount | None = None
    max: Amount | None = None
    currency: Currency | None = Field(None, description="ISO 4217, e.g. EUR.")
    unit: SalaryUnit | None = None

    @model_validator(mode="after")
    def _min_not_over_max(self) -> Salary:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is more than max")
        return self


class PostingIn(StrictModel):
    """What a job keeps of the posting it was saved from. The description is made safe again
    by the server (an allow-list of tags; links http(s) only), whatever the client sends."""

    description_html: str = Field(
        "",
        max_length=POSTING_HTML_MAX_CHARS,
        description="Kept after the allow-list; at most 100,000 characters once made safe.",
    )
    employment_type: EmploymentType | None = None
    date_posted: IsoDate | None = None
    valid_through: IsoDate | None = Field(
        None, description="Apply by: a calendar item while the job is at `saved`."
    )
    salary: Salary | None = None
    remote: StrictBool | None = None


class PostingRead(PostingIn):
    description_text: str = Field(description="The description's text, paragraphs apart.")


class JobCreate(StrictModel):
    # Titles only label the Track form's fields (JOB_FIELDS in the generated module).
    company: Name = Field(title="Company")
    title: Name = Field(title="Job title")
    job_url: OptionalJobUrl = Field(None, title="Posting URL")
    notes: JobNotesIn | None = None
    # default_factory: no `default` in the document, which typed clients would read as a field
    # they must send.
    priority: Priority = Field(
        default_factory=int,
        title="Priority",
        description="0 (none, the default) to 3 (high).",
        json_schema_extra=OWN_CONTROL,
    )
    tags: Tags = Field(
        default_factory=list,
        title="Tags",
        description=f"At most {TAGS_MAX}, each 1 to {TAG_MAX_CHARS} characters once trimmed, "
        "unique ignoring case; kept in this order.",
        json_schema_extra=OWN_CONTROL,
    )
    posting: PostingIn | None = Field(
        None,
        title="Posting",
        description="The posting the job was saved from (POST /api/capture reads one).",
        json_schema_extra=OWN_CONTROL,
    )


class JobUpdate(StrictModel):
    company: Name | None = None
    title: Name | None = None
    job_url: OptionalJobUrl = None
    notes: JobNotesIn | None = None
    priority: Priority | None = Field(None, description="0 (none) to 3 (high).")
    tags: Tags | None = Field(
        None, description="Replaces the job's tags whole ([] removes them all)."
    )
    posting: PostingIn | None = Field(
        None, description="Replaces the job's posting whole; null removes it."
    )

    @model_validator(mode="after")
    def _required_stay_required(self) -> JobUpdate:
        for name in ("company", "title", "priority", "tags"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


def _check_event_time(value: dt.time | None) -> dt.time | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        raise ValueError("use the local time without a timezone, e.g. 14:30")
    return value.replace(second=0, microsecond=0)


EventTime = Annotated[dt.time, AfterValidator(_check_event_time)]


class EventCreateBase(StrictModel):
    """What every new event has; each event type narrows `event_type` and `note`."""

    event_type: EventType
    event_date: IsoDate
    event_time: EventTime | None = None
    location: Location | None = None
    note: notes_models.NoteBase


def _event_create_model(event_type: EventType) -> type[EventCreateBase]:
    note_model = notes_models.NOTE_MODELS[event_type]
    name = f"{event_type.value.capitalize()}EventCreate"
    fields: dict[str, Any] = {
        "event_type": (Literal[event_type.value], ...),  # type: ignore[valid-type]
        "note": (note_model, Field(default_factory=note_model)),
    }
    return create_model(name, __base__=EventCreateBase, **fields)


EVENT_CREATE_MODELS: dict[EventType, type[EventCreateBase]] = {
    et: _event_create_model(et) for et in EventType
}

# One body schema per event type, told apart by `event_type`: the OpenAPI document and
# the 422s then name the exact note field at fault. (Built at runtime, so mypy sees the base.)
if TYPE_CHECKING:
    EventCreate = EventCreateBase
else:
    EventCreate = Annotated[
        Union[tuple(EVENT_CREATE_MODELS.values())],  # noqa: UP007
        Field(discriminator="event_type"),
    ]


class EventUpdate(StrictModel):
    """Any of the event's fields; `note` replaces the stored note whole."""

    event_date: IsoDate | None = None
    event_time: EventTime | None = None
    location: Location | None = None
    note: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _type_is_fixed(cls, data: Any) -> Any:
        if isinstance(data, dict) and "event_type" in data:
            raise ValueError(
                "event_type cannot change; delete the event and add one of the new type"
            )
        return data

    @model_validator(mode="after")
    def _date_stays_set(self) -> EventUpdate:
        if "event_date" in self.model_fields_set and self.event_date is None:
            raise ValueError("event_date cannot be null")
        return self


def hh_mm(value: dt.time | None) -> str | None:
    """An event time as the API writes it: "14:30"."""
    return value.strftime("%H:%M") if value is not None else None


class TrackingEventRead(BaseModel):
    id: int
    event_type: EventType
    event_date: dt.date
    event_time: dt.time | None
    location: str | None
    note: dict[str, Any]
    inferred: bool = Field(
        description="A step the user did not date themselves (an import's step towards a "
        "spreadsheet's status): its date is not known. Editing its date clears the flag."
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @field_serializer("event_time")
    def _hh_mm(self, value: dt.time | None) -> str | None:
        return hh_mm(value)


# models.CONTACT_ROLES, spelt out for the type checker (tests/unit/test_contacts_schemas.py).
ContactRole = Literal["recruiter", "hiring_manager", "referrer", "interviewer", "other"]


class JobContactRef(BaseModel):
    """A person attached to the job (the whole contact: `GET /api/contacts`)."""

    id: int
    name: str
    role: ContactRole


# models.DOCUMENT_KINDS, spelt out for the type checker.
DocumentKind = Literal["resume", "cover_letter", "other"]


class JobDocumentRef(BaseModel):
    """A library document attached to the job (the whole document: `GET /api/documents`)."""

    id: int
    kind: DocumentKind
    name: str
    filename: str


class TrackedJobListItem(BaseModel):
    """A job as the list shows it: the TrackedJob without its people."""

    id: int
    company: str
    title: str
    job_url: str | None
    stage: Stage
    notes: JobNotesRead
    priority: int
    tags: list[str]
    has_resume: bool
    has_posting: bool
    events: list[TrackingEventRead]
    created_at: dt.datetime
    updated_at: dt.datetime


class TrackedJobRead(TrackedJobListItem):
    posting: PostingRead | None
    contacts: list[JobContactRef] = Field(
        description="The people attached to the job, in the order given "
        "(`PUT /api/tracked/{job_id}/contacts`). Every answer with one job carries them; the "
        "list's items do not."
    )
    documents: list[JobDocumentRef] = Field(
        description="The library's versions sent for this job, in the order given "
        "(`PUT /api/tracked/{job_id}/documents`); a resume uploaded to the job is one of them. "
        "Every answer with one job carries them; the list's items do not."
    )


class Duplicate(BaseModel):
    """One of the caller's jobs a new one may be (`tracking.duplicates`)."""

    id: int
    company: str
    title: str
    stage: Stage
    reason: Literal["same_url", "similar"] = Field(
        description="`same_url`: the same canonical URL; `similar`: the same company "
        "(trimmed, ignoring case) with a similar title."
    )


class TagCount(BaseModel):
    tag: str = Field(description="The spelling the most recently updated job uses.")
    jobs: int = Field(description="How many of the caller's jobs have it (ignoring case).")


class TagList(BaseModel):
    items: list[TagCount] = Field(description="Most used first, then by tag (ignoring case).")


# The list's response. The list route serialises it straight from the rows (serialize.py);
# this model documents it, and tests compare the bytes with it.
class TrackedJobPage(BaseModel):
    items: list[TrackedJobListItem]
    next_cursor: str | None
