"""The development accountability tables: a manager's reps (a plan or not, overdue milestones,
the last coaching session, whether the targets moved) and the leader's roll-up by manager
(declared once; the pages and their downloads draw them)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from uplift.development.metrics import Movement
from uplift.presenters.accountability import ManagerRollup, RepLine
from uplift.web.tables import Column, Priority, Table, day_text

STATUS_WORDS = {
    "moved": "moved",
    "moved_away": "moved away",
    "not_yet": "not yet",
    "no_data": "no reading",
}


def _movements(movements: list[Movement]) -> str | None:
    words = [f"{m.label}: {STATUS_WORDS.get(m.status, m.status)}" for m in movements]
    return "; ".join(words) or None


def _plan_text(line: RepLine) -> str:
    if line.plan is None:
        return "no plan"
    return f"since {day_text(line.plan.started_on)}, {line.open_milestones} open milestone(s)"


def _team(line: RepLine) -> str:
    return line.rep.team.name if line.rep.team else ""


def reps_table(cadence_days: int) -> Table[RepLine]:
    """Reps without a plan first, then the oldest plans."""
    return Table(
        name="accountability-table",
        caption="Your reps: plan, overdue milestones, last coaching and targets",
        columns=(
            Column(
                "rep",
                "Rep",
                lambda r: r.rep.full_name,
                cell="development/_cell_rep.html",
            ),
            Column("team", "Team", lambda r: _team(r) or None, shown=False),
            Column(
                "plan",
                "Plan",
                lambda r: r.plan.started_on if r.plan else None,
                text=_plan_text,
                sort=lambda r: (r.plan is not None, r.plan.started_on if r.plan else date.min),
                cell="development/_cell_plan.html",
                export_label="Plan started",
            ),
            Column(
                "milestones",
                "Open milestones",
                lambda r: r.open_milestones if r.plan else None,
                shown=False,
            ),
            Column(
                "overdue",
                "Overdue",
                lambda r: r.overdue,
                numeric=True,
                priority=Priority.TABLET,
            ),
            Column(
                "coaching",
                "Last coaching",
                lambda r: r.coaching.held_on if r.coaching else None,
                text=lambda r: (
                    f"{day_text(r.coaching.held_on)} ({r.coaching.kind})"
                    if r.coaching
                    else "none recorded"
                ),
                sort=lambda r: r.coaching.held_on if r.coaching else date.min,
                cell="development/_cell_coaching.html",
                priority=Priority.TABLET,
            ),
            Column(
                "on_cadence",
                f"Coached in the last {cadence_days} days",
                lambda r: "yes" if r.on_cadence else "no",
                shown=False,
            ),
            Column(
                "targets",
                "Targets since the start",
                lambda r: _movements(r.movements),
                text=lambda r: _movements(r.movements) or "\u2014",
                sortable=False,
                cell="development/_cell_targets.html",
                priority=Priority.DESKTOP,
            ),
            Column(
                "actions",
                "Actions",
                lambda _: None,
                sortable=False,
                export=False,
                fold=False,
                cell="development/_cell_rep_actions.html",
            ),
        ),
        default_sort="plan",
        search=lambda r: f"{r.rep.full_name} {_team(r)}",
        search_label="Find a rep or a team",
        row_attrs=lambda r: {"data-rep": str(r.rep.pk)},
        empty="No reps report to you yet.",
        download="development_accountability_download",
    )


def _manager_name(group: ManagerRollup) -> str:
    return group.manager.full_name if group.manager else "No manager"


def rollup_table(cadence_days: int) -> Table[ManagerRollup]:
    """Managers with the lowest plan coverage first."""
    return Table(
        name="rollup-table",
        caption="Development by manager",
        columns=(
            Column(
                "manager",
                "Manager",
                _manager_name,
                link=lambda g: (
                    f"{reverse('development_accountability')}?manager={g.manager.pk}"
                    if g.manager
                    else None
                ),
                cell="development/_cell_manager.html",
            ),
            Column("reps", "Reps", lambda g: g.reps, numeric=True, priority=Priority.TABLET),
            Column(
                "with_plan",
                "With a plan",
                lambda g: g.with_plan,
                text=lambda g: (
                    f"{g.with_plan}"
                    + (f" ({round(g.coverage * 100)}%)" if g.coverage is not None else "")
                ),
                sort=lambda g: g.coverage,
                numeric=True,
                first_descending=False,
            ),
            Column(
                "coverage",
                "Plan coverage",
                lambda g: g.coverage,
                shown=False,
            ),
            Column(
                "overdue",
                "Overdue milestones",
                lambda g: g.overdue,
                numeric=True,
                priority=Priority.TABLET,
            ),
            Column(
                "on_cadence",
                f"Coached in {cadence_days} d",
                lambda g: g.on_cadence,
                numeric=True,
                priority=Priority.DESKTOP,
            ),
            Column(
                "moved",
                "Plans that moved a target",
                lambda g: g.plans_moved if g.plans_read else None,
                text=lambda g: (
                    f"{g.plans_moved} of {g.plans_read}" if g.plans_read else "no reading"
                ),
                sort=lambda g: g.moved_share,
                numeric=True,
                priority=Priority.DESKTOP,
            ),
            Column(
                "read",
                "Plans with a reading",
                lambda g: g.plans_read,
                shown=False,
            ),
        ),
        default_sort="with_plan",
        search=_manager_name,
        search_label="Find a manager",
        row_attrs=lambda g: {"data-manager": str(g.manager.pk) if g.manager else "none"},
        empty="No reps in your part of the organisation yet.",
        download="development_rollup_download",
    )
