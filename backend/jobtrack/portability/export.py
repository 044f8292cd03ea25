"""Render the caller's jobs as the export document (JSON) or a spreadsheet (CSV).

Pure: rows in, text out. Rows have the columns the API's jobs are read with
(`tracking.queries.JOB_COLUMNS`, `EVENT_COLUMNS`) and are read by column name; stored notes
are read permissively, as the API reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Row

from jobtrack.portability import people
from jobtrack.portability.schemas import (
    CSV_COLUMNS,
    CSV_TAG_SEPARATOR,
    EXPORT_FORMAT,
    EXPORT_VERSION,
)
from jobtrack.tracking.schemas import hh_mm
from jobtrack.tracking.serialize import posting_dict
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import JOB_NOTES_READER, NOTE_READERS

# A spreadsheet runs a cell that starts with one of these as a formula (or, for tab and CR,
# may shift it into one): such a cell starts with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def by_job(event_rows: Iterable[Row[Any]]) -> dict[int, list[Row[Any]]]:
    events: dict[int, list[Row[Any]]] = {}
    for row in event_rows:
        events.setdefault(row.job_id, []).append(row)
    return events


def _event(row: Row[Any]) -> dict[str, Any]:
    return {
        "event_type": row.event_type,
        "event_date": row.event_date,
        "event_time": hh_mm(row.event_time),
        "location": row.location,
        "note": NOTE_READERS[row.event_type].read(row.note),
        "inferred": row.inferred,
    }


def document_json(
    job_rows: Sequence[Row[Any]],
    event_rows: Iterable[Row[Any]],
    exported_at: dt.datetime,
    contact_rows: Sequence[Any] = (),
    attached: Mapping[int, Sequence[int]] | None = None,
) -> bytes:
    """The export document (`ExportDocument`), contacts and jobs in the given order, in one
    serialisation; a job's people (`attached`: contact ids by job id, in order) are positions in
    the document's contacts."""
    attached = attached or {}
    events = by_job(event_rows)
    contacts, position = people.exported(contact_rows)
    jobs = [
        {
            "company": row.company,
            "title": row.title,
            "job_url": row.job_url,
            "notes": JOB_NOTES_READER.read(row.notes),
            "priority": row.priority,
            "tags": row.tags,
            "created_at": row.created_at,
            "events": [_event(event) for event in events.get(row.id, [])],
            "contacts": [position[contact_id] for contact_id in attached.get(row.id, ())],
            "posting": posting_dict(row.posting),
        }
        for row in job_rows
    ]
    return to_json(
        {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": exported_at,
            "contacts": contacts,
            "jobs": jobs,
        }
    )


def safe_cell(value: str) -> str:
    """The text a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _timestamp(value: dt.datetime) -> str:
    """As the JSON API writes it: ISO 8601 in UTC with a Z."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def csv_row(job: Row[Any], events: Sequence[Row[Any]]) -> list[str]:
    """One job as the CSV's cells, in `CSV_COLUMNS` order."""
    notes = JOB_NOTES_READER.read(job.notes)
    # The first event of each type; an inferred one's date is not known, so its cell is empty.
    first_dates: dict[EventType, dt.date | None] = {}
    for event in events:
        first_dates.setdefault(event.event_type, None if event.inferred else event.event_date)

    def first(event_type: EventType) -> str:
        day = first_dates.get(event_type)
        return day.isoformat() if day is not None else ""

    cells = {
        "company": job.company,
        "title": job.title,
        "job_url": job.job_url or "",
        "stage": job.stage.value,
        "salary": notes["salary"] or "",
        "location": notes["location"] or "",
        "general_note": notes["general_note"] or "",
        **{f"{event_type.value}_date": first(event_type) for event_type in EventType},
        "interview_rounds": str(sum(e.event_type is EventType.interview for e in events)),
        "created_at": _timestamp(job.created_at),
        "updated_at": _timestamp(job.updated_at),
        "priority": str(job.priority),
        "tags": CSV_TAG_SEPARATOR.join(job.tags),
    }
    return [safe_cell(cells[column]) for column in CSV_COLUMNS]


def csv_text(job_rows: Sequence[Row[Any]], event_rows: Iterable[Row[Any]]) -> str:
    """A header row, then one row per job in the given order (RFC 4180: CRLF, quoted as needed)."""
    import csv
    import io

    events = by_job(event_rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(job, events.get(job.id, [])) for job in job_rows)
    return out.getvalue()
