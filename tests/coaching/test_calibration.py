"""Calibration: spread per rubric item, the disagreement threshold and each rater's lean."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.coaching.builders import scenario, scored_roleplay
from tests.conftest import World
from uplift.coaching.selectors.calibration import (
    DISAGREEMENT_THRESHOLD,
    calibration_overview,
    rater_leans,
    roleplay_calibration,
    score_spread,
)


def test_spread_sd_and_the_flag_by_hand() -> None:
    spread = score_spread([2, 4, 3])
    assert (spread.n, spread.mean, spread.spread) == (3, 3.0, 2)
    assert spread.sd == pytest.approx(math.sqrt(2 / 3))
    assert spread.flagged
    assert not score_spread([3, 4, 4]).flagged
    assert not score_spread([1]).flagged  # one rater cannot disagree


def test_leans_by_hand() -> None:
    # item 1: A=2, B=4 -> A -2, B +2; item 2: A=3, B=3, C=5 -> A 3-4=-1, B -1, C 5-3=+2
    leans = rater_leans([{1: 2, 2: 4}, {1: 3, 2: 3, 3: 5}])
    assert leans == {1: pytest.approx(-1.5), 2: pytest.approx(0.5), 3: pytest.approx(2.0)}


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=8))
def test_spread_is_bounded_and_flags_exactly_beyond_the_threshold(scores: list[int]) -> None:
    spread = score_spread(scores)
    assert 0 <= spread.spread <= 4
    assert min(scores) <= spread.mean <= max(scores)
    assert spread.sd <= spread.spread / 2 + 1e-9
    assert spread.flagged == (len(scores) >= 2 and spread.spread >= DISAGREEMENT_THRESHOLD)


def test_a_role_play_where_raters_disagree_on_one_item(world: World) -> None:
    s = scenario(world.ada)
    roleplay = scored_roleplay(
        s, world.ann, world.mia, {world.mia: [4, 2, 3], world.art: [4, 4, 3], world.bob: [3, 5, 3]}
    )
    calibration = roleplay_calibration(roleplay=roleplay)
    assert calibration.submitted == 3
    spreads = [row.spread.spread for row in calibration.rows if row.spread]
    assert spreads == [1, 3, 0]
    assert [row.item.label for row in calibration.flagged] == ["Reframes on value"]
    assert calibration.rows[1].scores == [2, 4, 5]  # coach first, then peers
    lean = {c.rating.rater.get_short_name(): c.lean for c in calibration.raters}
    # Mia: (4-3.5)+(2-4.5)+(3-3) = -2 -> -2/3
    assert lean["Mia"] == pytest.approx(-2 / 3)


def test_the_overview_lists_the_chains_role_plays_widest_disagreement_first(world: World) -> None:
    s = scenario(world.ada)
    calm = scored_roleplay(s, world.art, world.mia, {world.mia: [3, 3, 3], world.ann: [3, 4, 3]})
    split = scored_roleplay(s, world.ann, world.mia, {world.mia: [1, 1, 1], world.art: [4, 5, 4]})
    scored_roleplay(s, world.gil, world.gus, {world.gus: [1, 1, 1], world.bob: [5, 5, 5]})
    single = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 2]})
    seen = [c.roleplay for c in calibration_overview(viewer=world.mia)]
    assert seen == [split, calm]
    assert single not in seen
    assert calibration_overview(viewer=world.ada) == []
