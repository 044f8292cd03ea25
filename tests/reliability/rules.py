"""The stage rules as docs/api.md states them, written again independently of the backend's
`stages.py`, so the suites check the API against its documented rules rather than against itself."""

from __future__ import annotations

RANK = {
    "saved": 0,
    "applied": 1,
    "screening": 2,
    "interview": 3,
    "reference": 4,
    "offer": 5,
    "accepted": 6,
    "declined": 6,
}
EVENT_TYPES = (
    "applied",
    "screening",
    "interview",
    "reference",
    "offer",
    "accepted",
    "declined",
    "rejected",
    "withdrawn",
)
FINAL = {"rejected", "accepted", "declined", "withdrawn"}
# docs/api.md: while rejected or withdrawn, every change but undo (deleting that event) and
# deleting the job is a 409.
LOCKED = {"rejected", "withdrawn"}
# Withdrawing: from applied up to offer (docs/api.md).
WITHDRAWABLE = {"applied", "screening", "interview", "reference", "offer"}
# docs/api.md "Limits": a job keeps at most this many events; one more is a 409.
EVENTS_PER_JOB = 100


def allowed(stage: str, event_type: str) -> bool:
    """May an event of `event_type` be added to a job at `stage`?"""
    if stage in FINAL:
        return False
    if event_type in ("accepted", "declined"):
        return stage == "offer"
    if event_type == "interview":
        return RANK[stage] <= RANK["interview"]
    if event_type == "rejected":
        return True
    if event_type == "withdrawn":
        return stage in WITHDRAWABLE
    return RANK[event_type] > RANK[stage]


def stage_after(history: list[str]) -> str:
    return history[-1] if history else "saved"


def history_error(history: list[str]) -> str | None:
    """Why no sequence of allowed adds and latest-deletes can leave this history, or None.

    Deleting only ever removes the latest event, so every surviving prefix was built by adds:
    each event must have been allowed after the ones before it.
    """
    for index, event_type in enumerate(history):
        stage = stage_after(history[:index])
        if not allowed(stage, event_type):
            return f"event {index + 1} ({event_type}) is not allowed after {stage}"
    return None


def accepted(stage: str, event_type: str, events: int) -> bool:
    """Is an add answered 201 (the rules allow it and the job has room), not 409?"""
    return allowed(stage, event_type) and events < EVENTS_PER_JOB
