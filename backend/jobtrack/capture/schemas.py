"""The capture's request and answer."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from jobtrack.tracking.schemas import Duplicate, JobUrl

# The route's body cap (the page's HTML is nearly all of it); the middleware answers 413 above.
CAPTURE_MAX_BYTES: Final = 1024 * 1024

EmploymentType = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
SalaryUnit = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
Source = Literal["json-ld", "microdata", "meta", "none"]


class CaptureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: JobUrl = Field(description="The page's address: http(s), at most 2,000 characters.")
    html: str = Field(
        max_length=CAPTURE_MAX_BYTES,
        description="The page's HTML, or the parts of it that carry the posting (at most 1 MiB).",
    )


class Salary(BaseModel):
    min: float | None
    max: float | None
    currency: str | None = Field(description="ISO 4217 code as the page gave it, e.g. `EUR`.")
    unit: SalaryUnit | None


class CapturedPosting(BaseModel):
    company: str | None
    title: str | None
    job_url: str = Field(description="The canonical form of the request's `url`.")
    location: str | None = Field(description="`Locality, Region, Country`, empty parts left out.")
    remote: Literal[True] | None = Field(description="`true` for a `TELECOMMUTE` posting.")
    employment_type: EmploymentType | None
    salary: Salary | None
    date_posted: dt.date | None
    valid_through: dt.date | None
    description_html: str | None = Field(description="Made safe by the allow-list.")
    description_text: str | None = Field(description="Paragraphs separated by a blank line.")
    source: Source = Field(description="Where the posting was read: `none` when nothing was.")


class CaptureRead(BaseModel):
    posting: CapturedPosting
    duplicates: list[Duplicate] = Field(
        description="The caller's jobs this posting may be (at most 5): the same canonical URL "
        "first, then the same company with a similar title."
    )
