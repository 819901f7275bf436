"""The load test's verdict (tests/load/harness.py, load_problems) names every way a run can go
wrong, so that a clean run means something."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.load.harness import LoadRun, load_problems

pytestmark = pytest.mark.load

CLEAN = LoadRun(
    users=2,
    users_through=2,
    seconds=25.0,
    requests=40,
    failures=0,
    requests_per_s=1.6,
    median_ms=80,
    p95_ms=300,
    errors=[],
    pages=[],
    kudos_attempted=["thanks [run:00001]", "thanks [run:00002]"],
    kudos_accepted=["thanks [run:00001]", "thanks [run:00002]"],
    kudos_refused=[],
)


def stores(**changes: Any) -> dict[str, Any]:
    clean: dict[str, Any] = {
        "stored": {"thanks [run:00001]": 1, "thanks [run:00002]": 1},
        "ledger_duplicates": [],
        "ledger_entries": 12,
        "tasks_unfinished": 0,
        "tasks_failed": [],
        "ledger_missing": 0,
    }
    return clean | changes


def test_a_clean_run_has_no_problems() -> None:
    assert load_problems(CLEAN, stores()) == []


@pytest.mark.parametrize(
    ("run", "found"),
    [
        (replace(CLEAN, users_through=1), "only 1 of 2 users"),
        (
            replace(
                CLEAN, failures=1, errors=[{"request": "GET /me/", "error": "500", "times": 1}]
            ),
            "GET /me/: 500 (1x)",
        ),
        (
            replace(
                CLEAN,
                failures=1,
                errors=[{"request": "GET /team/", "error": "Connection reset", "times": 1}],
            ),
            "Connection reset",
        ),
        (
            replace(CLEAN, kudos_refused=[{"message": "m", "status": 429, "body": "Too many"}]),
            "kudos refused (429)",
        ),
        (replace(CLEAN, kudos_accepted=[], kudos_attempted=[]), "no kudos were accepted"),
    ],
)
def test_what_the_users_saw_go_wrong_is_a_problem(run: LoadRun, found: str) -> None:
    assert any(found in problem for problem in load_problems(run, stores()))


@pytest.mark.parametrize(
    ("stored_then", "found"),
    [
        ({"stored": {"thanks [run:00001]": 1}}, "stored 0 times"),  # lost
        ({"stored": {"thanks [run:00001]": 2, "thanks [run:00002]": 1}}, "stored 2 times"),
        (
            {"stored": {"thanks [run:00001]": 1, "thanks [run:00002]": 1, "unseen [run]": 1}},
            "no one saw accepted",
        ),
        ({"ledger_duplicates": [[1, "kudos_received", 7, 3]]}, "points awarded twice"),
        ({"tasks_failed": ["recognition_sync_task: OperationalError"]}, "task failed"),
        ({"ledger_missing": 2}, "lacks 2 entries"),
    ],
)
def test_what_the_stores_hold_wrong_is_a_problem(stored_then: dict[str, Any], found: str) -> None:
    assert any(found in problem for problem in load_problems(CLEAN, stores(**stored_then)))
