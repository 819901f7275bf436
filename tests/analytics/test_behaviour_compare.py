"""Stars against core on small hand-made tables: the mix adjustment, the FDR step, the wording,
the order, and the star profiles' percentiles."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from uplift.analytics.behaviour import (
    FIXED_BEHAVIOURS,
    RepGroup,
    compare_behaviour,
    compare_behaviours,
    rep_groups_from_segments,
    star_profiles,
)
from uplift.analytics.behaviour.catalogue import CONTACTS, EMAILS, MEETINGS, stage_behaviours
from uplift.analytics.behaviour.profiles import mid_rank_percentile
from uplift.analytics.stats import hedges_g

RNG_SEED = 11


def rep(i: int, band: str, enterprise: float = 0.0, team: str = "T") -> RepGroup:
    mix = {"SMB": 1.0 - enterprise, "Enterprise": enterprise} if enterprise else {"SMB": 1.0}
    return RepGroup("sf", f"r{i}", band, mix, f"r{i}@x.test", f"Rep {i}", team)  # type: ignore[arg-type]


def confounded() -> tuple[list[RepGroup], dict[tuple[str, str], float]]:
    """Meetings = 1 + 3 x Enterprise share + 0.4 if star + noise; stars sell less Enterprise."""
    rng = np.random.default_rng(RNG_SEED)
    reps, values = [], {}
    for i in range(120):
        band = "star" if i < 30 else "core"
        share = float(rng.uniform(0.0, 0.6) if band == "star" else rng.uniform(0.3, 1.0))
        person = rep(i, band, share)
        reps.append(person)
        values[person.key] = 1 + 3 * share + (0.4 if band == "star" else 0) + rng.normal(0, 0.1)
    return reps, values


def test_the_mix_adjustment_recovers_a_difference_the_raw_means_hide() -> None:
    reps, values = confounded()
    driver = compare_behaviour(MEETINGS, values, reps)
    assert driver.star is not None
    assert driver.core is not None
    assert driver.star < driver.core  # raw: stars sell SMB, which needs fewer meetings
    assert driver.raw_effect is not None
    assert driver.raw_effect.estimate < 0
    assert driver.adjusted is not None
    assert driver.effect is not None
    assert driver.adjusted.estimate == pytest.approx(0.4, abs=0.1)
    assert driver.adjusted.ci_low > 0
    assert driver.effect.estimate > 1  # large once the mix is held fixed
    assert driver.mix_cells == ("SMB",)  # Enterprise (the most common) is the reference
    assert (driver.n_star, driver.n_core) == (30, 90)


def test_without_a_mix_the_comparison_is_the_plain_one() -> None:
    stars, core = [3.0, 4.0, 5.0, 4.5], [2.0, 3.0, 2.5, 3.5, 1.5]
    reps = [rep(i, "star") for i in range(4)] + [rep(i, "core") for i in range(4, 9)]
    values = {r.key: v for r, v in zip(reps, stars + core, strict=True)}
    driver = compare_behaviour(MEETINGS, values, reps)
    assert driver.mix_cells == ()
    assert driver.star == pytest.approx(np.mean(stars))
    assert driver.core == pytest.approx(np.mean(core))
    assert driver.adjusted is not None
    assert driver.effect is not None
    assert driver.adjusted.estimate == pytest.approx(np.mean(stars) - np.mean(core))
    assert driver.effect.estimate == pytest.approx(hedges_g(stars, core).estimate)
    assert driver.raw_effect == driver.effect


def test_tail_reps_and_reps_without_a_value_are_left_out() -> None:
    reps = [rep(0, "star"), rep(1, "star"), rep(2, "core"), rep(3, "core"), rep(4, "tail")]
    values = {("sf", "r0"): 2.0, ("sf", "r1"): 3.0, ("sf", "r2"): 1.0, ("sf", "r4"): 9.0}
    driver = compare_behaviour(MEETINGS, values, reps)
    assert (driver.n_star, driver.n_core) == (2, 1)
    assert driver.adjusted is None  # one core rep is not a comparison
    assert driver.star == pytest.approx(2.5)


def sample(
    shift: dict[str, float], n_star: int = 20, n_core: int = 60
) -> tuple[list[RepGroup], dict[str, dict[tuple[str, str], float]]]:
    rng = np.random.default_rng(RNG_SEED)
    reps = [rep(i, "star" if i < n_star else "core") for i in range(n_star + n_core)]
    values = {
        b.key: {
            r.key: rng.normal(2.0 + (shift.get(b.key, 0) if r.band == "star" else 0), 0.5)
            for r in reps
        }
        for b in FIXED_BEHAVIOURS
    }
    values["sales_cycle_days"] = {r.key: v for r, v in list(zip(reps, [1.0] * 2, strict=False))}
    return reps, values


def test_q_values_are_benjamini_hochberg_over_the_behaviours_compared() -> None:
    reps, values = sample({"meetings_per_opportunity": 0.6, "contacts_per_opportunity": 0.3})
    drivers = compare_behaviours(FIXED_BEHAVIOURS, values, reps)
    compared = [d for d in drivers if d.p_value is not None]
    assert len(compared) == 5  # the cycle has two stars and no core reps: not compared
    expected = multipletests([d.p_value for d in compared], method="fdr_bh")[1]
    np.testing.assert_allclose([d.q_value for d in compared], expected, rtol=0, atol=1e-12)
    cycle = next(d for d in drivers if d.behaviour.key == "sales_cycle_days")
    assert cycle.q_value is None
    assert not cycle.significant
    assert cycle.reading.startswith("Not enough reps to compare")


def test_significant_behaviours_come_first_by_effect_size_and_say_so() -> None:
    reps, values = sample({"meetings_per_opportunity": 0.4, "contacts_per_opportunity": 0.8})
    drivers = compare_behaviours(FIXED_BEHAVIOURS, values, reps)
    keys = [d.behaviour.key for d in drivers]
    assert keys[:2] == ["contacts_per_opportunity", "meetings_per_opportunity"]
    assert keys[-1] == "sales_cycle_days"  # not compared: last
    flags = [d.significant for d in drivers]
    assert flags == sorted(flags, reverse=True)
    rest = [abs(d.effect.estimate) for d in drivers[2:] if d.effect is not None]
    assert rest == sorted(rest, reverse=True)
    contacts = drivers[0]
    assert contacts.reading.startswith("Stars involve more buyer contacts per opportunity")
    emails = next(d for d in drivers if d.behaviour.key == EMAILS.key)
    assert not emails.significant
    assert emails.reading.startswith(f"No clear difference (q = {emails.q_value:.2f})")


def test_mid_rank_percentiles() -> None:
    core = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert mid_rank_percentile(10.5, core) == 100.0
    assert mid_rank_percentile(0.0, core) == 0.0
    assert mid_rank_percentile(5.0, core) == pytest.approx(45.0)  # 4 below, 1 tie
    assert mid_rank_percentile(5.5, core) == pytest.approx(50.0)


def test_a_star_profile_names_what_is_distinctive() -> None:
    reps = [rep(0, "star"), rep(1, "star")] + [rep(i, "core") for i in range(2, 12)]
    core_values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    values = {
        MEETINGS.key: dict(zip([r.key for r in reps], [12.0, 5.5, *core_values], strict=True)),
        CONTACTS.key: dict(zip([r.key for r in reps], [1.5, 5.5, *core_values], strict=True)),
    }
    first, second = star_profiles((MEETINGS, CONTACTS), values, reps, min_core=10)
    assert first.rep.rep_id == "r0"
    assert [(s.behaviour.key, s.direction) for s in first.distinctive] == [
        (MEETINGS.key, "high"),
        (CONTACTS.key, "low"),
    ]
    meetings = first.standings[0]
    assert meetings.percentile == 100.0
    assert meetings.core_median == pytest.approx(5.5)
    assert meetings.expected == pytest.approx(5.5)  # no mix to adjust for: the core median
    assert second.distinctive == ()
    assert [s.percentile for s in second.standings] == [50.0, 50.0]


def test_profiles_compare_a_star_with_the_core_on_the_same_mix() -> None:
    # Core: meetings = 1 + 4 x Enterprise share exactly, plus a small spread.
    core = [rep(i, "core", enterprise=i / 20) for i in range(1, 21)]
    values = {
        r.key: 1 + 4 * r.mix.get("Enterprise", 0) + 0.01 * (i % 3) for i, r in enumerate(core)
    }
    smb_star, ent_star = rep(100, "star", enterprise=0.0), rep(101, "star", enterprise=0.95)
    values[smb_star.key] = 2.0  # a full meeting above the core's 1 on SMB
    values[ent_star.key] = 4.0  # below the core's 4.8 on the star's Enterprise-heavy mix
    reps = [smb_star, ent_star, *core]
    smb, ent = star_profiles((MEETINGS,), {MEETINGS.key: values}, reps)
    assert smb.standings[0].direction == "high"
    assert smb.standings[0].expected == pytest.approx(1.0, abs=0.05)
    assert ent.standings[0].direction == "low"  # raw 4.0 is above the core median (3.1)
    assert ent.standings[0].value > ent.standings[0].core_median


def test_rep_groups_from_the_segments_document() -> None:
    segments = {
        "reps": [
            {
                "source": "sf",
                "rep_id": "1",
                "segment": "star",
                "mix": {"SMB": 1.0},
                "email": "a@x",
                "name": "A",
                "team": "T",
            },
            {
                "source": "sf",
                "rep_id": "2",
                "segment": "core",
                "mix": None,
                "email": None,
                "name": None,
                "team": None,
            },
        ]
    }
    first, second = rep_groups_from_segments(segments)
    assert (first.key, first.band, dict(first.mix), first.team) == (
        ("sf", "1"),
        "star",
        {"SMB": 1.0},
        "T",
    )
    assert (second.band, dict(second.mix)) == ("core", {})


def test_stage_behaviours_follow_the_ladder() -> None:
    keys = [b.key for b in stage_behaviours(("Prospecting", "Proposal/Price Quote"))]
    assert keys == [
        "conversion_prospecting",
        "conversion_proposal_price_quote",
        "days_in_prospecting",
        "days_in_proposal_price_quote",
    ]
    assert stage_behaviours(()) == ()
