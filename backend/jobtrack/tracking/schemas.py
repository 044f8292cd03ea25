"""Request and response schemas for tracked jobs and their events (Pydantic, apart from the ORM)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    Strict,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    create_model,
    field_serializer,
    model_validator,
)
from pydantic.fields import FieldInfo

from jobtrack.tracking import notes as notes_models
from jobtrack.tracking.notes import JobNotesIn, JobNotesRead
from jobtrack.tracking.stages import EventType, Stage

_http_url = TypeAdapter(HttpUrl)


def _check_url(value: str) -> str:
    _http_url.validate_python(value)  # raises a ValidationError naming the problem
    return value


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
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


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JobCreate(StrictModel):
    # Titles only label the Track form's fields (JOB_FIELDS in the generated module).
    company: Name = Field(title="Company")
    title: Name = Field(title="Job title")
    job_url: OptionalJobUrl = Field(None, title="Posting URL")
    notes: JobNotesIn | None = None


class JobUpdate(StrictModel):
    company: Name | None = None
    title: Name | None = None
    job_url: OptionalJobUrl = None
    notes: JobNotesIn | None = None

    @model_validator(mode="after")
    def _required_stay_required(self) -> JobUpdate:
        for name in ("company", "title"):
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
    event_date: dt.date
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

    event_date: dt.date | None = None
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
    created_at: dt.datetime
    updated_at: dt.datetime

    @field_serializer("event_time")
    def _hh_mm(self, value: dt.time | None) -> str | None:
        return hh_mm(value)


class TrackedJobRead(BaseModel):
    id: int
    company: str
    title: str
    job_url: str | None
    stage: Stage
    notes: JobNotesRead
    has_resume: bool
    events: list[TrackingEventRead]
    created_at: dt.datetime
    updated_at: dt.datetime


# The list's response. The list route serialises it straight from the rows
# (service.list_jobs_json); this model documents it, and tests compare the bytes with it.
class TrackedJobPage(BaseModel):
    items: list[TrackedJobRead]
    next_cursor: str | None


# ---- reading stored notes fast -------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Check = Callable[[Any], bool]


def _is_iso_date(value: Any) -> bool:
    if type(value) is not str or _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _field_check(info: FieldInfo) -> Check | None:
    """A test for stored values the model would take and dump unchanged; None for a field
    this fast path does not understand (the model then always reads through Pydantic)."""
    annotation: Any = info.annotation
    optional = False
    if get_origin(annotation) in (Union, UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) != 1:
            return None
        optional = len(members) != len(get_args(annotation))
        annotation = members[0]
    strict = False
    constraints = list(info.metadata)
    if get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        constraints += extra
    max_length: int | None = None
    ge: Any = None
    le: Any = None
    for constraint in constraints:
        if isinstance(constraint, annotated_types.MaxLen):
            max_length = constraint.max_length
        elif isinstance(constraint, annotated_types.Ge):
            ge = constraint.ge
        elif isinstance(constraint, annotated_types.Le):
            le = constraint.le
        elif isinstance(constraint, Strict) and constraint.strict:
            strict = True
        else:
            return None
    base: Check
    if annotation is str and ge is None and le is None:
        limit = max_length

        def base(value: Any) -> bool:
            return type(value) is str and (limit is None or len(value) <= limit)

    elif annotation is int and strict and max_length is None:
        low, high = ge, le

        def base(value: Any) -> bool:
            return (
                type(value) is int
                and (low is None or value >= low)
                and (high is None or value <= high)
            )

    elif get_origin(annotation) is Literal and not constraints:
        options = frozenset(get_args(annotation))
        if not all(type(option) is str for option in options):
            return None

        def base(value: Any) -> bool:
            return type(value) is str and value in options

    elif annotation is dt.date and not constraints:
        base = _is_iso_date
    else:
        return None
    if optional:
        return lambda value: value is None or base(value)
    return base


class StoredReader:
    """Reads a stored JSON object as `lenient_parse(model, data).model_dump(mode="json")` does,
    without building a model when every stored value already fits: a plain dict in field
    order, defaults for what is missing. Anything else goes through Pydantic unchanged."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.fields: list[tuple[str, Any, Check]] | None = []
        decorators = model.__pydantic_decorators__
        # Config that changes what a value reads as (strict, str_strip_whitespace, ...) or
        # any validator or serializer: always read through Pydantic.
        if set(model.model_config) - {"extra", "title"} or any(
            (
                decorators.validators,
                decorators.field_validators,
                decorators.root_validators,
                decorators.model_validators,
                decorators.field_serializers,
                decorators.model_serializers,
            )
        ):
            self.fields = None
            return
        for name, info in model.model_fields.items():
            check = _field_check(info)
            simple_default = info.default is None or type(info.default) is str
            if check is None or info.alias or info.default_factory or not simple_default:
                self.fields = None
                return
            self.fields.append((name, info.default, check))

    def read(self, data: Any) -> dict[str, Any]:
        if self.fields is not None and type(data) is dict:
            result = {}
            for name, default, check in self.fields:
                if name in data:
                    value = data[name]
                    if not check(value):
                        break
                    result[name] = value
                else:
                    result[name] = default
            else:
                return result
        slow: dict[str, Any] = notes_models.lenient_parse(self.model, data).model_dump(mode="json")
        return slow


NOTE_READERS: dict[EventType, StoredReader] = {
    event_type: StoredReader(model) for event_type, model in notes_models.NOTE_MODELS.items()
}
JOB_NOTES_READER = StoredReader(JobNotesRead)
