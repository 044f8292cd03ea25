"""What a digest says, from the calendar's items and the follow-ups: pure, no I/O.

For a local date D: `today` holds the items dated D of jobs not ended (rejected, declined,
withdrawn); `next_days` what `GET /api/upcoming?from=D+1&days=3` lists; `follow_up` the jobs
gone quiet for the user's follow-up days, counted from D. Only what the calendar shows is
carried (label, company, title, date, time, location): never a note's content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from jobtrack.calendar import read as calendar_read
from jobtrack.calendar.read import CalendarItem
from jobtrack.insights.schemas import FollowUpRead
from jobtrack.notifications.schemas import Digest, DigestItem, DigestSection
from jobtrack.tracking.stages import ENDED_STAGES

NEXT_DAYS = 3


def window(on: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar dates one digest reads: the day and the next days."""
    # The last date there is (9999-12-31) has no days after it.
    return on, on + dt.timedelta(days=min(NEXT_DAYS, (dt.date.max - on).days))


def _item(item: CalendarItem) -> DigestItem:
    return DigestItem(
        job_id=item.job_id,
        company=item.company,
        title=item.title,
        label=item.label,
        date=item.date,
        time=item.time,
        location=item.location,
    )


def follow_up_label(days: int) -> str:
    return f"No reply for {days} day{'' if days == 1 else 's'}"


def _follow_up(job: FollowUpRead) -> DigestItem:
    return DigestItem(
        job_id=job.job_id,
        company=job.company,
        title=job.title,
        label=follow_up_label(job.days_since),
        date=job.last_event_date,
        time=None,
        location=None,
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def subject(sections: Sequence[DigestSection]) -> str:
    """`Track: 2 today, 1 in the next 3 days, 3 to follow up` (empty parts left out)."""
    counts = {section.kind: len(section.items) for section in sections}
    parts = []
    if n := counts.get("today", 0):
        parts.append(f"{n} today")
    if n := counts.get("next_days", 0):
        parts.append(f"{n} in the next {NEXT_DAYS} days")
    if n := counts.get("follow_up", 0):
        parts.append(f"{_count(n, 'job', 'jobs')} to follow up")
    return "Track: " + (", ".join(parts) if parts else "nothing due")


def build(
    *, on: dt.date, items: Iterable[CalendarItem], follow_ups: Iterable[FollowUpRead]
) -> Digest:
    """The digest for local date `on` from the calendar items of `window(on)` (in calendar
    order) and the follow-ups counted from `on` (oldest first)."""
    first, last = window(on)
    today: list[DigestItem] = []
    ahead: list[CalendarItem] = []
    for item in items:
        if item.date == on:
            if item.stage not in ENDED_STAGES:
                today.append(_item(item))
        elif first < item.date <= last:
            ahead.append(item)
    candidates = [
        DigestSection(kind="today", items=today),
        DigestSection(kind="next_days", items=[_item(i) for i in calendar_read.upcoming(ahead)]),
        DigestSection(kind="follow_up", items=[_follow_up(job) for job in follow_ups]),
    ]
    sections = [section for section in candidates if section.items]
    return Digest(date=on, subject=subject(sections), sections=sections)


def is_empty(digest: Digest) -> bool:
    return not digest.sections
