"""iCalendar output: the feed's fast writer equals the library's, and both parsers read it back.

`ics_fast.feed` formats VEVENTs with string operations; `ics.feed_with_library` builds them with
icalendar's objects. For any items (hostile text, every kind, timed or not, any time zone) the
bytes must be equal, so the library stays the definition of what the feed says.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobtrack.calendar import ics, ics_fast
from jobtrack.calendar.read import CalendarItem
from jobtrack.calendar.schemas import timezone_names
from jobtrack.tracking.stages import EventType, Stage
from tests.ical_check import ical_js, physical_lines, strict_parse


def feed_with_library(items: list[CalendarItem], *, zone: str, today: dt.date) -> bytes:
    """The feed as the icalendar library writes it: the reference `ics_fast.feed` must equal."""
    calendar = ics.calendar_head(zone=zone, feed=True, span=ics.feed_zone_span(today))
    tz = ZoneInfo(zone)
    for item in items:
        calendar.add_component(ics.event_component(item, tz=tz, today=today))
    body: bytes = calendar.to_ical()
    return body


TODAY = dt.date(2026, 6, 15)
ZONES = [
    "Europe/Berlin",
    "UTC",
    "Etc/UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Etc/GMT+5",
    "America/Argentina/ComodRivadavia",
]
HOSTILE = [
    "Acme, Inc.",
    "Semi; colon",
    "Back\\slash",
    "C:\\Network\\N",
    "line\nbreak",
    "crlf\r\nand\rcr",
    "caret ^ and ^^",
    'quotes " and :colon',
    "tab\there",
    "bell\x07 and \x1b escape and \x7f",
    "Zoë Ångström — 日本語 ✓ 🚀",
    "ü" * 60,
    "🚀" * 30,
    "a" * 73 + "\\" + "b" * 10,
    "x" * 300,
]


def item(
    *,
    kind: str = "event",
    date: dt.date = dt.date(2026, 7, 1),
    time: dt.time | None = dt.time(14, 30),
    company: str = "Acme",
    title: str = "Backend Engineer",
    job_url: str | None = "https://jobs.example.com/1",
    stage: Stage = Stage.interview,
    event_id: int = 1,
    label: str = "Interview round 2",
    location: str | None = "Zoom",
) -> CalendarItem:
    return CalendarItem(
        kind=kind,  # type: ignore[arg-type]
        date=date,
        time=time,
        job_id=7,
        company=company,
        title=title,
        job_url=job_url,
        stage=stage,
        # An apply-by date comes from the job's posting: no event.
        event_id=None if kind == "apply_by" else event_id,
        event_type=None if kind == "apply_by" else EventType.interview,
        label=label,
        location=location,
        revised_at=dt.datetime(2026, 5, 1, 8, 15, 30, 123456, tzinfo=dt.UTC),
    )


texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=120))
items = st.builds(
    item,
    kind=st.sampled_from(["event", "offer_deadline", "start_date", "apply_by"]),
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    time=st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
    company=texts,
    title=texts,
    job_url=st.one_of(st.none(), st.just(""), texts),
    stage=st.sampled_from(list(Stage)),
    event_id=st.integers(min_value=1, max_value=2**31 - 1),
    label=texts,
    location=st.one_of(st.none(), st.just(""), texts),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    feed_items=st.lists(items, max_size=6),
    zone=st.sampled_from(ZONES),
    today=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)),
)
def test_the_fast_feed_writes_the_librarys_bytes(
    feed_items: list[CalendarItem], zone: str, today: dt.date
) -> None:
    fast = ics_fast.feed(feed_items, zone=zone, today=today)
    assert fast == feed_with_library(feed_items, zone=zone, today=today)


def test_every_time_zone_writes_the_same_bytes_both_ways() -> None:
    feed_items = [
        item(date=dt.date(2026, 3, 29), time=dt.time(2, 30)),
        item(date=dt.date(2026, 10, 25), time=dt.time(2, 30), event_id=2),
        item(kind="offer_deadline", time=None, label="Offer deadline"),
    ]
    for zone in sorted(timezone_names()):
        fast = ics_fast.feed(feed_items, zone=zone, today=TODAY)
        assert fast == feed_with_library(feed_items, zone=zone, today=TODAY), zone


@pytest.mark.parametrize("text", HOSTILE)
def test_fold_matches_the_library_and_keeps_lines_within_75_octets(text: str) -> None:
    from icalendar.parser.string import _foldline

    line = "SUMMARY:" + ics_fast.escape(ics.clean_text(text))
    assert ics_fast.fold(line) == _foldline(line)
    for piece in ics_fast.fold(line).encode().split(b"\r\n"):
        assert len(piece) <= 75
        piece.decode()


def _expected_text(value: str) -> str:
    """What a reader gets back: control characters gone, line breaks as \\n. The library
    reads `\\N` in the text as an escaped line break (RFC 5545 allows both cases)."""
    return ics.clean_text(value).replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def test_hostile_text_reads_back_through_both_parsers() -> None:
    feed_items = [
        item(company=text, title=text, location=text, event_id=n)
        for n, text in enumerate(HOSTILE, start=1)
    ]
    body = ics_fast.feed(feed_items, zone="Europe/Berlin", today=TODAY)
    strict = {str(e["UID"]): e for e in strict_parse(body).walk("VEVENT")}
    second = {e["uid"]: e for e in ical_js(body)["events"]}
    for n, text in enumerate(HOSTILE, start=1):
        uid = f"event-{n}@{ics.UID_DOMAIN}"
        summary = _expected_text(f"Interview round 2 · {text}")
        assert str(strict[uid]["SUMMARY"]) == summary
        assert second[uid]["summary"] == summary
        assert second[uid]["location"] == _expected_text(text)
        assert second[uid]["description"] == _expected_text(f"{text}\nhttps://jobs.example.com/1")


def test_times_are_wall_times_in_the_zone_on_both_sides_of_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    moments = [
        dt.datetime(2026, 3, 28, 14, 30),  # the Saturday before summer time: UTC+1
        dt.datetime(2026, 3, 30, 14, 30),  # after: UTC+2
        dt.datetime(2026, 10, 24, 9, 0),  # the Saturday before winter time: UTC+2
        dt.datetime(2026, 10, 26, 9, 0),  # after: UTC+1
    ]
    feed_items = [
        item(date=m.date(), time=m.time(), event_id=n) for n, m in enumerate(moments, start=1)
    ]
    body = ics_fast.feed(feed_items, zone="Europe/Berlin", today=dt.date(2026, 6, 1))
    strict = {str(e["UID"]): e for e in strict_parse(body).walk("VEVENT")}
    parsed = ical_js(body)
    assert parsed["timezones"] == ["Europe/Berlin"]
    second = {e["uid"]: e for e in parsed["events"]}
    for n, moment in enumerate(moments, start=1):
        uid = f"event-{n}@{ics.UID_DOMAIN}"
        expected = moment.replace(tzinfo=berlin)
        assert second[uid]["tzid"] == "Europe/Berlin"
        assert second[uid]["start"]["epoch"] == int(expected.timestamp()), moment
        assert second[uid]["end"]["epoch"] == int(expected.timestamp()) + 3600
        start = strict[uid].decoded("DTSTART")
        assert start == expected
        assert start.utcoffset() == expected.utcoffset()
    offsets = {second[f"event-{n}@{ics.UID_DOMAIN}"]["start"]["epoch"] for n in (1, 2)}
    assert len(offsets) == 2


@pytest.mark.parametrize(
    "zone",
    ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "UTC"],
)
def test_ical_js_reads_every_time_of_the_window_as_zoneinfo_does(zone: str) -> None:
    today = dt.date(2026, 6, 15)
    first, last = ics.feed_window(today)
    days = [first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, 9)]
    feed_items = [
        item(date=day, time=dt.time(12 + n % 3, 30), event_id=n) for n, day in enumerate(days, 1)
    ]
    body = ics_fast.feed(feed_items, zone=zone, today=today)
    assert b"RDATE" not in body  # each onset is its own observance
    read = {e["uid"]: e["start"]["epoch"] for e in ical_js(body)["events"]}
    for one in feed_items:
        expected = dt.datetime.combine(one.date, one.time or dt.time(), tzinfo=ZoneInfo(zone))
        assert read[ics.uid(one)] == int(expected.timestamp()), (zone, one.date)


def test_untimed_items_are_whole_days_and_utc_times_take_the_utc_form() -> None:
    body = ics_fast.feed(
        [item(time=None, kind="start_date", label="Start date"), item(event_id=2)],
        zone="UTC",
        today=TODAY,
    )
    assert b"DTSTART;VALUE=DATE:20260701\r\nDURATION:P1D\r\n" in body
    assert b"DTSTART:20260701T143000Z\r\nDURATION:PT1H\r\n" in body
    events = {e["uid"]: e for e in ical_js(body)["events"]}
    untimed = events[f"start-date-1@{ics.UID_DOMAIN}"]
    assert untimed["start"]["is_date"]
    assert untimed["duration"] == "P1D"
    assert untimed["transp"] == "TRANSPARENT"
    timed = events[f"event-2@{ics.UID_DOMAIN}"]
    assert timed["start"]["epoch"] == int(
        dt.datetime(2026, 7, 1, 14, 30, tzinfo=dt.UTC).timestamp()
    )


def test_dtstamp_is_when_the_item_last_changed_in_whole_seconds() -> None:
    body = ics_fast.feed([item()], zone="UTC", today=TODAY)
    assert b"DTSTAMP:20260501T081530Z\r\n" in body
    assert ics_fast.feed([item()], zone="UTC", today=TODAY) == body


def test_items_still_ahead_of_ended_jobs_are_cancelled() -> None:
    today = dt.date(2026, 7, 1)
    for stage in Stage:
        ahead = ics.is_cancelled(item(stage=stage, date=today), today)
        assert ahead is (stage in (Stage.rejected, Stage.declined, Stage.withdrawn)), stage
        assert not ics.is_cancelled(item(stage=stage, date=dt.date(2026, 6, 30)), today)
    for ended in (Stage.rejected, Stage.withdrawn):
        body = ics_fast.feed([item(stage=ended)], zone="UTC", today=today)
        assert ical_js(body)["events"][0]["status"] == "CANCELLED"


def test_one_event_file_works_at_the_ends_of_the_calendar() -> None:
    for day in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        feed_items = [item(date=day, time=dt.time(23, 30)), item(date=day, time=None, event_id=2)]
        body = ics.event_file(feed_items, zone="Europe/Berlin", today=TODAY)
        calendar = strict_parse(body)
        assert calendar["METHOD"] == "PUBLISH"
        assert len(calendar.walk("VEVENT")) == 2


def test_an_event_file_without_a_timed_item_needs_no_time_zone() -> None:
    body = ics.event_file([item(time=None)], zone="Europe/Berlin", today=TODAY)
    assert b"VTIMEZONE" not in body
    assert b"VTIMEZONE" in ics.event_file([item()], zone="Europe/Berlin", today=TODAY)


def test_an_empty_feed_still_holds_a_component() -> None:
    body = ics_fast.feed([], zone="UTC", today=TODAY)
    lines = physical_lines(body)
    assert b"BEGIN:VTIMEZONE" in lines
    assert ical_js(body)["events"] == []


@pytest.mark.parametrize(
    ("company", "label", "expected"),
    [
        ("Acme", "Interview round 2", "acme-interview-round-2-2026-07-01.ics"),
        ('Zürich "Ünïcode"/; rm -rf', "Offer", "zurich-unicode-rm-rf-offer-2026-07-01.ics"),
        ("日本語", "Applied", "applied-2026-07-01.ics"),
        ("🚀", "🚀", "2026-07-01.ics"),
    ],
)
def test_file_names_are_safe_ascii(company: str, label: str, expected: str) -> None:
    name = ics.filename(item(company=company, label=label))
    assert name == expected
    assert name.isascii()
    assert '"' not in name
    assert "/" not in name


def test_an_apply_by_date_is_keyed_by_its_job_in_both_writers() -> None:
    apply_by = item(kind="apply_by", time=None, label="Apply by", stage=Stage.saved)
    fast = ics_fast.feed([apply_by], zone="UTC", today=dt.date(2026, 6, 1))
    assert fast == feed_with_library([apply_by], zone="UTC", today=dt.date(2026, 6, 1))
    assert b"UID:apply-by-7@" in fast
