"""When a user's digest is due: pure time-zone arithmetic, no I/O.

A digest is for a local date and due at the start of the user's digest hour on it. The next
one after an instant is the first whose hour has not ended yet, so turning the digest on during
the hour still sends today's. On a day whose clocks skip the hour (spring forward), the digest
comes at the first instant after the gap; on a day that repeats it (fall back), at the first of
the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Due:
    """The instant a digest is due and the local date it is for."""

    at: dt.datetime
    on: dt.date


def digest_instant(local_date: dt.date, hour: int, timezone: str) -> dt.datetime:
    """The UTC instant at which `hour` starts on `local_date` in `timezone`."""
    zone = ZoneInfo(timezone)
    # fold=0: the first of a repeated hour; a skipped hour maps past the gap (its UTC offset
    # before the change applied to a wall time that does not exist).
    local = dt.datetime.combine(local_date, dt.time(hour), tzinfo=zone)
    return local.astimezone(dt.UTC)


def local_day_end(local_date: dt.date, timezone: str) -> dt.datetime:
    """The UTC instant the local date ends (the next local midnight)."""
    zone = ZoneInfo(timezone)
    midnight = dt.datetime.combine(local_date + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return midnight.astimezone(dt.UTC)


def local_date(instant: dt.datetime, timezone: str) -> dt.date:
    return instant.astimezone(ZoneInfo(timezone)).date()


def next_digest(*, after: dt.datetime, hour: int, timezone: str) -> Due:
    """The first digest whose hour has not ended at `after`."""
    day = local_date(after, timezone) - dt.timedelta(days=1)
    while True:
        at = digest_instant(day, hour, timezone)
        if at + HOUR > after:
            return Due(at=at, on=day)
        day += dt.timedelta(days=1)


def following_digest(*, on: dt.date, hour: int, timezone: str) -> Due:
    """The digest of the day after `on`."""
    day = on + dt.timedelta(days=1)
    return Due(at=digest_instant(day, hour, timezone), on=day)
