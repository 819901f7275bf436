"""Mentoring check-ins feed the help network the future-leaders view reads: a check-in of an
agreed pair is help the mentor gave the mentee; a proposed pair's is never logged."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import World
from tests.initiatives.builders import launched, partnered
from tests.leaders.conftest import compute
from uplift.initiatives.facts import mentoring_given
from uplift.initiatives.kinds import Kind
from uplift.initiatives.services import check_in_log, pair_decide, pair_propose

pytestmark = pytest.mark.django_db


def test_a_mentoring_check_in_is_help_in_the_leaders_analysis(world: World) -> None:
    initiative = launched(world, starts_on=date(2026, 1, 5))
    partnered(initiative, world.art, {Kind.MENTEES: 1}, today=date(2026, 1, 5))
    pair = pair_propose(initiative=initiative, mentor=world.art, mentee=world.gil)
    pair_decide(pair=pair, actor=world.gus, agree=True)
    check_in_log(pair=pair, actor=world.art, held_on=date(2026, 2, 3), note="Pipeline review")
    check_in_log(pair=pair, actor=world.gil, held_on=date(2026, 3, 3), note="Discovery calls")

    given = mentoring_given(organisation=world.org, until=date(2026, 2, 28))
    assert [(g.mentor_id, g.mentee_id, g.held_on) for g in given] == [
        (world.art.pk, world.gil.pk, date(2026, 2, 3))
    ]

    doc = compute(world, None)  # as of 30 June 2026
    art = next(row for row in doc["leaders"] if row["name"] == "Art Test")["components"]
    assert art["help"]["mentoring_given"] == 2
    assert art["help"]["help_given"] == 2
    assert art["help"]["people_helped"] == 1
    assert art["network"]["in_degree"] == 1  # Gil learned from Art
    assert doc["counts"]["help"]["mentoring"] == 2
