"""Is every manager turning development into a plan per rep, and is it happening?

The manager's view lists their reps; the leader's roll-up sums it per manager. Coaching comes
from `uplift.coaching` when that app is installed (a held session: not cancelled, scheduled in
the past). Metric movement is per plan, from the snapshots (see uplift.development.metrics).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from uplift.development.models import DevelopmentPlan, Milestone
from uplift.development.selectors import plan_movements
from uplift.orgs.access import private_people_visible
from uplift.orgs.models import Person, Role

CADENCE_DAYS = 30  # coaching "on cadence": a session held in the last 30 days


@dataclass(frozen=True)
class Coaching:
    held_on: date
    kind: str


def _coaching_model() -> Any:
    try:
        return apps.get_model("coaching", "CoachingSession")
    except LookupError:
        return None


def last_coaching(*, rep_ids: Iterable[int], today: date) -> dict[int, Coaching]:
    """Each rep's last held coaching session (empty when coaching is not installed)."""
    model = _coaching_model()
    ids = list(rep_ids)
    if model is None or not ids:
        return {}
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    held = (
        model.objects.filter(rep_id__in=ids, scheduled_at__lt=end)
        .exclude(status="cancelled")
        .order_by("rep_id", "-scheduled_at")
    )
    found: dict[int, Coaching] = {}
    for session in held:
        if session.rep_id not in found:
            found[session.rep_id] = Coaching(
                held_on=timezone.localtime(session.scheduled_at).date(),
                kind=session.get_kind_display(),
            )
    return found


@dataclass
class RepLine:
    rep: Person
    plan: DevelopmentPlan | None
    overdue: int
    open_milestones: int
    coaching: Coaching | None
    movements: list[Any]
    today: date

    @property
    def coached_days_ago(self) -> int | None:
        return None if self.coaching is None else (self.today - self.coaching.held_on).days

    @property
    def on_cadence(self) -> bool:
        days = self.coached_days_ago
        return days is not None and days <= CADENCE_DAYS

    @property
    def moved(self) -> bool | None:
        """True when a targeted metric moved toward its target; None without any reading."""
        read = [m for m in self.movements if m.status != "no_data"]
        if not read:
            return None
        return any(m.moved for m in read)


def _reps(viewer: Person) -> list[Person]:
    return [
        p
        for p in private_people_visible(viewer).order_by("full_name")
        if p.role == Role.REP and p.is_active and p.pk != viewer.pk
    ]


def rep_lines(*, reps: list[Person], today: date) -> list[RepLine]:
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
    coaching = last_coaching(rep_ids=[r.pk for r in reps], today=today)
    lines = []
    for rep in reps:
        plan = plans.get(rep.pk)
        count = counts.get(plan.pk, {}) if plan else {}
        lines.append(
            RepLine(
                rep=rep,
                plan=plan,
                overdue=count.get("overdue", 0),
                open_milestones=count.get("open", 0),
                coaching=coaching.get(rep.pk),
                movements=plan_movements(plan=plan) if plan else [],
                today=today,
            )
        )
    return lines


def manager_accountability(*, viewer: Person, today: date) -> list[RepLine]:
    """One line per rep the viewer manages (their private scope)."""
    return rep_lines(reps=_reps(viewer), today=today)


@dataclass
class ManagerRollup:
    manager: Person | None
    lines: list[RepLine] = field(default_factory=list)

    @property
    def reps(self) -> int:
        return len(self.lines)

    @property
    def with_plan(self) -> int:
        return sum(1 for line in self.lines if line.plan)

    @property
    def coverage(self) -> float | None:
        return self.with_plan / self.reps if self.reps else None

    @property
    def overdue(self) -> int:
        return sum(line.overdue for line in self.lines)

    @property
    def on_cadence(self) -> int:
        return sum(1 for line in self.lines if line.on_cadence)

    @property
    def plans_read(self) -> int:
        return sum(1 for line in self.lines if line.plan and line.moved is not None)

    @property
    def plans_moved(self) -> int:
        return sum(1 for line in self.lines if line.plan and line.moved)

    @property
    def moved_share(self) -> float | None:
        return self.plans_moved / self.plans_read if self.plans_read else None


def leader_rollup(*, viewer: Person, today: date) -> tuple[list[ManagerRollup], ManagerRollup]:
    """Per manager (the reps' own manager) across the viewer's part of the organisation, and the
    total."""
    lines = rep_lines(reps=_reps(viewer), today=today)
    groups: dict[int | None, ManagerRollup] = {}
    by_manager: dict[int | None, list[RepLine]] = defaultdict(list)
    for line in lines:
        by_manager[line.rep.manager_id].append(line)
    for manager_id, group in by_manager.items():
        groups[manager_id] = ManagerRollup(manager=group[0].rep.manager, lines=group)
    rollups = sorted(
        groups.values(), key=lambda g: (g.manager is None, str(g.manager or "").casefold())
    )
    return rollups, ManagerRollup(manager=None, lines=lines)
