"""Credit maths: a practice's value over the horizon, its interval, and the contributors' shares."""

from __future__ import annotations

import pytest

from uplift.analytics.impact.credit import (
    Contributor,
    CreditRules,
    Effect,
    PracticeContributors,
    credit_allocate,
    effect_value,
    shares,
)


def _effect(
    metric: str, att: float, low: float, high: float, reading: str, adopters: int = 10
) -> Effect:
    return Effect("Mutual close plan", metric, att, low, high, adopters, reading)


def test_bookings_value_is_att_times_adopters_times_horizon_with_its_interval() -> None:
    value = effect_value(_effect("bookings", 500.0, 100.0, 900.0, "likely positive"), CreditRules())
    assert value.status == "measured gain"
    assert value.value == pytest.approx(500 * 10 * 12)
    assert (value.value_low, value.value_high) == (pytest.approx(12_000), pytest.approx(108_000))
    assert value.unit == "currency"


def test_win_rate_value_is_extra_won_deals_through_closed_deals_per_rep_month() -> None:
    rules = CreditRules(horizon_months=6, closed_per_rep_month=4.0)
    value = effect_value(
        _effect("win_rate", 0.05, 0.01, 0.09, "likely positive", adopters=8), rules
    )
    # 5 points x 4 closed deals a month x 8 adopters x 6 months = 9.6 extra won deals
    assert value.value == pytest.approx(9.6)
    assert value.value_low == pytest.approx(1.92)
    assert value.value_high == pytest.approx(17.28)
    assert value.unit == "won_deals"


def test_an_interval_that_includes_zero_is_not_measured_yet() -> None:
    value = effect_value(
        _effect("bookings", 500.0, -100.0, 1100.0, "too early to say"), CreditRules()
    )
    assert value.status == "not measured yet"
    assert value.value is None


def test_no_effect_detected_says_so_and_earns_no_credit() -> None:
    effect = _effect("win_rate", 0.002, -0.03, 0.034, "no effect detected")
    value = effect_value(effect, CreditRules(closed_per_rep_month=4.0))
    assert value.status == "no effect detected"
    assert value.value is None
    assert not effect.measured


def test_a_pre_trend_warning_is_not_measured_even_with_a_clear_interval() -> None:
    effect = _effect("bookings", 500.0, 100.0, 900.0, "pre-trends differ: treat with caution")
    assert not effect.measured
    assert effect_value(effect, CreditRules()).status == "not measured yet"


def test_a_measured_loss_is_shown_and_credits_nobody() -> None:
    practice = PracticeContributors("Mutual close plan", 7, (Contributor(1),))
    effect = _effect("bookings", -300.0, -500.0, -100.0, "likely negative")
    credit = credit_allocate([practice], [effect], CreditRules())
    assert credit.practices[0].values[0].status == "measured loss"
    assert credit.practices[0].values[0].value == pytest.approx(-36_000)
    assert credit.people[0].totals == {}
    assert credit.people[0].measured_practices == 0


def test_shares_are_equal_unless_every_contributor_has_one_recorded() -> None:
    assert shares([Contributor(1), Contributor(2), Contributor(3)]) == {
        1: pytest.approx(1 / 3),
        2: pytest.approx(1 / 3),
        3: pytest.approx(1 / 3),
    }
    assert shares([Contributor(1, 3.0), Contributor(2, 1.0)]) == {1: 0.75, 2: 0.25}
    assert shares([Contributor(1, 3.0), Contributor(2)]) == {1: 0.5, 2: 0.5}
    assert shares([]) == {}


def test_a_person_adds_up_their_shares_of_each_practices_measured_gains() -> None:
    plan = PracticeContributors("Mutual close plan", 1, (Contributor(1), Contributor(2)))
    agenda = PracticeContributors("Discovery agenda", 2, (Contributor(1),))
    untested = PracticeContributors("Friday hygiene", 3, (Contributor(2),))
    effects = [
        Effect("Mutual close plan", "bookings", 500.0, 100.0, 900.0, 10, "likely positive"),
        Effect("Mutual close plan", "win_rate", 0.05, -0.01, 0.11, 10, "too early to say"),
        Effect("Discovery agenda", "bookings", 200.0, 50.0, 350.0, 5, "likely positive"),
    ]
    credit = credit_allocate([plan, agenda, untested], effects, CreditRules())
    people = {p.person: p for p in credit.people}
    # person 1: half of 60,000 (plan) + all of 12,000 (agenda)
    assert people[1].totals["currency"]["value"] == pytest.approx(30_000 + 12_000)
    assert people[1].totals["currency"]["low"] == pytest.approx(6_000 + 3_000)
    assert people[1].totals["currency"]["high"] == pytest.approx(54_000 + 21_000)
    assert (people[1].practices, people[1].measured_practices) == (2, 2)
    assert people[1].adopters_reached == 15
    # person 2: half of the plan; the hygiene practice has no estimate at all
    assert people[2].totals["currency"]["value"] == pytest.approx(30_000)
    assert (people[2].practices, people[2].measured_practices) == (2, 1)
    statuses = {(i["practice"], i["metric"]): i["status"] for i in people[1].items}
    assert statuses[("Mutual close plan", "win_rate")] == "not measured yet"
    assert not credit.practices[2].measured


def test_rules_are_checked() -> None:
    with pytest.raises(ValueError, match="horizon"):
        CreditRules(horizon_months=0)


def test_adopters_reached_counts_recorded_adopters_when_known() -> None:
    plan = PracticeContributors("Mutual close plan", 1, (Contributor(1),), adopters=4)
    credit = credit_allocate([plan], [], CreditRules())
    assert credit.people[0].adopters_reached == 4
    assert credit.practices[0].values == ()
