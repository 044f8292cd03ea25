"""The stage rules, as pure data and functions with no I/O.

The server enforces them and the code generator publishes them to the page, so the
page's Next/Locked cards can never disagree with the API.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Stage(StrEnum):
    saved = "saved"
    applied = "applied"
    screening = "screening"
    interview = "interview"
    reference = "reference"
    offer = "offer"
    accepted = "accepted"
    declined = "declined"
    rejected = "rejected"


class EventType(StrEnum):
    applied = "applied"
    screening = "screening"
    interview = "interview"
    reference = "reference"
    offer = "offer"
    accepted = "accepted"
    declined = "declined"
    rejected = "rejected"


RANK: dict[Stage, int] = {
    Stage.saved: 0,
    Stage.applied: 1,
    Stage.screening: 2,
    Stage.interview: 3,
    Stage.reference: 4,
    Stage.offer: 5,
    Stage.accepted: 6,
    Stage.declined: 6,
}

STAGE_LABELS: dict[Stage, str] = {
    Stage.saved: "Saved",
    Stage.applied: "Applied",
    Stage.screening: "Screening",
    Stage.interview: "Interview",
    Stage.reference: "Reference",
    Stage.offer: "Offer",
    Stage.accepted: "Accepted",
    Stage.declined: "Declined",
    Stage.rejected: "Rejected",
}

# The stepper's main line, then the branch that ends it.
PROGRESS_STAGES: tuple[Stage, ...] = (
    Stage.applied,
    Stage.screening,
    Stage.interview,
    Stage.reference,
    Stage.offer,
)
FINAL_STAGES: tuple[Stage, ...] = (Stage.accepted, Stage.declined)
REPEATABLE_EVENTS: frozenset[EventType] = frozenset({EventType.interview})

UNDO_HINT = "delete the rejection event to undo it"


class TransitionError(Exception):
    """An event that may not follow the current stage; the message says why, for a person."""


def stage_after(events: Sequence[EventType | str]) -> Stage:
    """The stage is the type of the latest event, or `saved` when there is none."""
    return Stage(events[-1]) if events else Stage.saved


def transition_error(current: Stage, event_type: EventType) -> str | None:
    """Why `event_type` may not follow `current`, or None when it may."""
    if current is Stage.rejected:
        return f"This job is rejected; {UNDO_HINT} before adding events."
    if current in FINAL_STAGES:
        return (
            f"This job is already {current.value}; delete that event first "
            "if you want to change the outcome."
        )
    if event_type in (EventType.accepted, EventType.declined):
        if current is not Stage.offer:
            return f"An offer must be recorded before it can be {event_type.value}."
        return None
    if event_type is EventType.rejected:
        return None
    rank = RANK[Stage(event_type.value)]
    if event_type in REPEATABLE_EVENTS and RANK[current] <= rank:
        return None
    if rank > RANK[current]:
        return None
    return (
        f"Cannot add {event_type.value} after {current.value}: stages only move forward "
        f"(delete the latest event to go back)."
    )


def check_transition(current: Stage, event_type: EventType) -> None:
    reason = transition_error(current, event_type)
    if reason is not None:
        raise TransitionError(reason)


def allowed_next(current: Stage) -> list[EventType]:
    """Event types that may follow `current`, in stage order."""
    return [e for e in EventType if transition_error(current, e) is None]


def transition_table() -> dict[str, list[str]]:
    """The whole rule as data: for each stage, the event types that may follow it."""
    return {stage.value: [e.value for e in allowed_next(stage)] for stage in Stage}


def is_locked(current: Stage) -> bool:
    """A rejected job accepts no change but undo (delete latest) and deleting the job."""
    return current is Stage.rejected


def locked_message() -> str:
    return f"This job is rejected, so it cannot be changed; {UNDO_HINT}."
