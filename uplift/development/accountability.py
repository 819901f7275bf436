"""Is every manager turning development into a plan per rep? Development's own part of it.

Which reps a manager is accountable for, and each one's plan in progress: its open and overdue
milestones and the movement of its targeted metrics, from the snapshots (see
uplift.development.metrics). The accountability page adds coaching to it
(uplift.presenters.accountability).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from uplift.development.metrics import Movement, monthly_scorecards
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.development.selectors import plan_movements
from uplift.orgs.access import private_people_visible
from uplift.orgs.models import Person, Role


@dataclass(frozen=True)
class PlanProgress:
    """A rep's plan in progress: its milestones still open (of them, those overdue) and the
    movement of each targeted metric."""

    plan: DevelopmentPlan
    open_milestones: int
    overdue: int
    movements: list[Movement]


def reps_accountable(*, viewer: Person) -> list[Person]:
    """The active reps of the viewer's private scope (the viewer left out), by name."""
    return [
        p
        for p in private_people_visible(viewer).order_by("full_name")
        if p.role == Role.REP and p.is_active and p.pk != viewer.pk
    ]


def plans_in_progress(*, reps: list[Person], today: date) -> dict[int, PlanProgress]:
    """Each rep's active plan, by rep id (a rep without one is not in it)."""
    plans = {
        p.rep_id: p
        for p in DevelopmentPlan.objects.filter(
            rep__in=reps, status=DevelopmentPlan.Status.ACTIVE
        ).select_related("rep", "organisation")
    }
    counts: dict[int, dict[str, int]] = {
        row["plan_id"]: {"open": row["open"], "overdue": row["overdue"]}
        for row in Milestone.objects.filter(plan__in=plans.values(), done_on__isnull=True)
        .values("plan_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    # The scorecards are read once for every plan of the organisation, not once per metric.
    monthly = {
        organisation_id: monthly_scorecards(organisation=plan.organisation)
        for organisation_id, plan in {p.organisation_id: p for p in plans.values()}.items()
    }
    return {
        rep_id: PlanProgress(
            plan=plan,
            open_milestones=counts.get(plan.pk, {}).get("open", 0),
            overdue=counts.get(plan.pk, {}).get("overdue", 0),
            movements=plan_movements(plan=plan, monthly=monthly[plan.organisation_id]),
        )
        for rep_id, plan in plans.items()
    }
