"""The stage rules, pair by pair, written from the documented rules (docs/api.md) rather than from the code."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from jobtrack.tracking.stages import (
    FIRST_ROUND,
    EventType,
    Stage,
    allowed_next,
    history_table,
    is_locked,
    locked_message,
    lowest_free_round,
    next_round,
    round_error,
    shortest_history,
    stage_after,
    transition_error,
    transition_table,
)

E = EventType
S = Stage

# The rules of docs/api.md ("Stages"), spelled out: which event types may follow each stage.
EXPECTED: dict[Stage, set[EventType]] = {
    S.saved: {E.applied, E.screening, E.interview, E.reference, E.offer, E.rejected},
    S.applied: {E.screening, E.interview, E.reference, E.offer, E.rejected, E.withdrawn},
    S.screening: {E.interview, E.reference, E.offer, E.rejected, E.withdrawn},
    S.interview: {E.interview, E.reference, E.offer, E.rejected, E.withdrawn},
    S.reference: {E.offer, E.rejected, E.withdrawn},
    S.offer: {E.accepted, E.declined, E.rejected, E.withdrawn},
    S.accepted: set(),
    S.declined: set(),
    S.rejected: set(),
    S.withdrawn: set(),
}

PAIRS = [(stage, event) for stage in Stage for event in EventType]


@pytest.mark.parametrize(("current", "event_type"), PAIRS, ids=[f"{s}->{e}" for s, e in PAIRS])
def test_every_pair(current: Stage, event_type: EventType) -> None:
    reason = transition_error(current, event_type)
    if event_type in EXPECTED[current]:
        assert reason is None
    else:
        assert reason is not None
        assert len(reason) > 20  # a sentence a person can act on, not a code


def test_rejected_message_says_how_to_undo() -> None:
    assert "undo" in (transition_error(S.rejected, E.applied) or "")


def test_withdrawn_message_says_how_to_undo() -> None:
    reason = transition_error(S.withdrawn, E.interview) or ""
    assert "This job is withdrawn; delete the withdrawal event to undo it" in reason


def test_a_saved_job_cannot_be_withdrawn_and_the_message_says_why() -> None:
    assert "Record the application before withdrawing" in (
        transition_error(S.saved, E.withdrawn) or ""
    )


def test_rejected_and_withdrawn_lock_the_job_and_say_how_to_undo() -> None:
    assert [s for s in Stage if is_locked(s)] == [S.rejected, S.withdrawn]
    assert locked_message(S.rejected) == (
        "This job is rejected, so it cannot be changed; delete the rejection event to undo it."
    )
    assert locked_message(S.withdrawn) == (
        "This job is withdrawn, so it cannot be changed; delete the withdrawal event to undo it."
    )
    assert "undo" in locked_message(None)


def test_backwards_message_says_how_to_go_back() -> None:
    assert "delete the latest event" in (transition_error(S.offer, E.applied) or "")


def test_accept_needs_offer_message() -> None:
    assert "offer" in (transition_error(S.interview, E.accepted) or "")


def test_transition_table_is_the_rule() -> None:
    table = transition_table()
    assert set(table) == {s.value for s in Stage}
    for stage in Stage:
        assert set(table[stage.value]) == {e.value for e in EXPECTED[stage]}
        assert table[stage.value] == [e.value for e in allowed_next(stage)]


def test_stage_after() -> None:
    assert stage_after([]) is S.saved
    assert stage_after([E.applied, E.interview]) is S.interview
    assert stage_after(["applied", "rejected"]) is S.rejected


class StageMachine(RuleBasedStateMachine):
    """Create / delete-latest / reject / withdraw / undo: the stage is always the latest event's type."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[EventType] = []

    @property
    def stage(self) -> Stage:
        return stage_after(self.events)

    @rule(event_type=st.sampled_from(list(EventType)))
    def add(self, event_type: EventType) -> None:
        if transition_error(self.stage, event_type) is not None:
            return  # refused (the API answers 409): nothing is recorded
        self.events.append(event_type)

    @precondition(lambda self: self.stage not in (S.rejected, S.withdrawn, S.accepted, S.declined))
    @rule()
    def reject(self) -> None:
        assert transition_error(self.stage, E.rejected) is None
        self.events.append(E.rejected)

    @precondition(
        lambda self: self.stage in (S.applied, S.screening, S.interview, S.reference, S.offer)
    )
    @rule()
    def withdraw(self) -> None:
        assert transition_error(self.stage, E.withdrawn) is None
        self.events.append(E.withdrawn)

    @precondition(lambda self: bool(self.events))
    @rule()
    def delete_latest(self) -> None:
        self.events.pop()

    @invariant()
    def stage_is_latest_event(self) -> None:
        expected = Stage(self.events[-1]) if self.events else S.saved
        assert self.stage is expected

    @invariant()
    def history_is_valid(self) -> None:
        replay: list[EventType] = []
        for event in self.events:
            assert transition_error(stage_after(replay), event) is None
            replay.append(event)
        ended = [e for e in self.events if e in (E.rejected, E.withdrawn)]
        assert len(ended) <= 1
        if ended:
            assert self.events[-1] is ended[0]


TestStageMachine = StageMachine.TestCase
TestStageMachine.settings = hsettings(max_examples=200, stateful_step_count=30, deadline=None)


def test_a_round_the_job_already_has_is_refused_with_its_number() -> None:
    assert round_error(2, {1, 3}) is None
    reason = round_error(3, {1, 3})
    assert reason is not None
    assert "already has interview round 3; use round 2, or leave it empty" in reason


def test_the_round_hint_names_the_lowest_free_round_and_no_empty_field_when_editing() -> None:
    # Rounds 1, 2, 3; round 2 edited to 1: its own round 2 is free again, not 4.
    assert round_error(1, {1, 3}, editing=True) == (
        "This job already has interview round 1; use round 2."
    )
    assert lowest_free_round({1, 2}) == 3
    assert lowest_free_round({2, 3}) == 1
    assert lowest_free_round(set()) == FIRST_ROUND


def test_the_next_round_is_one_after_the_highest() -> None:
    assert next_round(set()) == 1
    assert next_round({1, 2}) == 3
    assert next_round({3, 1}) == 4


def test_the_first_round_is_first_round() -> None:
    assert next_round(set()) == FIRST_ROUND


# --- shortest histories (what the page's CSV import builds each job's events from) ----------------


def _replayed(start: Stage, events: tuple[EventType, ...]) -> Stage | None:
    """The stage `events` bring a job at `start` to, or None when the rule refuses one of them."""
    stage = start
    for event_type in events:
        if transition_error(stage, event_type) is not None:
            return None
        stage = Stage(event_type.value)
    return stage


def _legal_histories(start: Stage, length: int) -> list[tuple[EventType, ...]]:
    return [
        events
        for events in itertools.product(EventType, repeat=length)
        if _replayed(start, events) is not None
    ]


# Every history that exists is at most this long (offer, then its outcome, from the start).
LONGEST = 3
STAGE_PAIRS = list(itertools.product(Stage, Stage))


@pytest.mark.parametrize(
    ("start", "target"), STAGE_PAIRS, ids=[f"{a}->{b}" for a, b in STAGE_PAIRS]
)
def test_a_shortest_history_is_legal_and_none_is_shorter(start: Stage, target: Stage) -> None:
    history = shortest_history(start, target)
    shorter_or_equal = [
        events
        for length in range(LONGEST + 1)
        for events in _legal_histories(start, length)
        if _replayed(start, events) is target
    ]
    if history is None:
        assert shorter_or_equal == []
        return
    assert _replayed(start, history) is target
    assert min(len(events) for events in shorter_or_equal) == len(history)
    assert history == min(
        (events for events in shorter_or_equal if len(events) == len(history)),
        key=lambda events: [list(EventType).index(e) for e in events],
    ), "among equally short histories, the first in stage order"


def test_a_job_at_a_stage_needs_no_event_to_be_there() -> None:
    for stage in Stage:
        assert shortest_history(stage, stage) == ()


def test_the_history_table_is_shortest_history_as_data() -> None:
    table = history_table()
    assert list(table) == [s.value for s in Stage]
    for start, target in STAGE_PAIRS:
        history = shortest_history(start, target)
        if history is None:
            assert target.value not in table[start.value]
        else:
            assert table[start.value][target.value] == [e.value for e in history]
