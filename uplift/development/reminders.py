"""Reminders about overdue milestones, to the rep and the plan's manager (notifications, e-mailed
as each of them chose).

`reminders_send(today=...)` is idempotent: a milestone gets at most one reminder a day (a
`MilestoneReminder` row per milestone and day, written in the same transaction as the sending).
The worker's periodic pass queues the day's run once per organisation (uplift.orgs.daily), whether
or not anyone opens a page; the run itself can happen any number of times.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from uplift.development.models import DevelopmentPlan, Milestone, MilestoneReminder
from uplift.notifications.kinds import Kind
from uplift.notifications.services import notify
from uplift.orgs.daily import daily_work
from uplift.orgs.models import Organisation

logger = logging.getLogger(__name__)

MILESTONE_REMINDERS = "milestone_reminders"


@dataclass(frozen=True)
class _Reminder:
    text: str
    body: str
    link: str


def _reminder(plan: DevelopmentPlan, milestones: list[Milestone], today: date) -> _Reminder:
    rep = plan.rep
    lines = [
        f"- {m.title} (due {m.due_on:%d %b %Y}, {(today - m.due_on).days} days ago)"
        for m in milestones
    ]
    noun = "milestone is" if len(milestones) == 1 else "milestones are"
    body = "\n".join(
        [
            f"On {rep.full_name}'s development plan, {len(milestones)} {noun} overdue:",
            "",
            *lines,
            "",
            "Mark them done, or agree a new date at your next check-in.",
        ]
    )
    return _Reminder(
        text=f"Overdue on {rep.full_name}'s development plan: {milestones[0].title}"
        + (f" and {len(milestones) - 1} more" if len(milestones) > 1 else ""),
        body=body,
        link=reverse("development_plan", args=[plan.pk]),
    )


def reminders_send(*, today: date, organisation: Organisation | None = None) -> int:
    """Notify the rep and manager of every active plan with milestones overdue on `today` that
    were not reminded today yet (each gets it by e-mail as they chose: straight away by
    default). Returns the number of plans reminded."""
    overdue = (
        Milestone.objects.filter(
            done_on__isnull=True, due_on__lt=today, plan__status=DevelopmentPlan.Status.ACTIVE
        )
        .exclude(reminders__sent_on=today)
        .select_related("plan", "plan__rep", "plan__manager")
        .order_by("plan_id", "due_on")
    )
    if organisation is not None:
        overdue = overdue.filter(plan__organisation=organisation)
    by_plan: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in overdue:
        by_plan[milestone.plan_id].append(milestone)
    sent = 0
    for milestones in by_plan.values():
        plan = milestones[0].plan
        reminder = _reminder(plan, milestones, today)
        people = [plan.rep] + ([plan.manager] if plan.manager else [])
        try:
            with transaction.atomic():
                MilestoneReminder.objects.bulk_create(
                    MilestoneReminder(
                        milestone=m, sent_on=today, recipients=[p.email for p in people]
                    )
                    for m in milestones
                )
                for person in people:
                    notify(
                        recipient=person,
                        kind=Kind.MILESTONE_OVERDUE,
                        text=reminder.text,
                        body=reminder.body,
                        link=reminder.link,
                        key=f"milestones:{plan.pk}:{today.isoformat()}",
                    )
        except IntegrityError:  # another delivery of the task reminded these first
            continue
        sent += 1
    return sent


@daily_work(MILESTONE_REMINDERS, title="Overdue milestone reminders")
def reminders_send_daily(organisation: Organisation, day: date) -> dict[str, Any]:
    return {"plans_reminded": reminders_send(today=day, organisation=organisation)}
