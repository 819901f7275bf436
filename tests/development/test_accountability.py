"""The manager's accountability lines and the leader's roll-up, with the reps' last coaching."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.development.helpers import analysis_store, month_row
from tests.stored_snapshots import scorecards_document
from uplift.coaching.models import CoachingSession
from uplift.development.services import PlanInput, milestone_create, milestone_set_done, plan_create
from uplift.presenters.accountability import leader_rollup, manager_accountability

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
Status = CoachingSession.Status


def _plan(world: World, rep, manager, **extra):  # type: ignore[no-untyped-def]
    return plan_create(
        rep=rep, manager=manager, data=PlanInput(goal="g", started_on=date(2026, 7, 10), **extra)
    )


def test_manager_lines_count_plans_and_overdue_milestones(world: World) -> None:
    plan = _plan(world, world.ann, world.mia)
    milestone_create(plan=plan, title="late", due_on=TODAY - timedelta(days=3), created_by=None)
    milestone_create(plan=plan, title="due today", due_on=TODAY, created_by=None)
    done = milestone_create(
        plan=plan, title="done", due_on=TODAY - timedelta(days=9), created_by=None
    )
    milestone_set_done(milestone=done, done_on=TODAY - timedelta(days=10))
    lines = {
        line.rep.full_name: line for line in manager_accountability(viewer=world.mia, today=TODAY)
    }
    assert set(lines) == {"Ann Test", "Art Test"}
    assert (lines["Ann Test"].overdue, lines["Ann Test"].open_milestones) == (1, 2)
    assert lines["Art Test"].plan is None


def test_rollup_groups_by_manager_and_shares_moved_plans(world: World) -> None:
    email = world.ann.email
    wins = (("2026-04", 2), ("2026-05", 2), ("2026-06", 2), ("2026-08", 4), ("2026-09", 4))
    monthly = [month_row(email, m, deals_won=w, deals_closed=10) for m, w in wins]
    monthly += [
        month_row(world.bob.email, m, deals_won=2, deals_closed=10)
        for m in ("2026-04", "2026-05", "2026-06", "2026-08", "2026-09")
    ]
    analysis_store(
        organisation=world.org,
        as_of=date(2026, 9, 30),
        parts={"scorecards": scorecards_document(monthly=monthly)},
    )
    _plan(world, world.ann, world.mia, outcome_metric="win_rate", outcome_target=0.3)
    _plan(world, world.bob, world.max, outcome_metric="win_rate", outcome_target=0.3)
    groups, total = leader_rollup(viewer=world.lou, today=TODAY)
    by_name = {str(g.manager): g for g in groups}
    assert set(by_name) == {"Mia Test", "Max Test", "Gus Test"}
    assert (by_name["Mia Test"].reps, by_name["Mia Test"].with_plan) == (2, 1)
    assert (by_name["Mia Test"].plans_moved, by_name["Max Test"].plans_moved) == (1, 0)
    assert (total.reps, total.with_plan, total.plans_read, total.plans_moved) == (4, 2, 2, 1)
    assert total.coverage == pytest.approx(0.5)
    assert total.moved_share == pytest.approx(0.5)
    regional, _ = leader_rollup(viewer=world.lea, today=TODAY)
    assert {str(g.manager) for g in regional} == {"Mia Test", "Max Test"}


def test_last_coaching_comes_from_the_coaching_log(world: World) -> None:
    def session(days_ago: int, status: str) -> None:
        at = timezone.make_aware(
            datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())
        )
        CoachingSession.objects.create(
            organisation=world.org,
            rep=world.ann,
            coach=world.mia,
            kind=CoachingSession.Kind.ONE_ON_ONE,
            scheduled_at=at,
            status=status,
        )

    session(40, Status.DONE)
    session(12, Status.DONE)
    session(2, Status.CANCELLED)
    session(-5, Status.PLANNED)  # in the future
    lines = {
        line.rep.full_name: line for line in manager_accountability(viewer=world.mia, today=TODAY)
    }
    ann = lines["Ann Test"]
    assert ann.coaching is not None
    assert ann.coaching.held_on == TODAY - timedelta(days=12)
    assert ann.coached_days_ago == 12
    assert ann.on_cadence
    assert lines["Art Test"].coaching is None


def test_the_leaders_rollup_reads_the_scorecards_once_whatever_the_number_of_plans(
    world: World, login, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    reps = [world.ann, world.art, world.bob]
    monthly = [
        month_row(rep.email, m, deals_won=3, deals_closed=10)
        for rep in reps
        for m in ("2026-04", "2026-05", "2026-06", "2026-08", "2026-09")
    ]
    analysis_store(
        organisation=world.org,
        as_of=date(2026, 9, 30),
        parts={"scorecards": scorecards_document(monthly=monthly)},
    )
    client = login(world.lou)
    metrics = {"outcome_metric": "win_rate", "outcome_target": 0.4}
    _plan(world, world.ann, world.mia, **metrics)
    client.get("/development/leader/")  # the session and the documents, read once
    with django_assert_max_num_queries(30) as one_plan:
        assert client.get("/development/leader/").status_code == 200
    _plan(world, world.art, world.mia, behaviour_metric="meetings_per_opportunity", **metrics)
    _plan(world, world.bob, world.max, **metrics)
    with django_assert_max_num_queries(30) as three_plans:
        page = client.get("/development/leader/")
    assert page.status_code == 200
    assert len(three_plans.captured_queries) == len(one_plan.captured_queries)
