"""The demo holds together in time: every record that cites, follows or decides on another is
dated on or after it (a debrief never cites an analysis made after it, a decision never cites
evidence from after it, a kudos never thanks for a session still to come)."""

from __future__ import annotations

import pytest

from tests.demo.date_order import date_order_problems
from uplift.demo.steps import demo_run

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_after_relation_of_the_demo_runs_forward_in_time() -> None:
    state = demo_run(seed=7)
    assert state.organisation is not None
    problems = date_order_problems(organisation=state.organisation)
    assert problems == [], "\n".join(problems[:40])
