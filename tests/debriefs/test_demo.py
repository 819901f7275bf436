"""The demo's debrief history: completed debriefs with stars (guide, notes, the practice cards
they produced) and one coming up; running it again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from uplift.debriefs.models import Debrief
from uplift.debriefs.selectors import profiles_latest
from uplift.demo.debriefs import STORIES, seed
from uplift.demo.steps import DemoState, demo_steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_seeds_debriefs_once() -> None:
    state = DemoState(seed=7)
    for label, step in demo_steps()[:4]:  # export, import, analyse, logins
        assert label
        step(state)
    seed(state)
    seed(state)  # idempotent
    assert state.organisation is not None
    debriefs = list(Debrief.objects.filter(organisation=state.organisation))
    held = [d for d in debriefs if d.status == Debrief.Status.COMPLETED]
    upcoming = [d for d in debriefs if d.status == Debrief.Status.SCHEDULED]
    assert len(held) == 3
    assert len(upcoming) == 1
    assert upcoming[0].scheduled_at > timezone.now()
    document = profiles_latest(organisation=state.organisation)
    assert document is not None
    stars = set(document.by_rep_id())
    for debrief in debriefs:
        assert debrief.star.crm_user_id in stars
        assert debrief.guide.startswith(f"# Debrief with {debrief.star.full_name}")
    for debrief in held:
        assert debrief.notes.startswith("- ")
        (practice,) = debrief.practices.all()
        assert practice.title in STORIES
        assert debrief.scheduled_at < timezone.now()
    assert len({d.star_id for d in debriefs}) == 4
