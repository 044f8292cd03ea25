"""Stored notes read back fast: `StoredReader` gives what `lenient_parse(model, data)` dumps to,
without building the model when every stored value already fits.

Used by the job serialiser (`serialize.py`), the calendar and the export. tests/unit/
test_read_path.py proves that any stored note reads the same both ways.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, Strict
from pydantic.fields import FieldInfo

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
