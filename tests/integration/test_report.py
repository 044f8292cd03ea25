"""`GET /api/report`: the applications made in a date range, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, insert, text

from jobtrack.tracking.models import Contact, JobContact
from tests.conftest import ALICE, BOB, add_event, make_job
from tests.integration.test_query_counts import count_statements

JANUARY = {"from": "2026-01-01", "to": "2026-01-31"}


def history(
    client: TestClient,
    headers: dict[str, str],
    company: str,
    *steps: tuple[str, str],
    applied_note: dict[str, Any] | None = None,
    **job: Any,
) -> int:
    """A job with events (type, YYYY-MM-DD) recorded in this order; `applied_note` goes on the
    applied one."""
    job_id = int(make_job(client, headers, company=company, **job)["id"])
    for event_type, day in steps:
        note: dict[str, Any] = (
            {"note": applied_note} if event_type == "applied" and applied_note else {}
        )
        add_event(client, headers, job_id, event_type, event_date=day, **note)
    return job_id


def report(client: TestClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    response = client.get("/api/report", params={**JANUARY, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def companies(body: dict[str, Any]) -> list[str]:
    return [row["company"] for row in body["rows"]]


def attach(connection: Connection, user_id: str, job_id: int, *names: str) -> None:
    """Contacts attached to the job in the order given (position 0 first)."""
    for position, name in enumerate(names):
        contact_id = connection.execute(
            insert(Contact).values(user_id=user_id, name=name).returning(Contact.id)
        ).scalar_one()
        connection.execute(
            insert(JobContact).values(job_id=job_id, contact_id=contact_id, position=position)
        )


def test_a_row_has_every_field(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job_id = history(
        client,
        alice,
        "Acme",
        ("applied", "2026-01-05"),
        ("screening", "2026-01-12"),
        ("interview", "2026-01-20"),
        applied_note={"type": "email"},
        title="Data Engineer",
        job_url="https://acme.example/jobs/7",
    )
    attach(connection, ALICE, job_id, "Dana Recruiter")
    assert report(client, alice) == {
        "from": "2026-01-01",
        "to": "2026-01-31",
        "rows": [
            {
                "applied_date": "2026-01-05",
                "company": "Acme",
                "title": "Data Engineer",
                "job_url": "https://acme.example/jobs/7",
                "how": "email",
                "contact": "Dana Recruiter",
                "stage": "interview",
                "last_event_date": "2026-01-20",
                "outcome": "interviewing",
            }
        ],
    }


def test_the_range_includes_both_ends_and_nothing_outside(
    client: TestClient, alice: dict[str, str]
) -> None:
    for company, day in [
        ("Before", "2025-12-31"),
        ("First day", "2026-01-01"),
        ("Last day", "2026-01-31"),
        ("After", "2026-02-01"),
    ]:
        history(client, alice, company, ("applied", day))
    history(client, alice, "Never applied")
    history(client, alice, "Screening only", ("screening", "2026-01-10"))
    assert companies(report(client, alice)) == ["First day", "Last day"]
    one_day = report(client, alice, **{"from": "2026-01-31", "to": "2026-01-31"})
    assert companies(one_day) == ["Last day"]


def test_a_job_counts_on_the_date_of_its_first_applied_event_only(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    # The stage rules never record a second applied event, but a stored history may hold one:
    # the job belongs to the month of the first, not of the second.
    job_id = history(client, alice, "Twice", ("applied", "2025-12-20"))
    connection.execute(
        text(
            "INSERT INTO tracking_events (job_id, user_id, event_type, event_date, note)"
            " VALUES (:job, :user, 'applied', '2026-01-10', '{}'::jsonb)"
        ),
        {"job": job_id, "user": ALICE},
    )
    assert companies(report(client, alice)) == []
    december = report(client, alice, **{"from": "2025-12-01", "to": "2025-12-31"})
    assert [(r["company"], r["applied_date"], r["last_event_date"]) for r in december["rows"]] == [
        ("Twice", "2025-12-20", "2026-01-10")
    ]


def test_rows_are_by_applied_date_then_company_ignoring_case(
    client: TestClient, alice: dict[str, str]
) -> None:
    history(client, alice, "zeta", ("applied", "2026-01-03"))
    history(client, alice, "Beta", ("applied", "2026-01-09"))
    history(client, alice, "alpha", ("applied", "2026-01-09"))
    history(client, alice, "Gamma", ("applied", "2026-01-09"))
    history(client, alice, "Omega", ("applied", "2026-01-02"))
    assert companies(report(client, alice)) == ["Omega", "zeta", "alpha", "Beta", "Gamma"]


@pytest.mark.parametrize(
    ("steps", "stage", "outcome"),
    [
        ((), "applied", "waiting"),
        ((("screening", "2026-01-20"),), "screening", "interviewing"),
        ((("interview", "2026-01-20"),), "interview", "interviewing"),
        ((("reference", "2026-01-20"),), "reference", "interviewing"),
        ((("offer", "2026-01-20"),), "offer", "offer"),
        ((("offer", "2026-01-20"), ("accepted", "2026-01-22")), "accepted", "accepted"),
        ((("offer", "2026-01-20"), ("declined", "2026-01-22")), "declined", "declined"),
        ((("interview", "2026-01-20"), ("rejected", "2026-01-22")), "rejected", "rejected"),
        ((("withdrawn", "2026-01-22"),), "withdrawn", "withdrawn"),
    ],
)
def test_each_stage_has_its_outcome(
    client: TestClient,
    alice: dict[str, str],
    steps: tuple[tuple[str, str], ...],
    stage: str,
    outcome: str,
) -> None:
    history(client, alice, "Acme", ("applied", "2026-01-05"), *steps)
    (row,) = report(client, alice)["rows"]
    assert (row["stage"], row["outcome"]) == (stage, outcome)
    assert row["last_event_date"] == (steps[-1][1] if steps else "2026-01-05")


def test_the_last_event_date_is_the_latest_event_recorded(
    client: TestClient, alice: dict[str, str]
) -> None:
    # A backdated interview recorded after the screening: the latest event is the interview,
    # as the stage says, whatever its date.
    history(
        client,
        alice,
        "Backdated",
        ("applied", "2026-01-05"),
        ("screening", "2026-01-25"),
        ("interview", "2026-01-15"),
    )
    (row,) = report(client, alice)["rows"]
    assert (row["stage"], row["last_event_date"]) == ("interview", "2026-01-15")


def test_how_is_the_applied_notes_type_and_null_when_missing(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    history(
        client, alice, "A referral", ("applied", "2026-01-05"), applied_note={"type": "referral"}
    )
    history(client, alice, "B default", ("applied", "2026-01-05"))  # the API stores online
    missing = history(client, alice, "C missing", ("applied", "2026-01-05"))
    unknown = history(client, alice, "D unknown", ("applied", "2026-01-05"))
    for job_id, note in [(missing, "{}"), (unknown, '{"type": "carrier pigeon"}')]:
        connection.execute(
            text("UPDATE tracking_events SET note = CAST(:note AS jsonb) WHERE job_id = :job"),
            {"note": note, "job": job_id},
        )
    rows = report(client, alice)["rows"]
    assert [(r["company"], r["how"]) for r in rows] == [
        ("A referral", "referral"),
        ("B default", "online"),
        ("C missing", None),
        ("D unknown", None),
    ]


def test_contact_is_the_first_attached_then_the_referrer_then_none(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    referral = {"type": "referral", "referrer_name": "Rita Referrer"}
    both = history(client, alice, "A both", ("applied", "2026-01-05"), applied_note=referral)
    attach(connection, ALICE, both, "Hana Hiring", "Ivan Interviewer")
    history(client, alice, "B referrer", ("applied", "2026-01-05"), applied_note=referral)
    blank = history(client, alice, "C blank referrer", ("applied", "2026-01-05"))
    connection.execute(
        text(
            'UPDATE tracking_events SET note = \'{"type": "referral", "referrer_name": "  "}\''
            " WHERE job_id = :job"
        ),
        {"job": blank},
    )
    history(client, alice, "D nobody", ("applied", "2026-01-05"))
    # Positions decide, not the order of insertion: Ivan moved to the front.
    connection.execute(
        text("UPDATE job_contacts SET position = 5 - position WHERE job_id = :job"), {"job": both}
    )
    rows = report(client, alice)["rows"]
    assert [(r["company"], r["contact"]) for r in rows] == [
        ("A both", "Ivan Interviewer"),
        ("B referrer", "Rita Referrer"),
        ("C blank referrer", None),
        ("D nobody", None),
    ]


def test_an_inferred_applied_event_counts_as_applied(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job_id = history(
        client, alice, "Imported", ("applied", "2026-01-07"), ("interview", "2026-01-07")
    )
    connection.execute(
        text("UPDATE tracking_events SET inferred = true WHERE job_id = :job"), {"job": job_id}
    )
    rows = report(client, alice)["rows"]
    assert [(r["company"], r["applied_date"], r["outcome"]) for r in rows] == [
        ("Imported", "2026-01-07", "interviewing")
    ]


def test_another_users_jobs_and_contacts_are_never_in_the_report(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], connection: Connection
) -> None:
    mine = history(client, alice, "Mine", ("applied", "2026-01-05"))
    theirs = history(client, bob, "Theirs", ("applied", "2026-01-05"))
    attach(connection, BOB, theirs, "Bob's recruiter")
    # A contact of Bob's wrongly attached to Alice's job is not shown to Alice.
    attach(connection, BOB, mine, "Bob's other recruiter")
    body = report(client, alice)
    assert [(r["company"], r["contact"]) for r in body["rows"]] == [("Mine", None)]
    assert companies(report(client, bob)) == ["Theirs"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2026-01-31"}, "from"),
        ({"from": "2026-01-01"}, "to"),
        ({"from": "2026-02-30", "to": "2026-03-31"}, "from"),
        ({"from": "2026-01-01", "to": "31/01/2026"}, "to"),
        ({"from": "2026-02-01", "to": "2026-01-31"}, "to"),
        ({"from": "2026-01-01", "to": "2027-01-03"}, "to"),  # 367 days apart
        ({**JANUARY, "format": "xlsx"}, "format"),
    ],
)
def test_bad_parameters_are_422_naming_them(
    client: TestClient, alice: dict[str, str], params: dict[str, str], field: str
) -> None:
    response = client.get("/api/report", params=params, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", field]
    assert response.json()["message"].startswith(field)


def test_a_range_may_span_366_days(client: TestClient, alice: dict[str, str]) -> None:
    history(client, alice, "Early", ("applied", "2026-01-01"))
    history(client, alice, "Late", ("applied", "2027-01-02"))
    body = report(client, alice, **{"from": "2026-01-01", "to": "2027-01-02"})
    assert companies(body) == ["Early", "Late"]


def test_the_report_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/report", params=JANUARY).status_code == 401


def test_csv_has_the_columns_in_order_and_guards_formulas(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job_id = history(
        client,
        alice,
        '=HYPERLINK("http://evil.example")',
        ("applied", "2026-01-05"),
        ("rejected", "2026-01-09"),
        applied_note={"type": "referral", "referrer_name": '+49 Rita, "the" referrer'},
        title="-Engineer",
    )
    history(
        client, alice, "Plain, Inc.", ("applied", "2026-01-06"), job_url="https://plain.example"
    )
    attach(connection, ALICE, job_id, "@someone")
    response = client.get("/api/report", params={**JANUARY, "format": "csv"}, headers=alice)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="track-report-2026-01-01-to-2026-01-31.csv"'
    )
    assert response.text.startswith(
        "applied_date,company,title,job_url,how,contact,stage,last_event_date,outcome\r\n"
    )
    assert list(csv.reader(io.StringIO(response.text)))[1:] == [
        [
            "2026-01-05",
            '\'=HYPERLINK("http://evil.example")',
            "'-Engineer",
            "",
            "referral",
            "'@someone",
            "rejected",
            "2026-01-09",
            "rejected",
        ],
        [
            "2026-01-06",
            "Plain, Inc.",
            "Backend Engineer",
            "https://plain.example",
            "online",
            "",
            "applied",
            "2026-01-06",
            "waiting",
        ],
    ]


def test_an_empty_csv_is_the_header_alone(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/api/report", params={**JANUARY, "format": "csv"}, headers=alice)
    assert response.text == (
        "applied_date,company,title,job_url,how,contact,stage,last_event_date,outcome\r\n"
    )


@pytest.mark.parametrize("jobs_count", [1, 60])
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_the_report_is_one_statement_whatever_the_size(
    client: TestClient,
    alice: dict[str, str],
    connection: Connection,
    engine: Engine,
    jobs_count: int,
    format_: str,
) -> None:
    for i in range(jobs_count):
        job_id = history(
            client, alice, f"C{i:02}", ("applied", "2026-01-05"), ("interview", "2026-01-09")
        )
        attach(connection, ALICE, job_id, f"Contact {i}", f"Second {i}")
    with count_statements(engine) as statements:
        response = client.get("/api/report", params={**JANUARY, "format": format_}, headers=alice)
    assert response.status_code == 200
    if format_ == "json":
        assert len(response.json()["rows"]) == jobs_count
    else:
        assert response.text.count("\r\n") == jobs_count + 1
    assert len(statements) == 1, statements
