"""The demo's pulse: twelve closed monthly rounds and this month's open one, plausible results in
every closed round, a quiet team counted with its region, the demo logins free to answer."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import OrganisationFactory, TeamFactory
from tests.pulse.builders import people, team_of
from uplift.demo.organisation import DemoLogin
from uplift.demo.pulse import seed
from uplift.demo.steps import DemoState
from uplift.orgs.models import Team
from uplift.pulse.facts import team_pulse
from uplift.pulse.models import PulseParticipation, PulseRound
from uplift.pulse.selectors import closed_rounds


def test_the_demo_answers_twelve_rounds_and_leaves_the_logins_to_answer(db: None) -> None:
    organisation = OrganisationFactory(name="Brightwave", slug="brightwave")
    regions = [
        TeamFactory(organisation=organisation, name=name, kind=Team.Kind.REGION)
        for name in ("East", "West")
    ]
    members = []
    for index, name in enumerate(("Apollo", "Borealis", "Comet", "Dune", "Echo", "Fjord")):
        _team, crew = team_of(organisation, name, 9, parent=regions[index % 2])
        members += crew
    members += people(organisation, None, 2, "leader")
    login = members[0]
    state = DemoState(
        seed=7,
        organisation=organisation,
        logins=[DemoLogin("Rep", login.full_name, login.email, "/me/")],
    )
    seed(state)

    today = timezone.localdate()
    assert PulseRound.objects.filter(organisation=organisation).count() == 13
    closed = closed_rounds(organisation=organisation, today=today)
    assert len(closed) == 12
    current = PulseRound.objects.get(opens_on__lte=today, closes_on__gte=today)
    assert not PulseParticipation.objects.filter(round=current, person=login).exists()
    assert PulseParticipation.objects.filter(round=current).exists()

    rows = team_pulse(organisation=organisation, since=closed[-1].opens_on)
    assert {row.month for row in rows} == {r.opens_on for r in closed}
    assert all(row.answers >= 5 for row in rows)
    assert all(row.engagement is not None and 1 <= row.engagement <= 5 for row in rows)
    assert all(row.enps is not None and -100 <= row.enps <= 100 for row in rows)
    # Most teams have a result of their own each month; some months a small one is merged.
    teams_with_rows = {row.team_id for row in rows}
    assert len(teams_with_rows) >= 5
    per_month = {m: [r for r in rows if r.month == m] for m in {r.month for r in rows}}
    assert any(len(month_rows) < 6 for month_rows in per_month.values())

    before = PulseParticipation.objects.count()
    seed(state)
    assert PulseParticipation.objects.count() == before
    assert "nothing added" in state.notes[-1]
