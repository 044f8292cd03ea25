"""When a digest is due: the hour in the user's zone, across date lines and DST changes."""

from __future__ import annotations

import datetime as dt

from jobtrack.notifications import schedule


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def test_the_next_digest_is_today_until_its_hour_has_ended() -> None:
    due = schedule.next_digest(after=utc("2026-03-10T06:30"), hour=7, timezone="UTC")
    assert (due.at, due.on) == (utc("2026-03-10T07:00"), dt.date(2026, 3, 10))
    during = schedule.next_digest(after=utc("2026-03-10T07:59"), hour=7, timezone="UTC")
    assert during.on == dt.date(2026, 3, 10)
    after = schedule.next_digest(after=utc("2026-03-10T08:00"), hour=7, timezone="UTC")
    assert (after.at, after.on) == (utc("2026-03-11T07:00"), dt.date(2026, 3, 11))


def test_a_zone_ahead_of_utc_sends_for_a_local_date_utc_has_not_reached() -> None:
    # 07:00 in Auckland (UTC+13 in March) is 18:00 UTC the day before.
    due = schedule.next_digest(after=utc("2026-03-09T12:00"), hour=7, timezone="Pacific/Auckland")
    assert due.at == utc("2026-03-09T18:00")
    assert due.on == dt.date(2026, 3, 10)
    assert due.at.date() == dt.date(2026, 3, 9)


def test_a_zone_behind_utc_sends_for_a_local_date_utc_has_left() -> None:
    # 22:00 in Los Angeles (UTC-7 in summer) is 05:00 UTC the next day.
    due = schedule.next_digest(
        after=utc("2026-07-01T00:00"), hour=22, timezone="America/Los_Angeles"
    )
    assert due.at == utc("2026-07-01T05:00")
    assert due.on == dt.date(2026, 6, 30)


def test_a_half_hour_zone_is_due_at_its_own_hour() -> None:
    due = schedule.next_digest(after=utc("2026-03-10T00:00"), hour=7, timezone="Asia/Kolkata")
    assert due.at == utc("2026-03-10T01:30")


def test_spring_forward_day_keeps_the_local_hour() -> None:
    # Berlin moves from 02:00 CET to 03:00 CEST on 2026-03-29: 07:00 is 05:00 UTC that day,
    # 06:00 UTC the day before.
    before = schedule.following_digest(on=dt.date(2026, 3, 27), hour=7, timezone="Europe/Berlin")
    assert before.at == utc("2026-03-28T06:00")
    change = schedule.following_digest(on=before.on, hour=7, timezone="Europe/Berlin")
    assert (change.at, change.on) == (utc("2026-03-29T05:00"), dt.date(2026, 3, 29))
    assert change.at - before.at == dt.timedelta(hours=23)


def test_an_hour_the_clocks_skip_comes_right_after_the_gap() -> None:
    due = schedule.digest_instant(dt.date(2026, 3, 29), 2, "Europe/Berlin")
    assert due == utc("2026-03-29T01:00")  # 03:00 CEST, the first instant after the gap


def test_fall_back_day_sends_at_the_first_of_the_repeated_hour() -> None:
    # New York repeats 01:00-02:00 on 2026-11-01 (EDT, then EST).
    due = schedule.digest_instant(dt.date(2026, 11, 1), 1, "America/New_York")
    assert due == utc("2026-11-01T05:00")
    after_change = schedule.following_digest(
        on=dt.date(2026, 11, 1), hour=7, timezone="America/New_York"
    )
    assert after_change.at == utc("2026-11-02T12:00")


def test_the_local_day_ends_at_local_midnight() -> None:
    assert schedule.local_day_end(dt.date(2026, 3, 10), "Pacific/Auckland") == utc(
        "2026-03-10T11:00"
    )
    # A 23-hour day.
    assert schedule.local_day_end(dt.date(2026, 3, 29), "Europe/Berlin") == utc("2026-03-29T22:00")
