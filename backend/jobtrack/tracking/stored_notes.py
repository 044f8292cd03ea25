"""Stored notes read back fast: `StoredReader` gives what `lenient_parse(model, data)` dumps to,
without building the model when every stored value already fits.

Used by the job serialiser (`serialize.py`), the calendar and the export. tests/unit/
test_read_path.py proves that any stored note reads the same both ways.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, Strict
from pydantic.fields import FieldInfo
from sqlalchemy import (
    ColumnElement,
    Integer,
    Interval,
    Numeric,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import QueryableAttribute

from jobtrack.tracking import notes as notes_models
from jobtrack.tracking.notes import JobNotesRead
from jobtrack.tracking.stages import EventType

# ---- stored notes ------------------------------------------------------------------------

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


@dataclass(frozen=True, slots=True)
class FieldRule:
    """What a stored value must be for the model to take it and dump it unchanged: text (at
    most `max_length` characters), a strict integer (within `ge`..`le`), one of `options`, or
    an ISO date; null too when `optional`. Read by `check` (Python) and `sql_check` (the same
    test in PostgreSQL, for reads built there)."""

    kind: Literal["text", "int", "option", "date"]
    optional: bool = False
    max_length: int | None = None
    ge: int | None = None
    le: int | None = None
    options: frozenset[str] = frozenset()

    def check(self) -> Check:
        if self.kind == "text":
            limit = self.max_length

            def base(value: Any) -> bool:
                return type(value) is str and (limit is None or len(value) <= limit)

        elif self.kind == "int":
            low, high = self.ge, self.le

            def base(value: Any) -> bool:
                return (
                    type(value) is int
                    and (low is None or value >= low)
                    and (high is None or value <= high)
                )

        elif self.kind == "option":
            options = self.options

            def base(value: Any) -> bool:
                return type(value) is str and value in options

        else:
            base = _is_iso_date
        if self.optional:
            return lambda value: value is None or base(value)
        return base

    def sql_check(
        self, value: ColumnElement[Any], as_text: ColumnElement[str]
    ) -> ColumnElement[bool]:
        """The same test of a JSONB value (`note -> 'field'`, never SQL NULL here) and its text
        (`note ->> 'field'`)."""
        kind = func.jsonb_typeof(value)
        test: ColumnElement[bool]
        if self.kind == "text":
            test = kind == "string"
            if self.max_length is not None:
                test = and_(test, func.char_length(as_text) <= self.max_length)
        elif self.kind == "int":
            # A JSON number PostgreSQL keeps with a fraction or an exponent is not an int to
            # Python's json either; the range is read only once the text is a plain integer.
            plain = and_(kind == "number", as_text.regexp_match("^-?[0-9]{1,18}$"))
            bounds = [
                *([cast(as_text, Numeric) >= self.ge] if self.ge is not None else []),
                *([cast(as_text, Numeric) <= self.le] if self.le is not None else []),
            ]
            test = case((plain, and_(true(), *bounds)), else_=false())
        elif self.kind == "option":
            test = and_(kind == "string", as_text.in_(sorted(self.options)))
        else:
            test = _sql_is_iso_date(kind, as_text)
        return or_(kind == "null", test) if self.optional else test


def _sql_is_iso_date(kind: ColumnElement[Any], text: ColumnElement[Any]) -> ColumnElement[bool]:
    """`_is_iso_date` in SQL without an error for any text: the shape, then a year 1-9999
    (as Python's dates), a month 1-12 and a day of that month."""
    year = cast(func.substr(text, 1, 4), Integer)
    month = cast(func.substr(text, 6, 2), Integer)
    day = cast(func.substr(text, 9, 2), Integer)
    first = func.make_date(year, month, 1)
    days_in_month = func.date_part("day", first + cast(literal("1 month - 1 day"), Interval))
    shaped = and_(kind == "string", text.regexp_match("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    # Nested CASEs: PostgreSQL may evaluate an AND's terms in any order, and a cast of text
    # that is not digits (or a make_date of month 13) is an error, not false.
    in_calendar = case(
        (and_(year >= 1, month.between(1, 12)), and_(day >= 1, day <= days_in_month)),
        else_=false(),
    )
    return case((shaped, in_calendar), else_=false())


def _field_rule(info: FieldInfo) -> FieldRule | None:
    """The rule for stored values the model would take and dump unchanged; None for a field
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
    if annotation is str and ge is None and le is None:
        return FieldRule("text", optional, max_length=max_length)
    if annotation is int and strict and max_length is None:
        return FieldRule("int", optional, ge=ge, le=le)
    if get_origin(annotation) is Literal and not constraints:
        options = get_args(annotation)
        if not all(type(option) is str for option in options):
            return None
        return FieldRule("option", optional, options=frozenset(options))
    if annotation is dt.date and not constraints:
        return FieldRule("date", optional)
    return None


class StoredReader:
    """Reads a stored JSON object as `lenient_parse(model, data).model_dump(mode="json")` does,
    without building a model when every stored value already fits: a plain dict in field
    order, defaults for what is missing. Anything else goes through Pydantic unchanged."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.fields: list[tuple[str, Any, Check]] | None = []
        self.rules: list[tuple[str, Any, FieldRule]] = []
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
            rule = _field_rule(info)
            simple_default = info.default is None or type(info.default) is str
            if rule is None or info.alias or info.default_factory or not simple_default:
                self.fields = None
                return
            self.rules.append((name, info.default, rule))
            self.fields.append((name, info.default, rule.check()))

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

    def sql(
        self, stored: ColumnElement[Any] | QueryableAttribute[Any]
    ) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
        """`read`'s fast path in PostgreSQL, for a JSONB column `stored`: whether it applies
        (the stored value is an object whose every field fits), and the `json` object it gives
        then (the fields in model order, defaults for those missing). Where it does not apply
        the value must be read by `read`."""
        if self.fields is None:
            return false(), null()
        fits = [
            or_(stored[name].is_(None), rule.sql_check(stored[name], stored[name].astext))
            for name, _, rule in self.rules
        ]
        built = func.json_build_object(
            *(
                part
                for name, default, _ in self.rules
                for part in (
                    literal(name),
                    func.coalesce(stored[name], cast(literal(json.dumps(default)), JSONB)),
                )
            )
        )
        return and_(func.jsonb_typeof(stored) == "object", *fits), built


NOTE_READERS: dict[EventType, StoredReader] = {
    event_type: StoredReader(model) for event_type, model in notes_models.NOTE_MODELS.items()
}
JOB_NOTES_READER = StoredReader(JobNotesRead)
