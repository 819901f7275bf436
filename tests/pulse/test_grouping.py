"""Which groups of answers may be shown: at least five people each, disjoint, every answer in one
of them (when there are five in all), small teams merged upward, and the scores."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.pulse.grouping import (
    MIN_ANSWERS,
    Group,
    Tally,
    TeamKey,
    agreement_mean,
    enps,
    report_groups,
    total,
)

Q = 1  # an agreement question's id
NPS = 2  # the recommend question's id


def tally(answers: int, value: int = 4, recommend: int = 8) -> Tally:
    return Tally(answers, {(Q, value): answers, (NPS, recommend): answers})


# North (region) -> Alpha, Beta; South (region) -> Gamma. Ids: 1 North, 2 South, 10 Alpha,
# 11 Beta, 20 Gamma.
PARENTS: dict[int, int | None] = {1: None, 2: None, 10: 1, 11: 1, 20: 2}


def _by_team(groups: list[Group]) -> dict[TeamKey, int]:
    return {g.team_id: g.answers for g in groups}


def test_a_team_of_four_has_no_result_of_its_own() -> None:
    groups = report_groups(
        parents=PARENTS, tallies={10: tally(6), 11: tally(4), 20: tally(7), None: tally(5)}
    )
    assert _by_team(groups) == {10: 6, 20: 7, None: 9}
    # Beta's four answers are not lost: too few for North (which has none of its own), they
    # are counted with the organisation's.
    assert next(g for g in groups if 11 in g.teams).teams == frozenset({None, 11})


def test_too_few_reaching_the_organisation_take_the_smallest_group_with_them() -> None:
    groups = report_groups(parents=PARENTS, tallies={10: tally(6), 11: tally(4), 20: tally(7)})
    assert _by_team(groups) == {20: 7, None: 10}
    assert next(g for g in groups if g.team_id is None).teams == frozenset({10, 11})


def test_small_teams_merge_into_their_parent() -> None:
    groups = report_groups(
        parents=PARENTS, tallies={10: tally(6), 11: tally(3), 20: tally(7), 1: tally(2)}
    )
    assert _by_team(groups) == {10: 6, 1: 5, 20: 7}
    north = next(g for g in groups if g.team_id == 1)
    assert north.teams == frozenset({1, 11})


def test_two_small_teams_merge_together() -> None:
    groups = report_groups(parents=PARENTS, tallies={10: tally(3), 11: tally(3), 20: tally(5)})
    assert _by_team(groups) == {1: 6, 20: 5}


def test_what_reaches_the_organisation_is_shown_under_it() -> None:
    groups = report_groups(parents=PARENTS, tallies={None: tally(3), 10: tally(6), 20: tally(2)})
    # Three leaders in no team and Gamma's two make five: the organisation's group.
    assert _by_team(groups) == {10: 6, None: 5}


def test_too_few_left_over_takes_the_smallest_group_back() -> None:
    groups = report_groups(
        parents=PARENTS, tallies={None: tally(1), 10: tally(9), 11: tally(5), 20: tally(6)}
    )
    assert _by_team(groups) == {10: 9, 20: 6, None: 6}
    assert next(g for g in groups if g.team_id is None).teams == frozenset({None, 11})


def test_fewer_than_five_in_all_shows_nothing() -> None:
    assert report_groups(parents=PARENTS, tallies={10: tally(2), None: tally(2)}) == []


def test_a_team_unknown_or_in_a_loop_hangs_under_the_organisation() -> None:
    looped = {1: 2, 2: 1, 10: 1}
    groups = report_groups(parents=looped, tallies={10: tally(5), 99: tally(5)})
    assert _by_team(groups) == {10: 5, 99: 5}


def test_scores() -> None:
    mixed = Tally(4, {(Q, 1): 1, (Q, 5): 3, (NPS, 10): 2, (NPS, 7): 1, (NPS, 3): 1})
    assert agreement_mean(mixed, [Q]) == 4.0
    assert enps(mixed, NPS) == 25.0  # 2 promoters, 1 passive, 1 detractor of 4
    assert enps(mixed, None) is None
    assert agreement_mean(Tally(), [Q]) is None
    assert enps(Tally(), NPS) is None


# --- Any tree, any answers ----------------------------------------------------------------------


@st.composite
def organisations(draw: st.DrawFn) -> tuple[dict[int, int | None], dict[TeamKey, Tally]]:
    """A random team tree (parents before children) and a random number of answers per team."""
    count = draw(st.integers(0, 12))
    parents: dict[int, int | None] = {}
    for team in range(1, count + 1):
        parents[team] = draw(st.one_of(st.none(), st.integers(1, team - 1))) if team > 1 else None
    keys: list[TeamKey] = [None, *parents]
    tallies = {key: Tally(n, {(Q, 1 + n % 5): n}) for key in keys if (n := draw(st.integers(0, 9)))}
    return parents, tallies


def _subtree(parents: Mapping[int, int | None], root: int) -> set[int]:
    found = {root}
    grown = True
    while grown:
        grown = False
        for team, parent in parents.items():
            if parent in found and team not in found:
                found.add(team)
                grown = True
    return found


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_groups_are_large_disjoint_and_hold_every_answer(
    org: tuple[dict[int, int | None], dict[TeamKey, Tally]],
) -> None:
    parents, tallies = org
    groups = report_groups(parents=parents, tallies=tallies)
    everyone = total(tallies.values()).answers
    # At least five people in every group shown: nobody's answers can be told apart.
    assert all(g.answers >= MIN_ANSWERS for g in groups)
    # Disjoint: no team's answers in two groups, so no group can be subtracted from another
    # (or from everyone's total) to reach fewer than five people.
    seen: set[TeamKey] = set()
    for group in groups:
        assert not group.teams & seen
        seen |= group.teams
        assert group.answers == sum(tallies[t].answers for t in group.teams)
        assert total(tallies[t] for t in group.teams).counts == dict(group.tally.counts)
    # Every answer is in a group when there are five in all; otherwise nothing is shown.
    if everyone >= MIN_ANSWERS:
        assert seen == set(tallies)
    else:
        assert groups == []


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_a_group_holds_only_its_own_subtree_and_a_small_team_never_stands_alone(
    org: tuple[dict[int, int | None], dict[TeamKey, Tally]],
) -> None:
    parents, tallies = org
    for group in report_groups(parents=parents, tallies=tallies):
        if group.team_id is not None:
            assert group.teams <= _subtree(parents, group.team_id)
        if group.teams == {group.team_id} and group.team_id in tallies:
            assert tallies[group.team_id].answers >= MIN_ANSWERS


@pytest.mark.parametrize("answers", range(1, MIN_ANSWERS))
def test_a_lone_team_below_five_is_never_shown(answers: int) -> None:
    assert report_groups(parents={1: None}, tallies={1: tally(answers)}) == []
