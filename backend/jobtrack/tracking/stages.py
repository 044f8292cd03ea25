"""The stage rules, as pure data and functions with no I/O.

The server enforces them and the code generator publishes them to the page, so the
page's Next/Locked cards can never disagree with the API.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
    withdrawn = "withdrawn"


class EventType(StrEnum):
    applied = "applied"
    screening = "screening"
    interview = "interview"
    reference = "reference"
    offer = "offer"
    accepted = "accepted"
    declined = "declined"
    rejected = "rejected"
    withdrawn = "withdrawn"


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
    Stage.withdrawn: "Withdrawn",
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
# Stages that end a job early: the employer said no (rejected) or the job seeker stopped
# (withdrawn). They have no rank (they say nothing about how far the job got; the event before
# them does) and they lock the job: no change but undo (deleting that event) and deleting it.
LOCKED_STAGES: tuple[Stage, ...] = (Stage.rejected, Stage.withdrawn)
# Jobs that are over: decided either way, rejected or withdrawn. Everything else is "active".
CLOSED_STAGES: tuple[Stage, ...] = (*FINAL_STAGES, *LOCKED_STAGES)
REPEATABLE_EVENTS: frozenset[EventType] = frozenset({EventType.interview})
# Jobs with nothing still ahead: the calendar cancels their items from today on, and the
# upcoming list and a job's next date leave them out. An accepted job still has its start date.
ENDED_STAGES: tuple[Stage, ...] = (Stage.declined, *LOCKED_STAGES)
# The job seeker may withdraw once applied and until an outcome of the offer.
WITHDRAWABLE_STAGES: tuple[Stage, ...] = PROGRESS_STAGES

# Interview rounds: the event type that is numbered, the note field holding its number and the
# first number. Rounds are distinct per job; gaps are allowed (`round_error`, `next_round`).
ROUND_EVENT = EventType.interview
ROUND_FIELD = "round"
FIRST_ROUND = 1

# How to undo each locked stage, in the words of its 409s.
UNDO_HINTS: dict[Stage, str] = {
    Stage.rejected: "delete the rejection event to undo it",
    Stage.withdrawn: "delete the withdrawal event to undo it",
}


def stage_after(events: Sequence[EventType | str]) -> Stage:
    """The stage is the type of the latest event, or `saved` when there is none."""
    return Stage(events[-1]) if events else Stage.saved


def transition_error(current: Stage, event_type: EventType) -> str | None:
    """Why `event_type` may not follow `current`, or None when it may."""
    if current in LOCKED_STAGES:
        return f"This job is {current.value}; {UNDO_HINTS[current]} before adding events."
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
    if event_type is EventType.withdrawn:
        if current not in WITHDRAWABLE_STAGES:
            return (
                "Record the application before withdrawing it; a saved job you no longer "
                "want can simply be deleted."
            )
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


def allowed_next(current: Stage) -> list[EventType]:
    """Event types that may follow `current`, in stage order."""
    return [e for e in EventType if transition_error(current, e) is None]


def transition_table() -> dict[str, list[str]]:
    """The whole rule as data: for each stage, the event types that may follow it."""
    return {stage.value: [e.value for e in allowed_next(stage)] for stage in Stage}


def is_locked(current: Stage) -> bool:
    """A rejected or withdrawn job accepts no change but undo (delete latest) and deleting it."""
    return current in LOCKED_STAGES


def locked_message(current: Stage | None) -> str:
    """The 409 of a change to a locked job, saying how to undo (None: locked at some moment
    of the request, by a stage no longer known)."""
    if current is None:
        return (
            "This job was rejected or withdrawn, so it cannot be changed; delete that event "
            "to undo it."
        )
    return f"This job is {current.value}, so it cannot be changed; {UNDO_HINTS[current]}."


def round_error(requested: int, taken: Collection[int], *, editing: bool = False) -> str | None:
    """Why an interview may not be numbered `requested` when the job's other interviews have
    the rounds in `taken`, or None when it may. Rounds are distinct; gaps are allowed, so the
    hint names the lowest free round. An edited interview keeps its round when none is sent,
    so "leave it empty" is only offered for a new one."""
    if requested in taken:
        empty = "" if editing else ", or leave it empty for the next one"
        return (
            f"This job already has interview round {requested}; use round "
            f"{lowest_free_round(taken)}{empty}."
        )
    return None


def lowest_free_round(taken: Collection[int]) -> int:
    """The lowest round no other interview has: a gap, else one after the highest."""
    return next(r for r in range(FIRST_ROUND, next_round(taken) + 1) if r not in taken)


def next_round(taken: Collection[int]) -> int:
    """The round a new interview gets when none is given: one after the highest so far."""
    return max(taken, default=FIRST_ROUND - 1) + 1


def shortest_history(start: Stage, target: Stage) -> tuple[EventType, ...] | None:
    """The fewest events that bring a job at `start` to `target` under `transition_error`
    (among equally short ones, the first in stage order), or None when none does. A job
    already at `target` needs none."""
    histories: dict[Stage, tuple[EventType, ...]] = {start: ()}
    frontier = [start]
    while frontier and target not in histories:
        reached: list[Stage] = []
        for stage in frontier:
            for event_type in allowed_next(stage):
                after = Stage(event_type.value)
                if after not in histories:
                    histories[after] = (*histories[stage], event_type)
                    reached.append(after)
        frontier = reached
    return histories.get(target)


def history_table() -> dict[str, dict[str, list[str]]]:
    """For each stage, the shortest history to every stage reachable from it, as data."""
    return {
        start.value: {
            target.value: [e.value for e in history]
            for target in Stage
            if (history := shortest_history(start, target)) is not None
        }
        for start in Stage
    }
