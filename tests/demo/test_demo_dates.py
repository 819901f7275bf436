"""The demo holds together in time: every record that cites, follows or decides on another is
dated on or after it (a debrief never cites an analysis made after it, a decision never cites
evidence from after it, a kudos never thanks for a session still to come), and its history stays
current on whatever day it is set up: a manager opens a to-do list with a few things late and most
still ahead."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.demo.date_order import date_order_problems
from uplift.demo.steps import demo_run
from uplift.orgs.models import Person
from uplift.presenters.worklist_leader import leader_facts, leader_worklist
from uplift.presenters.worklist_manager import manager_facts, manager_worklist

pytestmark = pytest.mark.django_db(transaction=True)
HANDFUL = 5  # overdue items a demo manager's to-do list may open with


def test_every_after_relation_of_the_demo_runs_forward_in_time() -> None:
    state = demo_run(seed=7)
    assert state.organisation is not None
    problems = date_order_problems(organisation=state.organisation)
    assert problems == [], "\n".join(problems[:40])

    # The same demo, read as each demo manager reads their home page on the day it was set up:
    # a handful late at most; the demo rep's manager, whom the newcomer signs in as first, has
    # more still ahead than late.
    today = timezone.localdate()
    managers = [login.email for login in state.logins if login.home == "/team/"]
    assert managers
    for email in managers:
        late, ahead = _late_and_ahead(Person.objects.get(email=email), today)
        assert len(late) <= HANDFUL, f"{email}: {len(late)} overdue: " + "; ".join(late)
    rep = Person.objects.get(email=next(x.email for x in state.logins if x.home == "/me/"))
    assert rep.manager is not None
    late, ahead = _late_and_ahead(rep.manager, today)
    assert len(ahead) > len(late), "more overdue than ahead: " + "; ".join(late)

    # The cards still in review were sent days ago: their sponsor's review is not yet late.
    leader = Person.objects.get(email=next(x.email for x in state.logins if x.home == "/leader/"))
    rows = leader_worklist(leader_facts(person=leader, today=today), today=today).rows
    reviews = [r.item for r in rows if r.item.kind == "review"]
    assert reviews
    assert all(item.due_on >= today for item in reviews), [i.title for i in reviews]


def _late_and_ahead(manager: Person, today: date) -> tuple[list[str], list[str]]:
    rows = manager_worklist(manager_facts(person=manager, today=today), today=today).rows
    late = [f"{r.item.title} (due {r.item.due_on})" for r in rows if r.item.due_on < today]
    ahead = [r.item.title for r in rows if r.item.due_on >= today]
    return late, ahead
