"""The fast read path returns exactly what the Pydantic read path returns.

`StoredReader` skips building a model when a stored note already fits; for any stored value
its output must equal `lenient_parse(model, data).model_dump(mode="json")`, key order included.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from jobtrack.tracking.notes import NOTE_MODELS, JobNotesRead, lenient_parse
from jobtrack.tracking.stored_notes import JOB_NOTES_READER, NOTE_READERS, StoredReader

READ_MODELS: list[type[BaseModel]] = [*NOTE_MODELS.values(), JobNotesRead]
FIELD_NAMES = sorted({name for model in READ_MODELS for name in model.model_fields})
OPTIONS = sorted(
    {
        option
        for model in NOTE_MODELS.values()
        for info in model.model_fields.values()
        for option in getattr(info.annotation, "__args__", ())
        if isinstance(option, str)
    }
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=1_005),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from([*OPTIONS, "", "2026-03-01", "2026-02-30", "2026-3-1", "20260301"]),
    st.text(max_size=30),
    st.text(min_size=99, max_size=101),
    st.text(min_size=1_999, max_size=2_001),
    st.dates().map(str),
)
values = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.text(), scalars))
stored = st.one_of(
    st.dictionaries(st.sampled_from([*FIELD_NAMES, "extra", "type"]), values, max_size=8),
    values,
)


def _slow(reader: StoredReader, data: Any) -> dict[str, Any]:
    return lenient_parse(reader.model, data).model_dump(mode="json")


def test_every_read_model_takes_the_fast_path() -> None:
    assert all(reader.fields is not None for reader in NOTE_READERS.values())
    assert JOB_NOTES_READER.fields is not None


@settings(max_examples=400, deadline=None)
@given(data=stored, reader=st.sampled_from([*NOTE_READERS.values(), JOB_NOTES_READER]))
def test_fast_read_equals_pydantic_read(data: Any, reader: StoredReader) -> None:
    fast = reader.read(data)
    slow = _slow(reader, data)
    assert fast == slow
    assert list(fast) == list(slow)
    assert [type(v) for v in fast.values()] == [type(v) for v in slow.values()]


def test_values_that_do_not_fit_fall_back_to_pydantic() -> None:
    interview = NOTE_READERS[next(k for k in NOTE_READERS if k.value == "interview")]
    read = interview.read({"round": True, "type": "zoom", "note": 5})
    assert read == interview.model().model_dump(mode="json")  # nothing fits: every default
    assert (read["type"], read["round"], read["note"]) == ("video", None, None)
    assert JOB_NOTES_READER.read("legacy text")["general_note"] is None
