"""Assessments, plans, milestones, check-ins and comments through the services; who may do what."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.conftest import World
from tests.development.helpers import analysis_store, month_row
from tests.stored_snapshots import scorecards_document
from uplift.development import access as dev_access
from uplift.development.models import Competency, DevelopmentPlan
from uplift.development.selectors import assessment_comparison, assessment_history
from uplift.development.services import (
    DevelopmentError,
    PlanInput,
    check_in_create,
    competency_update,
    plan_close,
    plan_comment_create,
    plan_create,
)
from uplift.practices.models import Adoption, Practice

pytestmark = pytest.mark.django_db


def test_an_assessment_must_rate_every_competency(
    world: World, framework: dict[str, Competency]
) -> None:
    from uplift.development.services import assessment_create

    partial = {framework["closing"].pk: (3, "")}
    with pytest.raises(DevelopmentError, match="missing"):
        assessment_create(
            subject=world.ann,
            rater=world.mia,
            kind="manager",
            assessed_on=date(2026, 10, 1),
            ratings=partial,
        )
    bad = {c.pk: (6, "") for c in framework.values()}
    with pytest.raises(DevelopmentError, match="1 to 5"):
        assessment_create(
            subject=world.ann,
            rater=world.mia,
            kind="manager",
            assessed_on=date(2026, 10, 1),
            ratings=bad,
        )


def test_a_self_assessment_is_by_the_rep(world: World, rate: Any) -> None:
    with pytest.raises(DevelopmentError, match="self"):
        rate(world.ann, world.mia, "self", {})
    with pytest.raises(DevelopmentError, match="manager"):
        rate(world.ann, world.ann, "manager", {})


def test_comparison_shows_where_the_rep_rates_themself_higher_or_lower(
    world: World, rate: Any
) -> None:
    rate(world.ann, world.mia, "manager", {"discovery": 2, "closing": 4}, on=date(2026, 6, 1))
    rate(world.ann, world.mia, "manager", {"discovery": 2, "closing": 4})
    rate(world.ann, world.ann, "self", {"discovery": 4, "closing": 3})
    rows = {r.competency.slug: r for r in assessment_comparison(subject=world.ann).rows}
    assert (rows["discovery"].manager, rows["discovery"].self_rating, rows["discovery"].gap) == (
        2,
        4,
        2,
    )
    assert rows["discovery"].reading == "rates themself 2 levels higher"
    assert rows["closing"].reading == "rates themself 1 level lower"
    assert rows["prospecting"].reading == "agree"


def test_history_has_a_column_per_month_and_a_series_per_kind(world: World, rate: Any) -> None:
    rate(world.ann, world.mia, "manager", {"discovery": 2}, on=date(2026, 6, 3))
    rate(world.ann, world.ann, "self", {"discovery": 4}, on=date(2026, 6, 20))
    rate(world.ann, world.mia, "manager", {"discovery": 3}, on=date(2026, 9, 2))
    discovery = next(
        h for h in assessment_history(subject=world.ann) if h.competency.slug == "discovery"
    )
    assert discovery.chart["labels"] == ["Jun 2026", "Sep 2026"]
    series = {s["label"]: s["values"] for s in discovery.chart["series"]}
    assert series == {"Manager": [2, 3], "Self": [4, None]}


def test_competency_update_keeps_the_slug_and_needs_five_levels(
    framework: dict[str, Competency],
) -> None:
    closing = framework["closing"]
    competency_update(
        competency=closing, name="Closing deals", description="", levels=list("abcde")
    )
    closing.refresh_from_db()
    assert (closing.slug, closing.name, closing.levels) == (
        "closing",
        "Closing deals",
        list("abcde"),
    )
    with pytest.raises(DevelopmentError, match="five levels"):
        competency_update(competency=closing, name="Closing", description="", levels=["a", "b"])


def _approved(world: World, title: str = "Discovery call agenda") -> Practice:
    return Practice.objects.create(organisation=world.org, title=title, status="approved")


def test_a_plan_reads_its_baselines_and_plans_the_adoptions(
    world: World, framework: dict[str, Competency]
) -> None:
    months = (("2026-05", 1, 5, 10), ("2026-06", 2, 5, 5), ("2026-07", 1, 2, 6))
    monthly = [
        month_row(world.ann.email, m, deals_won=w, deals_closed=c, meetings=mt)
        for m, w, c, mt in months
    ]
    analysis_store(
        organisation=world.org,
        as_of=date(2026, 9, 30),
        parts={"scorecards": scorecards_document(monthly=monthly)},
    )
    practice = _approved(world)
    plan = plan_create(
        rep=world.ann,
        manager=world.mia,
        data=PlanInput(
            goal="Better discovery",
            started_on=date(2026, 8, 5),
            competency_ids=[framework["discovery"].pk],
            practice_ids=[practice.pk],
            behaviour_metric="meetings_per_opportunity",
            behaviour_target=2.5,
            outcome_metric="win_rate",
            outcome_target=0.4,
        ),
    )
    assert plan.outcome_baseline == pytest.approx(4 / 12)
    assert plan.behaviour_baseline == pytest.approx(21 / 12)
    assert plan.baseline_as_of == date(2026, 9, 30)
    adoption = Adoption.objects.get(person=world.ann, practice=practice)
    assert (adoption.stage, adoption.planned_on) == ("planned", date(2026, 8, 5))


def test_plan_input_is_checked(world: World, framework: dict[str, Competency]) -> None:
    draft = Practice.objects.create(organisation=world.org, title="Draft idea", status="draft")
    start = date(2026, 8, 1)
    cases = [
        (PlanInput(goal=" ", started_on=start), "goal"),
        (PlanInput(goal="g", started_on=start, target_on=start - timedelta(days=1)), "target date"),
        (PlanInput(goal="g", started_on=start, practice_ids=[draft.pk]), "approved"),
        (PlanInput(goal="g", started_on=start, outcome_metric="happiness"), "Unknown outcome"),
        (PlanInput(goal="g", started_on=start, outcome_target=float("nan")), "numbers"),
    ]
    for data, message in cases:
        with pytest.raises(DevelopmentError, match=message):
            plan_create(rep=world.ann, manager=world.mia, data=data)
    other = competency_framework_other(world)
    data = PlanInput(goal="g", started_on=start, competency_ids=[other.pk])
    with pytest.raises(DevelopmentError, match="framework"):
        plan_create(rep=world.ann, manager=world.mia, data=data)


def competency_framework_other(world: World) -> Competency:
    from uplift.development.services import competency_framework_ensure

    return competency_framework_ensure(organisation=world.other_org)[0]


def test_one_active_plan_per_rep_until_it_is_closed(world: World) -> None:
    data = PlanInput(goal="Better discovery", started_on=date(2026, 8, 1))
    plan = plan_create(rep=world.ann, manager=world.mia, data=data)
    with pytest.raises(DevelopmentError, match="already has an active plan"):
        plan_create(rep=world.ann, manager=world.mia, data=data)
    plan_close(plan=plan, status="completed", closed_on=date(2026, 11, 1))
    assert plan_create(rep=world.ann, manager=world.mia, data=data).status == "active"
    assert DevelopmentPlan.objects.filter(rep=world.ann).count() == 2


def test_check_ins_and_comments_need_text(world: World) -> None:
    plan = plan_create(
        rep=world.ann, manager=world.mia, data=PlanInput(goal="g", started_on=date(2026, 8, 1))
    )
    with pytest.raises(DevelopmentError):
        check_in_create(plan=plan, author=world.mia, held_on=date(2026, 9, 1), notes="  ")
    with pytest.raises(DevelopmentError, match="held"):
        check_in_create(
            plan=plan, author=world.mia, notes="x", held_on=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(DevelopmentError):
        plan_comment_create(plan=plan, author=world.ann, body="")
    assert plan_comment_create(plan=plan, author=world.ann, body=" Thanks ").body == "Thanks"


def test_who_may_read_change_and_comment_on_a_plan(world: World) -> None:
    plan = plan_create(
        rep=world.ann, manager=world.mia, data=PlanInput(goal="g", started_on=date(2026, 8, 1))
    )
    for reader in (world.ann, world.mia, world.lea, world.lou):
        assert dev_access.access_plan(reader, plan.pk) == plan
    for outsider in (world.art, world.max, world.gus, world.ada, world.olga, world.otto):
        with pytest.raises(Http404):
            dev_access.access_plan(outsider, plan.pk)
    assert dev_access.access_plan_for_edit(world.mia, plan.pk) == plan
    for reader in (world.ann, world.lou, world.lea):
        with pytest.raises(PermissionDenied):
            dev_access.access_plan_for_edit(reader, plan.pk)
    assert dev_access.access_plan_for_comment(world.ann, plan.pk) == plan
    with pytest.raises(PermissionDenied):
        dev_access.access_plan_for_comment(world.lou, plan.pk)
