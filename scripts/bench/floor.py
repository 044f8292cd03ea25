"""The floors: the same reads and writes in raw SQL through psycopg2, serialised with
`json.dumps`, with no framework, no validation and no ORM. What the API is compared with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

DbRow = tuple[Any, ...]

JOB_COLUMNS = "id, company, title, job_url, stage, notes, resume_key, created_at, updated_at"
EVENT_COLUMNS = "id, event_type, event_date, event_time, location, note, created_at, updated_at"

# One query: the page of jobs, joined with their events in sequence order.
LIST_SQL = f"""
SELECT j.id, j.company, j.title, j.job_url, j.stage, j.notes, j.resume_key,
       j.created_at, j.updated_at,
       e.id, e.event_type, e.event_date, e.event_time, e.location, e.note,
       e.created_at, e.updated_at
FROM (SELECT {JOB_COLUMNS} FROM job_tracking WHERE user_id = %s
      ORDER BY updated_at DESC, id DESC LIMIT %s) AS j
LEFT JOIN tracking_events AS e ON e.job_id = j.id
ORDER BY j.updated_at DESC, j.id DESC, e.id
"""


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


def _event(row: DbRow) -> dict[str, Any]:
    time = row[3]
    return {
        "id": row[0],
        "event_type": row[1],
        "event_date": row[2].isoformat(),
        "event_time": time.strftime("%H:%M") if time is not None else None,
        "location": row[4],
        "note": row[5],
        "created_at": _iso(row[6]),
        "updated_at": _iso(row[7]),
    }


def _job(row: DbRow, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row[0],
        "company": row[1],
        "title": row[2],
        "job_url": row[3],
        "stage": row[4],
        "notes": row[5],
        "has_resume": row[6] is not None,
        "events": events,
        "created_at": _iso(row[7]),
        "updated_at": _iso(row[8]),
    }


def list_page(connection: Any, user_id: str, limit: int) -> bytes:
    """The list floor: one query for the page with its events, grouped and `json.dumps`ed."""
    with connection.cursor() as cursor:
        cursor.execute(LIST_SQL, (user_id, limit))
        rows = cursor.fetchall()
    connection.rollback()
    items: list[dict[str, Any]] = []
    current_id = None
    for row in rows:
        if row[0] != current_id:
            current_id = row[0]
            items.append(_job(row[:9], []))
        if row[9] is not None:
            items[-1]["events"].append(_event(row[9:]))
    return json.dumps({"items": items, "next_cursor": None}).encode()


def _job_with_events(cursor: Any, job_row: DbRow) -> dict[str, Any]:
    cursor.execute(
        f"SELECT {EVENT_COLUMNS} FROM tracking_events WHERE job_id = %s ORDER BY id",
        (job_row[0],),
    )
    return _job(job_row, [_event(row) for row in cursor.fetchall()])


def _locked_job(cursor: Any, user_id: str, job_id: int) -> DbRow:
    cursor.execute(
        f"SELECT {JOB_COLUMNS} FROM job_tracking WHERE id = %s AND user_id = %s FOR UPDATE",
        (job_id, user_id),
    )
    row = cursor.fetchone()
    if row is None:
        raise LookupError(job_id)
    return tuple(row)


def create_event(connection: Any, user_id: str, job_id: int, body: str) -> bytes:
    """Lock, read the events, insert one, set the stage; commit; the whole job as JSON."""
    event_in = json.loads(body)
    with connection.cursor() as cursor:
        job = _locked_job(cursor, user_id, job_id)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM tracking_events WHERE job_id = %s ORDER BY id",
            (job_id,),
        )
        events = [_event(row) for row in cursor.fetchall()]
        note = dict(event_in.get("note") or {})
        if event_in["event_type"] == "interview" and note.get("round") is None:
            note["round"] = 1 + sum(1 for e in events if e["event_type"] == "interview")
        cursor.execute(
            f"""INSERT INTO tracking_events
                (job_id, event_type, event_date, event_time, location, note, created_at, updated_at)
            VALUES (%s, %s, %s, %s, %s, %s, now(), now()) RETURNING {EVENT_COLUMNS}""",
            (
                job_id,
                event_in["event_type"],
                event_in["event_date"],
                event_in.get("event_time"),
                event_in.get("location"),
                json.dumps(note),
            ),
        )
        events.append(_event(cursor.fetchone()))
        cursor.execute(
            f"""UPDATE job_tracking SET stage = %s, updated_at = now() WHERE id = %s
            RETURNING {JOB_COLUMNS}""",
            (event_in["event_type"], job_id),
        )
        updated = cursor.fetchone()
    connection.commit()
    del job
    return json.dumps(_job(updated, events)).encode()


def delete_latest(connection: Any, user_id: str, job_id: int, event_id: int) -> bytes:
    """Lock, read the events, delete the latest, roll the stage back; commit; the job as JSON."""
    with connection.cursor() as cursor:
        _locked_job(cursor, user_id, job_id)
        cursor.execute(
            f"SELECT {EVENT_COLUMNS} FROM tracking_events WHERE job_id = %s ORDER BY id",
            (job_id,),
        )
        events = [_event(row) for row in cursor.fetchall()]
        if not events or events[-1]["id"] != event_id:
            raise LookupError(event_id)
        cursor.execute("DELETE FROM tracking_events WHERE id = %s", (event_id,))
        events.pop()
        stage = events[-1]["event_type"] if events else "saved"
        cursor.execute(
            f"""UPDATE job_tracking SET stage = %s, updated_at = now() WHERE id = %s
            RETURNING {JOB_COLUMNS}""",
            (stage, job_id),
        )
        updated = cursor.fetchone()
    connection.commit()
    return json.dumps(_job(updated, events)).encode()


def patch_job(connection: Any, user_id: str, job_id: int, body: str) -> bytes:
    """One UPDATE ... RETURNING with the notes merged in SQL, then the events; commit; JSON."""
    patch = json.loads(body)
    notes = patch.get("notes") or {}
    cleared = [key for key, value in notes.items() if value is None]
    kept = {key: value for key, value in notes.items() if value is not None}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE job_tracking
            SET title = coalesce(%s, title), notes = (notes - %s::text[]) || %s::jsonb,
                updated_at = now()
            WHERE id = %s AND user_id = %s AND stage <> 'rejected'
            RETURNING {JOB_COLUMNS}""",
            (patch.get("title"), cleared, json.dumps(kept), job_id, user_id),
        )
        row = cursor.fetchone()
        if row is None:
            raise LookupError(job_id)
        job = _job_with_events(cursor, row)
    connection.commit()
    return json.dumps(job).encode()


# The hourly upload rate, as the API records it (jobtrack.limits.service.grant_upload_url): in
# one statement, forget the user's grants older than an hour, count the rest, and record a grant
# only while the count is under the limit; then `granted` (0 or 1) and the seconds to wait.
GRANT_SQL = """
WITH pruned AS (
    DELETE FROM upload_url_grants
    WHERE user_id = %(user)s AND granted_at <= now() - make_interval(secs => 3600)
    RETURNING id
), recent AS (
    SELECT count(*) AS n, min(granted_at) AS oldest FROM upload_url_grants
    WHERE user_id = %(user)s AND granted_at > now() - make_interval(secs => 3600)
), granted AS (
    INSERT INTO upload_url_grants (user_id)
    SELECT %(user)s FROM recent WHERE recent.n < %(per_hour)s
    RETURNING id
)
SELECT (SELECT count(*) FROM granted),
       extract(epoch FROM coalesce(recent.oldest, now()) + make_interval(secs => 3600) - now())
FROM recent
"""


def upload_url(
    connection: Any, client: Any, user_id: str, job_id: int, size: int, per_hour: int
) -> bytes:
    """The ownership check, the hourly grant, one presigned PUT from a reused client; commit
    (the grant is a write); the answer as JSON."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stage FROM job_tracking WHERE id = %s AND user_id = %s", (job_id, user_id)
        )
        row = cursor.fetchone()
        if row is None:
            raise LookupError(job_id)
        if row[0] == "rejected":
            raise PermissionError(job_id)
        cursor.execute(GRANT_SQL, {"user": user_id, "per_hour": per_hour})
        granted, wait_s = cursor.fetchone()
        if not granted:
            raise PermissionError(f"rate limited for {wait_s} s")
    connection.commit()
    key = f"pending/{user_id}/{job_id}/bench.pdf"
    url = client.generate_presigned_url(
        "put_object",
        Params={
            "Bucket": "bench-resumes",
            "Key": key,
            "ContentType": "application/pdf",
            "ContentLength": size,
        },
        ExpiresIn=300,
        HttpMethod="PUT",
    )
    body = {
        "upload_url": url,
        "method": "PUT",
        "headers": {"Content-Type": "application/pdf"},
        "key": key,
        "expires_in": 300,
        "max_bytes": 5 * 1024 * 1024,
    }
    return json.dumps(body).encode()
