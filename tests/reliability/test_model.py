"""A hypothesis state machine over HTTP: two users drive the API, a small model predicts it.

Rules create jobs, add events of any type (allowed or not), delete the latest event, reject
and undo, delete an event that is not the latest, edit an event, patch metadata (notes merged
key by key, null clears), untrack, retry with an Idempotency-Key, and poke at the other user's
jobs. After every step both users' lists must agree with the model exactly: which jobs each user
sees, and for each job its stage, event ids and types in order, locations, company, title and
notes. The stage rules come from tests/reliability/rules.py, written from the documented rules and not
from the backend's code.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.reliability.conftest import (
    BUDGET,
    FIGURES,
    PROFILE,
    LiveServer,
    fresh_database,
    headers_for,
    server_errors_in_log,
)
from tests.reliability.rules import EVENT_TYPES, LOCKED, accepted, allowed, stage_after

USERS = ("alice", "bob")
NOTE_KEYS = ("salary", "location", "general_note")
MISSING_ID = 2**31 - 1
PHASES = list(Phase)
# Short printable text, with non-ASCII, never blank or padded (company and title are stripped).
words = st.text(alphabet="abcXYZ019 éßø€中-_", min_size=1, max_size=12).map(
    lambda s: s.strip() or "x"
)
notes_patch = st.dictionaries(st.sampled_from(NOTE_KEYS), st.none() | words, min_size=1, max_size=3)
# Tags as the API keeps them: trimmed, each once ignoring case, in the order given.
tag_lists = st.lists(words, max_size=4, unique_by=str.lower)


@dataclass
class Event:
    id: int
    event_type: str
    location: str | None = None


@dataclass
class Job:
    id: int
    owner: str
    company: str
    title: str
    notes: dict[str, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    priority: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def stage(self) -> str:
        return stage_after([e.event_type for e in self.events])


class TrackModel(RuleBasedStateMachine):
    """One run: fresh users, so every list holds exactly the model's jobs."""

    server: LiveServer
    counts: Counter[str]

    jobs = Bundle("jobs")

    def __init__(self) -> None:
        super().__init__()
        run = uuid.uuid4().hex[:10]
        self.subs = {user: f"model-{run}-{user}" for user in USERS}
        self.headers = {user: headers_for(sub) for user, sub in self.subs.items()}
        self.http = httpx.Client(base_url=self.server.url, timeout=30)
        self.model: dict[int, Job] = {}
        self.gone: list[tuple[str, int]] = []

    def teardown(self) -> None:
        self.http.close()

    # ---- helpers -------------------------------------------------------------------------

    def call(self, user: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self.counts["requests"] += 1
        response = self.http.request(method, path, headers=self.headers[user], **kwargs)
        assert response.status_code < 500, f"{method} {path}: {response.text}"
        return response

    def other(self, user: str) -> str:
        return USERS[1 - USERS.index(user)]

    def check_job_body(self, job: Job, body: dict[str, Any]) -> None:
        assert body["id"] == job.id
        assert body["stage"] == job.stage
        assert [(e["id"], e["event_type"]) for e in body["events"]] == [
            (e.id, e.event_type) for e in job.events
        ]
        assert [e["location"] for e in body["events"]] == [e.location for e in job.events]
        assert (body["company"], body["title"]) == (job.company, job.title)
        assert {k: body["notes"][k] for k in NOTE_KEYS} == {k: job.notes.get(k) for k in NOTE_KEYS}
        assert (body["priority"], body["tags"]) == (job.priority, job.tags)

    def add(self, job: Job, event_type: str, **extra: Any) -> httpx.Response:
        body = {"event_type": event_type, "event_date": "2026-02-03", **extra}
        response = self.call(job.owner, "POST", f"/api/tracked/{job.id}/events", json=body)
        if accepted(job.stage, event_type, len(job.events)):
            assert response.status_code == 201, (job.stage, event_type, response.text)
            created = response.json()["events"][-1]
            job.events.append(Event(created["id"], event_type, extra.get("location")))
            self.check_job_body(job, response.json())
        else:
            assert response.status_code == 409, (job.stage, event_type, response.text)
        return response

    def delete_latest(self, job: Job) -> None:
        latest = job.events[-1]
        response = self.call(job.owner, "DELETE", f"/api/tracked/{job.id}/events/{latest.id}")
        assert response.status_code == 200, response.text
        job.events.pop()
        self.check_job_body(job, response.json())

    # ---- rules ---------------------------------------------------------------------------

    @rule(target=jobs, user=st.sampled_from(USERS), company=words, title=words, notes=notes_patch)
    def create_job(self, user: str, company: str, title: str, notes: dict[str, Any]) -> int:
        body = {"company": company, "title": title, "notes": notes}
        response = self.call(user, "POST", "/api/tracked", json=body)
        assert response.status_code == 201, response.text
        job_id = int(response.json()["id"])
        kept = {k: v for k, v in notes.items() if v is not None}
        self.model[job_id] = Job(job_id, user, company, title, kept)
        self.check_job_body(self.model[job_id], response.json())
        return job_id

    @rule(job_id=jobs, event_type=st.sampled_from(EVENT_TYPES), location=st.none() | words)
    def add_event(self, job_id: int, event_type: str, location: str | None) -> None:
        self.add(self.model[job_id], event_type, location=location)

    @rule(job_id=jobs, picks=st.lists(st.integers(0, 7), min_size=1, max_size=4))
    def advance(self, job_id: int, picks: list[int]) -> None:
        """One to four events the rules allow, so runs reach every stage, not only 409s."""
        job = self.model[job_id]
        for pick in picks:
            choices = [t for t in EVENT_TYPES if allowed(job.stage, t) and t != "rejected"]
            if not choices:
                return
            self.add(job, choices[pick % len(choices)])

    @rule(job_id=jobs)
    def delete_latest_event(self, job_id: int) -> None:
        job = self.model[job_id]
        if job.events:
            self.delete_latest(job)
        else:
            path = f"/api/tracked/{job.id}/events/{MISSING_ID}"
            assert self.call(job.owner, "DELETE", path).status_code == 404

    @rule(job_id=jobs)
    def reject_then_maybe_undo(self, job_id: int) -> None:
        job = self.model[job_id]
        before = job.stage
        if self.add(job, "rejected").status_code == 201:
            # Locked: metadata, new events and event edits are all 409 until undone.
            assert self.call(job.owner, "PATCH", f"/api/tracked/{job.id}",
                             json={"notes": {"salary": "locked?"}}).status_code == 409  # fmt: skip
            path = f"/api/tracked/{job.id}/events/{job.events[-1].id}"
            assert self.call(job.owner, "PATCH", path, json={"location": "x"}).status_code == 409
            self.delete_latest(job)  # undo
            assert job.stage == before

    @rule(job_id=jobs)
    def delete_an_earlier_event(self, job_id: int) -> None:
        job = self.model[job_id]
        if len(job.events) >= 2:
            path = f"/api/tracked/{job.id}/events/{job.events[0].id}"
            response = self.call(job.owner, "DELETE", path)
            assert response.status_code == 409, response.text

    @rule(job_id=jobs, location=st.none() | words)
    def edit_latest_event(self, job_id: int, location: str | None) -> None:
        job = self.model[job_id]
        if not job.events:
            return
        path = f"/api/tracked/{job.id}/events/{job.events[-1].id}"
        response = self.call(job.owner, "PATCH", path, json={"location": location})
        if job.stage in LOCKED:
            assert response.status_code == 409, response.text
        else:
            assert response.status_code == 200, response.text
            job.events[-1].location = location

    @rule(
        job_id=jobs,
        notes=notes_patch,
        company=st.none() | words,
        priority=st.none() | st.integers(0, 3),
        tags=st.none() | tag_lists,
    )
    def patch_metadata(
        self,
        job_id: int,
        notes: dict[str, Any],
        company: str | None,
        priority: int | None,
        tags: list[str] | None,
    ) -> None:
        job = self.model[job_id]
        body: dict[str, Any] = {"notes": notes}
        if company is not None:
            body["company"] = company
        if priority is not None:
            body["priority"] = priority
        if tags is not None:
            body["tags"] = tags
        response = self.call(job.owner, "PATCH", f"/api/tracked/{job.id}", json=body)
        if job.stage in LOCKED:
            assert response.status_code == 409, response.text
            return
        assert response.status_code == 200, response.text
        for key, value in notes.items():
            if value is None:
                job.notes.pop(key, None)
            else:
                job.notes[key] = value
        job.company = company or job.company
        job.priority = job.priority if priority is None else priority
        job.tags = job.tags if tags is None else tags
        self.check_job_body(job, response.json())

    @rule(job_id=jobs, event_type=st.sampled_from(EVENT_TYPES))
    def retry_with_idempotency_key(self, job_id: int, event_type: str) -> None:
        job = self.model[job_id]
        key = {"Idempotency-Key": uuid.uuid4().hex}
        body = {"event_type": event_type, "event_date": "2026-02-04"}
        path = f"/api/tracked/{job.id}/events"
        first = self.http.post(path, json=body, headers={**self.headers[job.owner], **key})
        again = self.http.post(path, json=body, headers={**self.headers[job.owner], **key})
        self.counts["requests"] += 2
        expected = 201 if accepted(job.stage, event_type, len(job.events)) else 409
        assert first.status_code == expected, first.text
        if expected == 201:
            assert (again.status_code, again.json()) == (201, first.json())
            job.events.append(Event(first.json()["events"][-1]["id"], event_type))
        else:
            assert again.status_code == 409

    @rule(job_id=jobs)
    def other_user_cannot_touch(self, job_id: int) -> None:
        job = self.model[job_id]
        intruder = self.other(job.owner)
        event_id = job.events[-1].id if job.events else 1
        for method, path, body in [
            ("GET", f"/api/tracked/{job.id}", None),
            ("PATCH", f"/api/tracked/{job.id}", {"notes": {"salary": "stolen"}}),
            ("POST", f"/api/tracked/{job.id}/events",
             {"event_type": "rejected", "event_date": "2026-02-03"}),
            ("PATCH", f"/api/tracked/{job.id}/events/{event_id}", {"location": "stolen"}),
            ("DELETE", f"/api/tracked/{job.id}/events/{event_id}", None),
            ("DELETE", f"/api/tracked/{job.id}", None),
        ]:  # fmt: skip
            response = self.call(intruder, method, path, json=body)
            assert response.status_code == 404, (method, path, response.text)

    @rule(job_id=consumes(jobs))
    def untrack(self, job_id: int) -> None:
        job = self.model.pop(job_id)
        assert self.call(job.owner, "DELETE", f"/api/tracked/{job.id}").status_code == 204
        self.gone.append((job.owner, job.id))
        assert self.call(job.owner, "GET", f"/api/tracked/{job.id}").status_code == 404

    @rule()
    def untracked_stay_gone(self) -> None:
        for owner, job_id in self.gone[-3:]:
            assert self.call(owner, "GET", f"/api/tracked/{job_id}").status_code == 404
            body = {"event_type": "applied", "event_date": "2026-02-03"}
            path = f"/api/tracked/{job_id}/events"
            assert self.call(owner, "POST", path, json=body).status_code == 404

    # ---- after every step ----------------------------------------------------------------

    @invariant()
    def api_agrees_with_model(self) -> None:
        self.counts["steps"] += 1
        for user in USERS:
            response = self.call(user, "GET", "/api/tracked", params={"limit": 500})
            assert response.status_code == 200, response.text
            listed = {item["id"]: item for item in response.json()["items"]}
            mine = {job_id: job for job_id, job in self.model.items() if job.owner == user}
            assert set(listed) == set(mine), f"{user} sees {sorted(listed)}, model {sorted(mine)}"
            for job_id, job in mine.items():
                self.check_job_body(job, listed[job_id])


@pytest.fixture(scope="module")
def model_server(pg_server: Any, live_server_factory: Any) -> LiveServer:
    server: LiveServer = live_server_factory(fresh_database(pg_server, "rel_model"))
    return server


def test_api_agrees_with_the_model(model_server: LiveServer, figures: Counter[str]) -> None:
    counts: Counter[str] = Counter()

    class Machine(TrackModel):
        server = model_server

    Machine.counts = counts
    try:
        run_state_machine_as_test(
            Machine,
            settings=settings(
                max_examples=BUDGET.model_examples,
                stateful_step_count=BUDGET.model_steps,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                database=None,
                report_multiple_bugs=False,
                # Shrinking over HTTP can take minutes; the quick run reports the sequence as
                # found, the long run shrinks it to the shortest one.
                phases=PHASES if PROFILE == "long" else [p for p in PHASES if p != Phase.shrink],
            ),
        )
    except AssertionError:
        figures["violations"] += 1
        raise
    finally:
        figures["cases"] += counts["steps"]
        FIGURES.details["stateful model"] = {
            "machines": BUDGET.model_examples,
            "steps checked": counts["steps"],
            "requests": counts["requests"],
        }
    assert not server_errors_in_log(model_server), model_server.log_tail()
