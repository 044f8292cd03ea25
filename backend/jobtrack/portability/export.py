"""Render the caller's jobs as the export document (JSON) or a spreadsheet (CSV).

Pure: rows in, text out. Rows are those of `export_sql` (a job each, its events already
rendered by PostgreSQL or summed up), read by column name; stored notes are read
permissively, as the API reads them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from pydantic_core import to_json
from sqlalchemy import Row

from jobtrack.portability import people
from jobtrack.portability.schemas import (
    CSV_COLUMNS,
    CSV_TAG_SEPARATOR,
    EXPORT_FORMAT,
    EXPORT_VERSION,
)
from jobtrack.tracking.serialize import posting_dict
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import JOB_NOTES_READER, NOTE_READERS

# A spreadsheet runs a cell that starts with one of these as a formula (or, for tab and CR,
# may shift it into one): such a cell starts with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _read_raw(event: dict[str, Any]) -> dict[str, Any]:
    """An event PostgreSQL sent raw (`export_sql`): its note read as the API reads notes."""
    return {**event, "note": NOTE_READERS[EventType(event["event_type"])].read(event["note"])}


def events_json(row: Row[Any]) -> bytes:
    """A job's events (a `JOBS_WITH_EVENTS` row) as the document's JSON array: as PostgreSQL
    built it, or with the events it sent raw read in Python first."""
    if row.built is None:
        return b"[]"
    if row.all_built:
        return cast(str, row.built).encode()
    built = json.loads(row.built)
    raw = json.loads(row.raw)
    return to_json([_read_raw(r) if b is None else b for b, r in zip(built, raw, strict=True)])


def document_chunks(
    job_rows: Iterable[Row[Any]],
    exported_at: dt.datetime,
    contact_rows: Sequence[Any] = (),
    attached: Mapping[int, Sequence[int]] | None = None,
) -> Iterator[bytes]:
    """The export document (`ExportDocument`) in pieces, one job at a time, from
    `export_sql.JOBS_WITH_EVENTS` rows in the given order. A job's people (`attached`: contact
    ids by job id, in order) are positions in the document's contacts."""
    attached = attached or {}
    contacts, position = people.exported(contact_rows)
    head = to_json(
        {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": exported_at,
            "contacts": contacts,
            "jobs": [],
        }
    )
    yield head[: -len(b"]}")]
    separator = b""
    for row in job_rows:
        # The job's keys in `ExportJob`'s order, its events spliced in as they came.
        before = to_json(
            {
                "company": row.company,
                "title": row.title,
                "job_url": row.job_url,
                "notes": JOB_NOTES_READER.read(row.notes),
                "priority": row.priority,
                "tags": row.tags,
                "created_at": row.created_at,
            }
        )
        after = to_json(
            {
                "contacts": [position[contact_id] for contact_id in attached.get(row.id, ())],
                "posting": posting_dict(row.posting),
            }
        )
        yield b"".join((separator, before[:-1], b',"events":', events_json(row), b",", after[1:]))
        separator = b","
    yield b"]}"


def safe_cell(value: str) -> str:
    """The text a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _timestamp(value: dt.datetime) -> str:
    """As the JSON API writes it: ISO 8601 in UTC with a Z."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def csv_row(job: Row[Any]) -> list[str]:
    """One job (a `export_sql.JOBS_FOR_CSV` row) as the CSV's cells, in `CSV_COLUMNS` order."""
    notes = JOB_NOTES_READER.read(job.notes)

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value is not None else ""

    cells = {
        "company": job.company,
        "title": job.title,
        "job_url": job.job_url or "",
        "stage": job.stage.value,
        "salary": notes["salary"] or "",
        "location": notes["location"] or "",
        "general_note": notes["general_note"] or "",
        # The first event of each type; an inferred one's date is not known: the cell is empty.
        **{
            f"{event_type.value}_date": day(getattr(job, f"{event_type.value}_date"))
            for event_type in EventType
        },
        "interview_rounds": str(job.interviews),
        "created_at": _timestamp(job.created_at),
        "updated_at": _timestamp(job.updated_at),
        "priority": str(job.priority),
        "tags": CSV_TAG_SEPARATOR.join(job.tags),
    }
    return [safe_cell(cells[column]) for column in CSV_COLUMNS]


def csv_chunks(jobs: Iterable[Row[Any]], *, rows_per_chunk: int = 500) -> Iterator[str]:
    """A header row, then one row per `JOBS_FOR_CSV` job in the given order (RFC 4180: CRLF,
    quoted as needed), in pieces of `rows_per_chunk` rows."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for count, job in enumerate(jobs, start=1):
        writer.writerow(csv_row(job))
        if count % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
