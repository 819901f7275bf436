"""The pulse's facts for other capabilities: `team_pulse` answers TeamPulse rows, already merged
upward for teams under five answers, for closed rounds since a date."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tests.conftest import World
from tests.pulse.builders import answer_all, closed_round, people
from uplift.pulse.facts import TeamPulse, team_pulse
from uplift.pulse.services import pulse_round_current, pulse_round_on


def test_the_row_is_the_agreed_interface() -> None:
    fields = [(f.name, f.type) for f in dataclasses.fields(TeamPulse)]
    assert fields == [
        ("team_id", "int | None"),
        ("team_name", "str"),
        ("month", "date"),
        ("answers", "int"),
        ("engagement", "float | None"),
        ("enps", "float | None"),
    ]
    row = TeamPulse(1, "Beta", date(2026, 1, 1), 5, 4.0, 20.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.answers = 6  # type: ignore[misc]


def test_rows_are_merged_upward_by_month_and_leave_out_the_open_round(world: World) -> None:
    last = closed_round(world.org)
    before = pulse_round_on(organisation=world.org, day=last.opens_on - timedelta(days=10))
    beta = [world.bob, world.max, *people(world.org, world.beta, 4, "beta")]
    gamma = [world.gil, world.gus, *people(world.org, world.gamma, 2, "gamma")]  # four
    answer_all(before, beta, values=3, recommend=6)
    answer_all(last, beta, values=5, recommend=10)
    answer_all(last, gamma, values=4, recommend=8)
    answer_all(last, [world.lou], values=4, recommend=9)
    answer_all(pulse_round_current(organisation=world.org), beta)

    rows = team_pulse(organisation=world.org, since=before.opens_on)
    assert rows == [
        TeamPulse(world.beta.pk, "Beta", before.opens_on, 6, 3.0, -100.0),
        TeamPulse(world.beta.pk, "Beta", last.opens_on, 6, 5.0, 100.0),
        # Gamma's four and Lou's one, counted together under the organisation.
        TeamPulse(None, "Acme", last.opens_on, 5, 4.0, 20.0),
    ]
    assert [r.month for r in team_pulse(organisation=world.org, since=last.closes_on)] == [
        last.opens_on,
        last.opens_on,
    ]
