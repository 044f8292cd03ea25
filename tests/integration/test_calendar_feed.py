"""Calendar feeds and one event's .ics file: secrets, revocation, ETags, content, two parsers.

Every feed and file is read twice: by icalendar with strict checks and by ical.js in Node
(tests/ical_check.py). None may carry note content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from tests.conftest import add_event, make_job
from tests.ical_check import ical_js, leaks, strict_parse
from tests.integration.test_query_counts import count_statements

FEED_PREFIX = "http://testserver/api/calendar/feed/"
BERLIN = ZoneInfo("Europe/Berlin")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


def create_feed(
    client: TestClient,
    headers: dict[str, str],
    zone: str = "Europe/Berlin",
    *,
    steps: str | None = None,
    **extra: str,
) -> dict[str, Any]:
    sent = {"timezone": zone} | ({"steps": steps} if steps else {})
    response = client.post("/api/calendar/feed", json=sent, headers=headers | extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def path_of(url: str) -> str:
    return "/api/calendar/feed/" + url.rsplit("/", 1)[1]


def fetch(client: TestClient, url: str, **headers: str) -> Any:
    return client.get(path_of(url), headers=headers)


def feed_body(client: TestClient, url: str) -> bytes:
    response = fetch(client, url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    return bytes(response.content)


def event_file(
    client: TestClient, headers: dict[str, str], job_id: int, event_id: int, **params: str
) -> Any:
    return client.get(
        f"/api/tracked/{job_id}/events/{event_id}/ics", params=params, headers=headers
    )


# ---- creating, reading and revoking ------------------------------------------------------------


def test_a_feed_has_an_absolute_url_with_a_long_random_secret(
    client: TestClient, alice: dict[str, str]
) -> None:
    created = create_feed(client, alice)
    assert set(created) == {"url", "timezone", "steps", "created_at"}
    assert created["timezone"] == "Europe/Berlin"
    assert created["steps"] == "all"  # the default: every step, as feeds always held
    assert created["url"].startswith(FEED_PREFIX)
    assert created["url"].endswith(".ics")
    secret = created["url"][len(FEED_PREFIX) : -len(".ics")]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", secret), secret  # 32 random bytes
    again = create_feed(client, alice)
    assert again["url"] != created["url"]


def test_the_url_follows_the_forwarded_scheme(client: TestClient, alice: dict[str, str]) -> None:
    created = create_feed(client, alice, **{"X-Forwarded-Proto": "https"})
    assert created["url"].startswith("https://testserver/api/calendar/feed/")
    ignored = create_feed(client, alice, **{"X-Forwarded-Proto": "gopher"})
    assert ignored["url"].startswith("http://testserver/")


def test_only_a_hash_of_the_secret_is_stored(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    secret = create_feed(client, alice)["url"][len(FEED_PREFIX) : -len(".ics")]
    rows = connection.execute(text("SELECT * FROM calendar_feeds")).mappings().all()
    assert len(rows) == 1
    assert all(secret not in str(value) for value in rows[0].values())
    assert rows[0]["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()


def test_the_feed_status_shows_no_url(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/api/calendar/feed", headers=alice).json() == {"active": False}
    created = create_feed(client, alice, zone="America/New_York")
    status = client.get("/api/calendar/feed", headers=alice)
    assert status.status_code == 200
    assert status.json() == {
        "active": True,
        "timezone": "America/New_York",
        "steps": "all",
        "created_at": created["created_at"],
    }
    again = create_feed(client, alice, zone="UTC", steps="appointments")
    assert again["steps"] == "appointments"
    assert client.get("/api/calendar/feed", headers=alice).json() == {
        "active": True,
        "timezone": "UTC",
        "steps": "appointments",
        "created_at": again["created_at"],
    }


@pytest.mark.parametrize(
    "body",
    [
        {"timezone": "Mars/Olympus_Mons"},
        {"timezone": "europe/berlin"},
        {"timezone": "localtime"},
        {"timezone": "Factory"},
        {"timezone": "../../etc/passwd"},
        {"timezone": ""},
        {"timezone": "x" * 65},
        {"timezone": 1},
        {},
        {"timezone": "UTC", "secret": "mine"},
        {"timezone": "UTC", "steps": "interviews"},
        {"timezone": "UTC", "steps": None},
        {"timezone": "UTC", "steps": ["all"]},
    ],
)
def test_the_timezone_must_be_an_iana_name(
    client: TestClient, alice: dict[str, str], body: dict[str, Any]
) -> None:
    response = client.post("/api/calendar/feed", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert client.get("/api/calendar/feed", headers=alice).json() == {"active": False}


def test_replacing_the_feed_stops_the_old_url_at_once(
    client: TestClient, alice: dict[str, str]
) -> None:
    old = create_feed(client, alice)["url"]
    assert fetch(client, old).status_code == 200
    new = create_feed(client, alice, zone="UTC")["url"]
    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200
    assert client.get("/api/calendar/feed", headers=alice).json()["timezone"] == "UTC"


def test_deleting_the_feed_stops_its_url_and_is_204_also_when_there_is_none(
    client: TestClient, alice: dict[str, str]
) -> None:
    assert client.delete("/api/calendar/feed", headers=alice).status_code == 204
    url = create_feed(client, alice)["url"]
    response = client.delete("/api/calendar/feed", headers=alice)
    assert response.status_code == 204
    assert response.content == b""
    assert fetch(client, url).status_code == 404
    assert client.get("/api/calendar/feed", headers=alice).json() == {"active": False}


def test_unknown_revoked_and_malformed_urls_are_one_404(
    client: TestClient, alice: dict[str, str]
) -> None:
    revoked = create_feed(client, alice)["url"]
    client.delete("/api/calendar/feed", headers=alice)
    answers = [
        fetch(client, revoked),
        client.get("/api/calendar/feed/" + "A" * 43 + ".ics"),
        client.get("/api/calendar/feed/short.ics"),
        client.get("/api/calendar/feed/" + "x" * 500 + ".ics"),
        client.get("/api/calendar/feed/not%20url%24safe%21%21" + "a" * 40 + ".ics"),
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json() == {"detail": "Calendar feed not found."}


def test_each_user_manages_only_their_own_feed(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    alices = create_feed(client, alice)["url"]
    assert client.get("/api/calendar/feed", headers=bob).json() == {"active": False}
    client.delete("/api/calendar/feed", headers=bob)
    bobs = create_feed(client, bob)["url"]
    assert fetch(client, alices).status_code == 200
    assert fetch(client, bobs).status_code == 200


def test_the_feed_routes_need_a_token_but_the_feed_does_not(
    client: TestClient, alice: dict[str, str]
) -> None:
    url = create_feed(client, alice)["url"]
    assert client.post("/api/calendar/feed", json={"timezone": "UTC"}).status_code == 401
    assert client.get("/api/calendar/feed").status_code == 401
    assert client.delete("/api/calendar/feed").status_code == 401
    assert client.get(path_of(url)).status_code == 200  # no Authorization header at all


# ---- the feed's content ----------------------------------------------------------------------


def test_the_feed_carries_an_etag_and_answers_304_when_it_matches(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied", event_date=day(1))
    url = create_feed(client, alice)["url"]
    first = fetch(client, url)
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong
    assert etag == f'"{hashlib.sha256(first.content).hexdigest()[:32]}"'
    assert fetch(client, url).content == first.content  # stable while nothing changes
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        not_modified = fetch(client, url, **{"If-None-Match": sent})
        assert not_modified.status_code == 304, sent
        assert not_modified.content == b""
        assert not_modified.headers["etag"] == etag
    assert fetch(client, url, **{"If-None-Match": '"other"'}).status_code == 200
    add_event(client, alice, job["id"], "screening", event_date=day(2))
    changed = fetch(client, url, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_the_feed_covers_180_days_back_to_365_ahead_with_stable_distinct_uids(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    for offset, event_type in zip(
        [-181, -180, 365, 366], ["applied", "screening", "interview", "reference"], strict=True
    ):
        job = add_event(client, alice, job["id"], event_type, event_date=day(offset))
    offer = offer_with_deadline(client, alice, deadline=day(365))
    url = create_feed(client, alice)["url"]
    body = feed_body(client, url)
    calendar = strict_parse(body)
    assert calendar["X-WR-CALNAME"] == "Track"
    events = job["events"]
    offer_id = offer["events"][-1]["id"]
    expected = {
        f"event-{events[1]['id']}@track.jobtrack",
        f"event-{events[2]['id']}@track.jobtrack",
        f"offer-deadline-{offer_id}@track.jobtrack",
    }
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert uids >= expected
    assert f"event-{events[0]['id']}@track.jobtrack" not in uids
    assert f"event-{events[3]['id']}@track.jobtrack" not in uids
    assert {e["uid"] for e in ical_js(body)["events"]} == uids
    assert feed_body(client, url) == body


def offer_with_deadline(
    client: TestClient, headers: dict[str, str], *, deadline: str, **fields: Any
) -> dict[str, Any]:
    job = make_job(client, headers, **fields)
    add_event(client, headers, job["id"], "applied", event_date=day(-3))
    return add_event(
        client, headers, job["id"], "offer", event_date=day(-1), note={"deadline": deadline}
    )


def test_items_still_ahead_of_rejected_declined_or_withdrawn_jobs_are_cancelled(
    client: TestClient, alice: dict[str, str]
) -> None:
    rejected = make_job(client, alice, company="Rejected")
    add_event(client, alice, rejected["id"], "applied", event_date=day(-2))
    add_event(client, alice, rejected["id"], "interview", event_date=day(3))
    rejected = add_event(client, alice, rejected["id"], "rejected", event_date=day(0))
    declined = offer_with_deadline(client, alice, deadline=day(5), company="Declined")
    declined = add_event(client, alice, declined["id"], "declined", event_date=day(1))
    withdrawn = offer_with_deadline(client, alice, deadline=day(6), company="Withdrawn")
    withdrawn = add_event(client, alice, withdrawn["id"], "withdrawn", event_date=day(2))
    going = offer_with_deadline(client, alice, deadline=day(5), company="Going")

    body = feed_body(client, create_feed(client, alice)["url"])
    status = {e["uid"]: e["status"] for e in ical_js(body)["events"]}
    strict = {str(e["UID"]): e.get("STATUS") for e in strict_parse(body).walk("VEVENT")}
    r_applied, r_interview, r_rejected = (e["id"] for e in rejected["events"])
    d_applied, d_offer, d_declined = (e["id"] for e in declined["events"])
    w_applied, w_offer, w_withdrawn = (e["id"] for e in withdrawn["events"])
    cancelled = {
        f"offer-deadline-{w_offer}@track.jobtrack",
        f"event-{w_withdrawn}@track.jobtrack",
        f"event-{r_interview}@track.jobtrack",
        f"event-{r_rejected}@track.jobtrack",
        f"offer-deadline-{d_offer}@track.jobtrack",
        f"event-{d_declined}@track.jobtrack",
    }
    assert {uid for uid, s in status.items() if s == "CANCELLED"} == cancelled
    assert {uid for uid, s in strict.items() if s == "CANCELLED"} == cancelled
    assert status[f"event-{r_applied}@track.jobtrack"] is None  # past: it happened
    assert status[f"event-{d_applied}@track.jobtrack"] is None
    assert status[f"event-{w_applied}@track.jobtrack"] is None
    assert status[f"event-{w_offer}@track.jobtrack"] is None
    assert all(status[f"event-{e['id']}@track.jobtrack"] is None for e in going["events"])


def _daylight_changes() -> list[dt.date]:
    """The next last Sundays of March and October (Europe's clock changes), within a year."""

    def last_sunday(year: int, month: int) -> dt.date:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)

    now = today()
    return sorted(
        change
        for year in (now.year, now.year + 1)
        for month in (3, 10)
        if now + dt.timedelta(days=2) < (change := last_sunday(year, month))
        and change < now + dt.timedelta(days=360)
    )


def test_both_parsers_read_times_in_the_feeds_zone_across_daylight_saving(
    client: TestClient, alice: dict[str, str]
) -> None:
    changes = _daylight_changes()
    assert len(changes) == 2
    moments = [
        dt.datetime.combine(change + dt.timedelta(days=shift), dt.time(14, 30))
        for change in changes
        for shift in (-1, 1)
    ]
    job = make_job(client, alice, company="Clockwork")
    for moment in moments:
        job = add_event(
            client,
            alice,
            job["id"],
            "interview",
            event_date=moment.date().isoformat(),
            event_time="14:30",
        )
    body = feed_body(client, create_feed(client, alice)["url"])
    assert b"DTSTART;TZID=Europe/Berlin:" in body
    strict = {str(e["UID"]): e for e in strict_parse(body).walk("VEVENT")}
    parsed = ical_js(body)
    assert parsed["timezones"] == ["Europe/Berlin"]
    second = {e["uid"]: e for e in parsed["events"]}
    offsets = set()
    for event, moment in zip(job["events"], moments, strict=True):
        uid = f"event-{event['id']}@track.jobtrack"
        expected = moment.replace(tzinfo=BERLIN)
        assert second[uid]["start"]["epoch"] == int(expected.timestamp()), moment
        assert second[uid]["end"]["epoch"] == int(expected.timestamp()) + 3600
        assert strict[uid].decoded("DTSTART") == expected
        offsets.add(expected.utcoffset())
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_commas_semicolons_and_line_breaks_in_names_survive_folding_and_escaping(
    client: TestClient, alice: dict[str, str]
) -> None:
    company = "Müller, Schmidt & Söhne; GmbH\\Holding " + "Ünïcode-Ω " * 8
    title = "Senior Engineer; Platform, Core"
    location = "Room 3, Floor 2; Building\nEast"
    job = make_job(
        client, alice, company=company, title=title, job_url="https://jobs.example.com/a?b=1,2"
    )
    job = add_event(
        client,
        alice,
        job["id"],
        "interview",
        event_date=day(4),
        event_time="09:15",
        location=location,
    )
    body = feed_body(client, create_feed(client, alice)["url"])
    assert any(line.startswith(b" ") for line in body.split(b"\r\n"))  # something was folded
    uid = f"event-{job['events'][0]['id']}@track.jobtrack"
    strict = {str(e["UID"]): e for e in strict_parse(body).walk("VEVENT")}[uid]
    second = {e["uid"]: e for e in ical_js(body)["events"]}[uid]
    summary = f"Interview round 1 · {company.strip()}"  # the API trims names
    description = f"{title}\nhttps://jobs.example.com/a?b=1,2"
    for read in (
        (str(strict["SUMMARY"]), str(strict["DESCRIPTION"]), str(strict["LOCATION"])),
        (second["summary"], second["description"], second["location"]),
    ):
        assert read == (summary, description, location)


def test_no_note_content_ever_reaches_a_feed_or_a_file(
    client: TestClient, alice: dict[str, str]
) -> None:
    needles: list[str] = []

    def secret(field: str) -> str:
        needles.append(f"LEAK-{field}-7f3a")
        return needles[-1]

    notes = {
        "applied": {
            "type": "referral",
            "referrer_name": secret("referrer_name"),
            "referrer_content": secret("referrer_content"),
            "note": secret("applied_note"),
        },
        "screening": {"with_person": secret("with_person"), "note": secret("screening_note")},
        "interview": {"interviewers": secret("interviewers"), "note": secret("interview_note")},
        "reference": {
            "contacts_provided": secret("contacts_provided"),
            "note": secret("reference_note"),
        },
        "offer": {"amount": secret("amount"), "deadline": day(20), "note": secret("offer_note")},
    }
    endings = {
        "accepted": {"start_date": day(40), "note": secret("accepted_note")},
        "declined": {"reason": secret("declined_reason"), "note": secret("declined_note")},
        "rejected": {"reason": secret("rejected_reason"), "note": secret("rejected_note")},
    }
    files = []
    for ending, ending_note in endings.items():
        job = make_job(
            client,
            alice,
            company=f"Company {ending}",
            notes={
                "salary": secret(f"salary_{ending}"),
                "general_note": secret(f"general_{ending}"),
                "location": secret(f"job_location_{ending}"),
            },
        )
        for offset, (event_type, note) in enumerate(notes.items()):
            if ending == "rejected" and event_type == "offer":
                continue
            job = add_event(client, alice, job["id"], event_type, event_date=day(offset), note=note)
        job = add_event(client, alice, job["id"], ending, event_date=day(6), note=ending_note)
        for event in job["events"]:
            for zone in ("UTC", "Europe/Berlin"):
                response = event_file(client, alice, job["id"], event["id"], timezone=zone)
                assert response.status_code == 200
                files.append(bytes(response.content))

    feed = feed_body(client, create_feed(client, alice)["url"])
    assert b"Company accepted" in feed
    assert b"Start date" in feed
    assert b"Offer deadline" in feed
    assert leaks(feed, needles) == []
    for one in files:
        strict_parse(one)
        assert leaks(one, needles) == []
    parsed = ical_js(feed)
    assert not any(needle in str(parsed) for needle in needles)


def test_an_appointments_feed_holds_meetings_and_dates_but_no_other_steps(
    client: TestClient, alice: dict[str, str]
) -> None:
    accepted = make_job(client, alice, company="Accepted")
    for offset, event_type in enumerate(["applied", "screening", "interview", "reference"]):
        accepted = add_event(client, alice, accepted["id"], event_type, event_date=day(offset))
    accepted = add_event(
        client, alice, accepted["id"], "offer", event_date=day(4), note={"deadline": day(9)}
    )
    accepted = add_event(
        client, alice, accepted["id"], "accepted", event_date=day(5), note={"start_date": day(30)}
    )
    rejected = make_job(client, alice, company="Rejected")
    add_event(client, alice, rejected["id"], "applied", event_date=day(-4))
    rejected = add_event(client, alice, rejected["id"], "rejected", event_date=day(-1))
    applied, screening, interview, reference, offer, acceptance = (
        event["id"] for event in accepted["events"]
    )
    kept = {
        f"event-{screening}@track.jobtrack",
        f"event-{interview}@track.jobtrack",
        f"event-{reference}@track.jobtrack",
        f"offer-deadline-{offer}@track.jobtrack",
        f"start-date-{acceptance}@track.jobtrack",
    }
    left_out = {
        f"event-{event_id}@track.jobtrack"
        for event_id in (
            applied,
            offer,
            acceptance,
            *(event["id"] for event in rejected["events"]),
        )
    }

    every = feed_body(client, create_feed(client, alice)["url"])
    assert {e["uid"] for e in ical_js(every)["events"]} == kept | left_out
    body = feed_body(client, create_feed(client, alice, steps="appointments")["url"])
    assert {e["uid"] for e in ical_js(body)["events"]} == kept
    assert {str(e["UID"]) for e in strict_parse(body).walk("VEVENT")} == kept
    # Changing back to every step is a new address like any other.
    again = feed_body(client, create_feed(client, alice, steps="all")["url"])
    assert again == every


def test_another_users_items_never_reach_a_feed(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job = make_job(client, bob, company="Bob Only")
    add_event(client, bob, job["id"], "applied", event_date=day(1))
    body = feed_body(client, create_feed(client, alice)["url"])
    assert b"Bob Only" not in body
    assert ical_js(body)["events"] == []


def test_a_feed_is_three_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, connection: Connection
) -> None:
    url = create_feed(client, alice)["url"]
    connection.execute(
        text(
            """
            WITH j AS (
                INSERT INTO job_tracking (user_id, company, title, stage)
                SELECT 'alice', 'C' || g, 'T' || g, 'offer' FROM generate_series(1, 200) g
                RETURNING id
            )
            INSERT INTO tracking_events (job_id, event_type, event_date, event_time, note)
            SELECT j.id, 'offer', CURRENT_DATE, TIME '10:00',
                   jsonb_build_object('deadline', to_char(CURRENT_DATE + 7, 'YYYY-MM-DD'))
            FROM j
            """
        )
    )
    with count_statements(engine) as statements:
        body = feed_body(client, url)
    assert body.count(b"BEGIN:VEVENT") == 400
    # The feed by its secret's hash, then the calendar's two: the events, their jobs.
    assert len(statements) <= 3, statements


# ---- one event's file -----------------------------------------------------------------------


def test_an_event_file_is_an_attachment_in_utc_by_default(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, company="Zürich Ünïcode AG")
    job = add_event(
        client, alice, job["id"], "interview", event_date="2026-07-01", event_time="14:30"
    )
    response = event_file(client, alice, job["id"], job["events"][0]["id"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="zurich-unicode-ag-interview-round-1-2026-07-01.ics"'
    )
    body = bytes(response.content)
    assert b"DTSTART:20260701T143000Z" in body  # UTC times take RFC 5545's UTC form
    strict = strict_parse(body)
    assert strict["METHOD"] == "PUBLISH"
    (event,) = ical_js(body)["events"]
    assert event["start"]["epoch"] == int(
        dt.datetime(2026, 7, 1, 14, 30, tzinfo=dt.UTC).timestamp()
    )


def test_an_event_file_in_a_zone_carries_its_vtimezone(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    job = add_event(
        client, alice, job["id"], "screening", event_date="2027-03-29", event_time="09:00"
    )
    response = event_file(
        client, alice, job["id"], job["events"][0]["id"], timezone="America/New_York"
    )
    body = bytes(response.content)
    assert b"DTSTART;TZID=America/New_York:20270329T090000" in body
    strict_parse(body)
    parsed = ical_js(body)
    assert parsed["timezones"] == ["America/New_York"]
    expected = dt.datetime(2027, 3, 29, 9, tzinfo=ZoneInfo("America/New_York"))
    assert parsed["events"][0]["start"]["epoch"] == int(expected.timestamp())


def test_an_offer_or_acceptance_file_holds_its_deadline_or_start_date(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = offer_with_deadline(client, alice, deadline="2026-08-01")
    job = add_event(
        client, alice, job["id"], "accepted", event_date=day(0), note={"start_date": "2026-09-01"}
    )
    applied, offer, accepted = (e["id"] for e in job["events"])
    uids = {}
    for event_id in (applied, offer, accepted):
        body = bytes(event_file(client, alice, job["id"], event_id).content)
        strict_parse(body)
        uids[event_id] = [e["uid"] for e in ical_js(body)["events"]]
    assert uids[applied] == [f"event-{applied}@track.jobtrack"]
    # In calendar order: this deadline is before the offer's own date.
    assert uids[offer] == [
        f"offer-deadline-{offer}@track.jobtrack",
        f"event-{offer}@track.jobtrack",
    ]
    assert sorted(uids[accepted]) == sorted(
        [f"event-{accepted}@track.jobtrack", f"start-date-{accepted}@track.jobtrack"]
    )


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "localtime", "", "utc"])
def test_an_event_files_timezone_must_be_an_iana_name(
    client: TestClient, alice: dict[str, str], zone: str
) -> None:
    job = add_event(client, alice, make_job(client, alice)["id"], "applied")
    response = event_file(client, alice, job["id"], job["events"][0]["id"], timezone=zone)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "timezone"]


def test_another_users_event_file_is_a_404_like_a_missing_one(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    alices = add_event(client, alice, make_job(client, alice)["id"], "applied")
    bobs = add_event(client, bob, make_job(client, bob)["id"], "applied")
    alice_event = alices["events"][0]["id"]
    as_bob = event_file(client, bob, alices["id"], alice_event)
    missing_job = event_file(client, bob, 2**31 - 1, alice_event)
    assert as_bob.status_code == missing_job.status_code == 404
    assert as_bob.json() == missing_job.json()
    # Alice's event id under Bob's own job is answered like an event that does not exist.
    borrowed = event_file(client, bob, bobs["id"], alice_event)
    missing_event = event_file(client, bob, bobs["id"], 2**31 - 1)
    assert borrowed.status_code == missing_event.status_code == 404
    assert borrowed.json() == missing_event.json()
    assert event_file(client, {}, alices["id"], alice_event).status_code == 401


def test_a_failing_feed_is_a_json_500_whose_log_line_names_the_route_not_the_secret(
    client: TestClient,
    alice: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = create_feed(client, alice)["url"]
    secret = url[len(FEED_PREFIX) : -len(".ics")]

    def broken(**_: Any) -> bytes:
        raise RuntimeError("a bug")

    monkeypatch.setattr("jobtrack.calendar.service.feed_calendar", broken)
    response = fetch(client, url)
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Something went wrong on our side")
    [line] = [r for r in caplog.records if r.getMessage().startswith("unhandled error")]
    assert line.getMessage() == "unhandled error: GET /api/calendar/feed/{secret}.ics"
    assert all(secret not in record.getMessage() for record in caplog.records)
