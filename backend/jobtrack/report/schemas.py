"""The activity report's rows and answer."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobtrack.tracking.stages import Stage

Outcome = Literal[
    "waiting", "interviewing", "offer", "accepted", "declined", "rejected", "withdrawn"
]

# The CSV's columns, in this order (the JSON rows' keys are the same).
CSV_COLUMNS = (
    "applied_date",
    "company",
    "title",
    "job_url",
    "how",
    "contact",
    "stage",
    "last_event_date",
    "outcome",
)


class ReportRow(BaseModel):
    applied_date: dt.date = Field(description="The date of the job's first applied event.")
    company: str
    title: str
    job_url: str | None
    how: str | None = Field(
        description="How the application was made: the applied note's `type`; null when missing."
    )
    contact: str | None = Field(
        description="The first contact attached to the job, else the applied note's "
        "`referrer_name`, else null."
    )
    stage: Stage
    last_event_date: dt.date = Field(description="The date of the job's latest event.")
    outcome: Outcome = Field(
        description="`waiting` (applied), `interviewing` (screening, interview, reference), "
        "`offer`, `accepted`, `declined`, `rejected` or `withdrawn`."
    )


class ReportRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date = Field(alias="from", description="First day of the range, included.")
    to: dt.date = Field(description="Last day of the range, included.")
    rows: list[ReportRow] = Field(
        description="One per job whose first applied event is dated in the range, by that date, "
        "then company (ignoring case)."
    )
