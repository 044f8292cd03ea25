"""Stage-specific note models and the job metadata model.

These are the single source of the forms on the Track page: the code generator reads
their JSON Schema (titles, limits, defaults, `showIf`, option labels) and each model's
`form` (the form's titles and which shared event fields it shows), and the page renders
from them. A note's own fields come first and the free-text `note` last, in form order.
Writes are strict (unknown field, wrong type, over-long value: 422). Reads are
permissive: `lenient_parse` keeps the fields that fit and defaults the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from jobtrack.tracking.stages import EventType, Stage

SHORT_TEXT = 2_000
LONG_TEXT = 10_000


def show_if(field: str, equals: str) -> dict[str, Any]:
    """Declare that a field is only relevant when another field has a given value."""
    return {"showIf": {"field": field, "equals": equals}}


def option_labels(**labels: str) -> dict[str, Any]:
    """Name a `Literal` field's choices on the form; a choice left out shows humanised."""
    return {"optionLabels": labels}


@dataclass(frozen=True, kw_only=True)
class EventForm:
    """How the page's form for one event type reads (published as `EVENT_FORMS`).

    `event_time` and `location` say only whether the form offers those shared event fields:
    the API accepts them on every event type, and a form editing an event that already has
    one shows it whatever the flag.
    """

    title: str  # the heading of the form that records a new event
    edit_title: str  # the heading of the form that edits one
    date_label: str  # the label of `event_date`
    event_time: bool
    location: bool


# The free-text note every event type has. Each model declares it as its last field, so the
# form lists the stage's own fields first (an inherited field would come first).
NoteText = Annotated[
    str | None,
    Field(max_length=LONG_TEXT, title="Notes", description="Anything worth remembering."),
]


class NoteBase(BaseModel):
    """What every note model is: strict, with a `form`, and `note: NoteText = None` last."""

    model_config = ConfigDict(extra="forbid")

    form: ClassVar[EventForm]


class AppliedNote(NoteBase):
    form = EventForm(
        title="Record application",
        edit_title="Edit application",
        date_label="Date applied",
        event_time=False,
        location=False,
    )

    type: Literal["online", "referral", "recruiter", "email", "in_person", "other"] = Field(
        "online", title="How you applied"
    )
    referrer_name: str | None = Field(
        None, max_length=SHORT_TEXT, title="Referrer", json_schema_extra=show_if("type", "referral")
    )
    referrer_content: str | None = Field(
        None,
        max_length=SHORT_TEXT,
        title="What the referrer said",
        description="Their contact details or the message they sent on your behalf.",
        json_schema_extra={**show_if("type", "referral"), "widget": "textarea"},
    )
    note: NoteText = None


class ScreeningNote(NoteBase):
    form = EventForm(
        title="Record screening",
        edit_title="Edit screening",
        date_label="Date",
        event_time=True,
        location=True,
    )

    type: Literal["phone", "video", "in_person", "email", "other"] = Field("phone", title="Format")
    with_person: str | None = Field(None, max_length=SHORT_TEXT, title="With")
    note: NoteText = None


class InterviewNote(NoteBase):
    form = EventForm(
        title="Record interview",
        edit_title="Edit interview",
        date_label="Date",
        event_time=True,
        location=True,
    )

    type: Literal["phone", "video", "onsite", "take_home", "panel", "other"] = Field(
        "video", title="Format"
    )
    round: StrictInt | None = Field(
        None,
        ge=1,
        le=1_000,
        title="Round",
        description="Filled in with the next round when left empty.",
    )
    interviewers: str | None = Field(None, max_length=SHORT_TEXT, title="Interviewers")
    note: NoteText = None


class ReferenceNote(NoteBase):
    form = EventForm(
        title="Record references",
        edit_title="Edit references",
        date_label="Date",
        event_time=False,
        location=False,
    )

    contacts_provided: str | None = Field(
        None,
        max_length=SHORT_TEXT,
        title="Contacts provided",
        json_schema_extra={"widget": "textarea"},
    )
    note: NoteText = None


class OfferNote(NoteBase):
    form = EventForm(
        title="Record offer",
        edit_title="Edit offer",
        date_label="Date received",
        event_time=False,
        location=False,
    )

    amount: str | None = Field(None, max_length=SHORT_TEXT, title="Amount")
    deadline: dt.date | None = Field(None, title="Decision deadline")
    note: NoteText = None


class AcceptedNote(NoteBase):
    form = EventForm(
        title="Accept the offer",
        edit_title="Edit acceptance",
        date_label="Date accepted",
        event_time=False,
        location=False,
    )

    start_date: dt.date | None = Field(None, title="Start date")
    note: NoteText = None


class DeclinedNote(NoteBase):
    form = EventForm(
        title="Decline the offer",
        edit_title="Edit decline",
        date_label="Date declined",
        event_time=False,
        location=False,
    )

    reason: str | None = Field(None, max_length=SHORT_TEXT, title="Reason")
    note: NoteText = None


RejectionCategory = Literal["no_response", "position_filled", "after_interview", "other"]


class RejectedNote(NoteBase):
    form = EventForm(
        title="Mark as rejected",
        edit_title="Edit rejection",
        date_label="Date",
        event_time=False,
        location=False,
    )

    # No default, so the form offers an empty choice: the cause is often unknown.
    reason_category: RejectionCategory | None = Field(
        None,
        title="Reason",
        json_schema_extra=option_labels(
            no_response="No response / ghosted",
            position_filled="Position filled",
            after_interview="After an interview",
            other="Other",
        ),
    )
    reason: str | None = Field(None, max_length=SHORT_TEXT, title="Details")
    note: NoteText = None


class WithdrawnNote(NoteBase):
    form = EventForm(
        title="Withdraw the application",
        edit_title="Edit withdrawal",
        date_label="Date withdrawn",
        event_time=False,
        location=False,
    )

    reason: str | None = Field(None, max_length=SHORT_TEXT, title="Reason")
    note: NoteText = None


NOTE_MODELS: dict[EventType, type[NoteBase]] = {
    EventType.applied: AppliedNote,
    EventType.screening: ScreeningNote,
    EventType.interview: InterviewNote,
    EventType.reference: ReferenceNote,
    EventType.offer: OfferNote,
    EventType.accepted: AcceptedNote,
    EventType.declined: DeclinedNote,
    EventType.rejected: RejectedNote,
    EventType.withdrawn: WithdrawnNote,
}


@dataclass(frozen=True, kw_only=True)
class DatedNoteField:
    """A date in an event's note that is a dated item of its own, beside the event's date: in
    the calendar and the feed, in the upcoming list and in a job's next date (published as
    `DATED_NOTE_FIELDS`)."""

    event_type: EventType
    field: str  # a `dt.date` field of that event type's note model
    kind: str  # the item's `kind` in the calendar API (`calendar.schemas.ItemKind`)
    label: str  # the item's words
    # The item is still ahead only while the job is at this stage (an offer's deadline passes
    # with the offer); None: while the job has not ended (`stages.ENDED_STAGES`).
    open_while: Stage | None = None


DATED_NOTE_FIELDS: tuple[DatedNoteField, ...] = (
    DatedNoteField(
        event_type=EventType.offer,
        field="deadline",
        kind="offer_deadline",
        label="Offer deadline",
        open_while=Stage.offer,
    ),
    DatedNoteField(
        event_type=EventType.accepted, field="start_date", kind="start_date", label="Start date"
    ),
)


class JobNotesIn(BaseModel):
    """Job metadata a user may write; merged key by key, null clears a key."""

    model_config = ConfigDict(extra="forbid")

    salary: str | None = Field(None, max_length=100, title="Salary")
    location: str | None = Field(None, max_length=200, title="Location")
    general_note: str | None = Field(
        None, max_length=LONG_TEXT, title="General note", json_schema_extra={"widget": "textarea"}
    )


class JobNotesRead(BaseModel):
    """Job metadata as stored. No length limits here: text migrated from the old TEXT column
    may be longer than new writes allow, and reads must never hide it."""

    salary: str | None = None
    location: str | None = None
    general_note: str | None = None
    resume_filename: str | None = None


M = TypeVar("M", bound=BaseModel)


def lenient_parse(model: type[M], data: Any) -> M:
    """Build `model` from stored data, keeping what fits and defaulting the rest; never raises."""
    if not isinstance(data, dict):
        return model.model_validate({})
    try:
        return model.model_validate({k: v for k, v in data.items() if k in model.model_fields})
    except ValidationError as exc:
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        kept = {k: v for k, v in data.items() if k in model.model_fields and k not in bad}
        try:
            return model.model_validate(kept)
        except ValidationError:
            return model.model_validate({})
