"""Pure: a job's outcome from its stage, and the report as CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from types import MappingProxyType

from jobtrack.portability.export import safe_cell
from jobtrack.report.schemas import CSV_COLUMNS, Outcome, ReportRow
from jobtrack.tracking.stages import Stage

# What a job centre reads for each stage. A job in the report has an applied event, so it is
# never at `saved`; that stage still maps, so every stage has an outcome.
OUTCOMES: MappingProxyType[Stage, Outcome] = MappingProxyType(
    {
        Stage.saved: "waiting",
        Stage.applied: "waiting",
        Stage.screening: "interviewing",
        Stage.interview: "interviewing",
        Stage.reference: "interviewing",
        Stage.offer: "offer",
        Stage.accepted: "accepted",
        Stage.declined: "declined",
        Stage.rejected: "rejected",
        Stage.withdrawn: "withdrawn",
    }
)


def _cell(value: str | None) -> str:
    return "" if value is None else safe_cell(value)


def csv_text(rows: Iterable[ReportRow]) -> str:
    """A header row, then one row per application (RFC 4180: CRLF, quoted as needed), each cell
    guarded against running as a spreadsheet formula as the export's are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = row.model_dump(mode="json")
        writer.writerow(_cell(values[column]) for column in CSV_COLUMNS)
    return out.getvalue()
