"""The limits' refusals, word for word: each names the limit and what to do."""

from __future__ import annotations

import pytest

from jobtrack.limits import rules


def test_a_job_past_the_quota_names_the_limit_and_the_way_out() -> None:
    assert rules.jobs_message(5_000, existing=5_000) == (
        "You track 5,000 jobs, the most one account may keep (5,000); "
        "delete jobs you no longer need to track new ones."
    )


def test_an_import_past_the_quota_says_nothing_was_imported() -> None:
    assert rules.import_jobs_message(5_000, existing=4_990, adding=20) == (
        "This would make 5,010 tracked jobs, over the limit of 5,000 per account "
        "(you have 4,990); nothing was imported. Delete jobs or import fewer."
    )


@pytest.mark.parametrize(("existing", "room"), [(0, True), (99, True), (100, False), (150, False)])
def test_a_job_has_room_below_the_events_limit(existing: int, room: bool) -> None:
    assert rules.events_room(existing, 100) is room


@pytest.mark.parametrize(
    ("retry_after_s", "said"),
    [(1, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (3600, "60 minutes")],
)
def test_the_upload_rate_says_when_to_try_again_in_whole_minutes(
    retry_after_s: int, said: str
) -> None:
    message = rules.upload_rate_message(30, retry_after_s)
    assert message == f"Too many upload URLs: at most 30 an hour per account. Try again in {said}."


def test_the_defaults_are_the_documented_ones() -> None:
    assert rules.default_of("max_jobs_per_user") == 5_000
    assert rules.default_of("max_events_per_job") == 100
    assert rules.default_of("max_upload_urls_per_hour") == 30
