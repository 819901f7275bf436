"""Is every manager turning development into a plan per rep, and is it happening?

The manager's view lists their reps; the leader's roll-up sums it per manager. Each line joins the
rep's plan in progress (uplift.development.accountability) with their last coaching session
(uplift.coaching.facts: not cancelled, scheduled up to today). Metric movement is per plan, from
the snapshots (see uplift.development.metrics).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from uplift.coaching.facts import Coaching, last_coaching
from uplift.development.accountability import plans_in_progress, reps_accountable
from uplift.development.metrics import Movement
from uplift.development.models import DevelopmentPlan
from uplift.orgs.models import Person

CADENCE_DAYS = 30  # coaching "on cadence": a session held in the last 30 days


@dataclass
class RepLine:
    rep: Person
    plan: DevelopmentPlan | None
    overdue: int
    open_milestones: int
    coaching: Coaching | None
    movements: list[Movement]
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


def rep_lines(*, reps: list[Person], today: date) -> list[RepLine]:
    plans = plans_in_progress(reps=reps, today=today)
    coaching = last_coaching(rep_ids=[r.pk for r in reps], today=today)
    lines = []
    for rep in reps:
        progress = plans.get(rep.pk)
        lines.append(
            RepLine(
                rep=rep,
                plan=progress.plan if progress else None,
                overdue=progress.overdue if progress else 0,
                open_milestones=progress.open_milestones if progress else 0,
                coaching=coaching.get(rep.pk),
                movements=progress.movements if progress else [],
                today=today,
            )
        )
    return lines


def manager_accountability(*, viewer: Person, today: date) -> list[RepLine]:
    """One line per rep the viewer manages (their private scope)."""
    return rep_lines(reps=reps_accountable(viewer=viewer), today=today)


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
    lines = rep_lines(reps=reps_accountable(viewer=viewer), today=today)
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
