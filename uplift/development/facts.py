"""What development plans say, as small typed facts for the packages above it.

The home pages' to-do lists read milestones and check-ins through these functions, never
through development's models: what counts as a milestone due or a check-in due is decided here,
once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max

from uplift.development.models import DevelopmentPlan, Milestone

CHECK_IN_EVERY_DAYS = 30  # a plan in progress gets a check-in at least once a month


@dataclass(frozen=True)
class MilestoneOpen:
    """A milestone not done yet on a rep's plan in progress."""

    milestone_id: int
    plan_id: int
    rep_id: int
    rep_name: str
    title: str
    due_on: date


def milestones_open(*, rep_ids: Iterable[int], due_by: date) -> list[MilestoneOpen]:
    """The open milestones of the reps' plans in progress due on or before `due_by` (overdue
    ones included), soonest due first."""
    milestones = (
        Milestone.objects.filter(
            plan__rep_id__in=list(rep_ids),
            plan__status=DevelopmentPlan.Status.ACTIVE,
            done_on__isnull=True,
            due_on__lte=due_by,
        )
        .select_related("plan__rep")
        .order_by("due_on", "pk")
    )
    return [
        MilestoneOpen(
            milestone_id=m.pk,
            plan_id=m.plan_id,
            rep_id=m.plan.rep_id,
            rep_name=m.plan.rep.full_name,
            title=m.title,
            due_on=m.due_on,
        )
        for m in milestones
    ]


@dataclass(frozen=True)
class CheckInDue:
    """A plan in progress and when its next check-in falls: `CHECK_IN_EVERY_DAYS` after the last
    one, or after the plan started when it has had none."""

    plan_id: int
    rep_id: int
    rep_name: str
    last_check_in: date | None
    due_on: date


def check_ins_due(*, rep_ids: Iterable[int], due_by: date) -> list[CheckInDue]:
    """The reps' plans in progress whose next check-in falls on or before `due_by`, soonest
    first (a check-in logged takes the plan off until the next one falls)."""
    plans = (
        DevelopmentPlan.objects.filter(
            rep_id__in=list(rep_ids), status=DevelopmentPlan.Status.ACTIVE
        )
        .select_related("rep")
        .annotate(last_check_in=Max("check_ins__held_on"))
    )
    found = []
    for plan in plans:
        last: date | None = plan.last_check_in
        due_on = (last or plan.started_on) + timedelta(days=CHECK_IN_EVERY_DAYS)
        if due_on <= due_by:
            found.append(
                CheckInDue(
                    plan_id=plan.pk,
                    rep_id=plan.rep_id,
                    rep_name=plan.rep.full_name,
                    last_check_in=last,
                    due_on=due_on,
                )
            )
    return sorted(found, key=lambda c: (c.due_on, c.plan_id))
