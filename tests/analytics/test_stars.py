"""Fair star identification by results: baselines by hand, exposure and ramp, shrinkage of small
samples, bands, lenses and the pattern of each star."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pytest

from uplift.analytics.metrics import trailing_window
from uplift.analytics.performance import NotEnoughRepsError, PerformanceConfig, band_sizes
from uplift.analytics.performance.adjust import RepResults, rep_results
from uplift.analytics.performance.analyse import metric_definition
from uplift.analytics.performance.exposure import ramp_weight, rep_exposure
from uplift.analytics.performance.pattern import win_pattern
from uplift.analytics.performance.quotas import prorated_quotas
from uplift.analytics.performance.results import RepIdentity, Segments
from uplift.analytics.performance.stars import mix_phrase, rank_reps

WINDOW = trailing_window(date(2026, 10, 31))


@dataclass(frozen=True)
class Cell:
    """One rep's closed deals in one cell; every win is worth ``amount`` cents."""

    rep: str
    cell: str
    closed: int
    won: int
    amount: float = 100.0
    amounts: tuple[float, ...] = ()  # each win's amount, when they differ (then len == won)

    def won_amounts(self) -> list[float]:
        return list(self.amounts) if self.amounts else [self.amount] * self.won


def mix_table(rows: list[Cell]) -> pa.Table:
    wins = [[a for a in r.won_amounts() if a > 0] for r in rows]
    return pa.table(
        {
            "source": ["sf"] * len(rows),
            "rep_id": [r.rep for r in rows],
            "cell": [r.cell for r in rows],
            "deals_closed": [r.closed for r in rows],
            "deals_won": [r.won for r in rows],
            "bookings_cents": [round(sum(w)) for w in wins],
            "bookings_squares": [sum(a**2 for a in w) for w in wins],
            "won_with_amount": [len(w) for w in wins],
            "log_amount_sum": [sum(math.log(a) for a in w) for w in wins],
            "log_amount_squares": [sum(math.log(a) ** 2 for a in w) for w in wins],
        }
    )


def person(rep: str, team: str = "T") -> RepIdentity:
    return RepIdentity("sf", rep, f"{rep}@x.test", f"Rep {rep}", team, "North", active=True)


def results_of(rows: list[Cell], months: dict[str, float] | None = None) -> RepResults:
    exposure = {("sf", rep): m for rep, m in (months or {}).items()}
    reps = {r.rep for r in rows}
    exposure = {("sf", rep): exposure.get(("sf", rep), 12.0) for rep in reps}
    return rep_results(mix_table(rows), exposure=exposure)


def at(results: RepResults, rep: str) -> int:
    return results.rep_ids.index(rep)


# SMB: 20 closed, 8 won (40 %), every win worth 100; Enterprise: 20 closed, 4 won (20 %), 1,000.
HAND: list[Cell] = [
    Cell("A", "SMB", 10, 5, 100),
    Cell("B", "Enterprise", 10, 2, 1000),
    Cell("C", "SMB", 10, 3, 100),
    Cell("C", "Enterprise", 10, 2, 1000),
]


def test_expected_wins_come_from_the_organisations_rate_in_each_segment() -> None:
    res = results_of(HAND)
    assert res.cells == ("Enterprise", "SMB")
    assert list(res.cell_rate) == pytest.approx([0.2, 0.4])
    a, b, c = (at(res, rep) for rep in "ABC")
    assert res.expected_wins[a] == pytest.approx(10 * 0.4)
    assert res.expected_wins[c] == pytest.approx(10 * 0.4 + 10 * 0.2)
    assert res.conversion[a] == pytest.approx(5 / 4)
    assert res.conversion[b] == pytest.approx(2 / 2)
    assert res.conversion[c] == pytest.approx(5 / 6)


def test_a_rep_who_sells_the_hard_segment_is_not_penalised_for_it() -> None:
    res = results_of(HAND)
    b, c = at(res, "B"), at(res, "C")
    assert res.win_rate[b] < res.win_rate[c]  # 20 % raw against 25 %
    assert res.conversion[b] > res.conversion[c]  # but B wins what Enterprise allows


def test_bookings_split_exactly_into_volume_conversion_and_deal_size() -> None:
    rows = [*HAND, Cell("D", "SMB", 30, 9, 150), Cell("E", "Enterprise", 4, 1, 800)]
    res = results_of(rows, {"D": 6.0, "E": 9.0})
    product = res.volume * res.conversion * res.deal_size
    assert list(product) == pytest.approx(list(res.bookings_index))
    # The baseline adds up: average reps book what the organisation books.
    assert res.expected_bookings_cents.sum() == pytest.approx(res.bookings_cents.sum(), rel=0.15)


def test_one_cell_deal_flow_is_deals_per_month_of_selling_time() -> None:
    rows = [Cell("A", "Unknown", 120, 60), Cell("B", "Unknown", 30, 15)]
    res = results_of(rows, {"A": 12.0, "B": 6.0})
    assert res.cell_flow[0] == pytest.approx(150 / 18)
    a, b = at(res, "A"), at(res, "B")
    assert res.volume[a] == pytest.approx((120 / (150 / 18)) / 12)
    assert res.volume[a] / res.volume[b] == pytest.approx(2.0)  # 10 a month against 5


def test_selling_time_counts_hire_leaving_and_ramp() -> None:
    assert ramp_weight(0, 6) == pytest.approx(1 / 7)
    assert ramp_weight(5.9, 6) == pytest.approx(6 / 7)
    assert ramp_weight(6.1, 6) == 1.0
    veteran = rep_exposure(
        window=WINDOW,
        hire_date=date(2020, 1, 1),
        active=True,
        first_deal=None,
        last_deal=None,
        ramp_months=6,
    )
    assert veteran is not None
    assert veteran.months == pytest.approx(12, abs=0.05)
    hired = rep_exposure(
        window=WINDOW,
        hire_date=date(2026, 7, 1),
        active=True,
        first_deal=None,
        last_deal=None,
        ramp_months=6,
    )
    assert hired is not None
    assert hired.ramping
    assert hired.months == pytest.approx(sum(k / 7 for k in range(1, 5)), abs=0.05)
    assert "joined 2026-07-01" in hired.phrase(12)
    leaver = rep_exposure(
        window=WINDOW,
        hire_date=None,
        active=False,
        first_deal=date(2019, 3, 1),
        last_deal=date(2026, 3, 31),
        ramp_months=6,
    )
    assert leaver is not None
    assert leaver.end == date(2026, 3, 31)
    assert leaver.months == pytest.approx(5, abs=0.05)
    assert "left around 2026-03-31" in leaver.phrase(12)


def test_quotas_are_prorated_to_the_days_a_rep_sold() -> None:
    leaver = rep_exposure(
        window=WINDOW,
        hire_date=date(2020, 1, 1),
        active=False,
        first_deal=None,
        last_deal=date(2026, 7, 31),
        ramp_months=6,
    )
    assert leaver is not None
    rows = pa.table(
        {
            "source": ["sf"],
            "rep_id": ["L"],
            "period_start": [date(2026, 7, 1)],
            "period_end": [date(2026, 9, 30)],
            "amount_cents": [92_000],
        }
    )
    found = prorated_quotas(rows, {("sf", "L"): leaver}, WINDOW)
    cents, days = found[("sf", "L")]
    assert days == 31
    assert cents == pytest.approx(92_000 * 31 / 92)


def test_shares_describe_each_reps_mix() -> None:
    res = results_of(HAND)
    assert list(res.shares[at(res, "C")]) == pytest.approx([0.5, 0.5])
    assert mix_phrase(res.cells, res.shares[at(res, "A")]) == "SMB-heavy mix (100% of deals)"
    assert mix_phrase(("E", "M", "S"), np.array([0.3, 0.3, 0.4])) == (
        "mixed book (S 40%, E 30%, M 30%)"
    )


@pytest.mark.parametrize(
    ("reps", "expected"),
    [
        (1, (1, 0, 0)),
        (2, (1, 0, 1)),
        (5, (1, 3, 1)),
        (6, (1, 4, 1)),
        (7, (1, 5, 1)),
        (8, (2, 4, 2)),
        (13, (3, 7, 3)),
        (200, (40, 120, 40)),
    ],
)
def test_bands_round_half_up_with_at_least_one_star(
    reps: int, expected: tuple[int, int, int]
) -> None:
    assert band_sizes(reps, 0.2, 0.2) == expected


def ranked(
    rows: list[Cell],
    metric: str = "win_rate",
    months: dict[str, float] | None = None,
    **config: object,
) -> Segments:
    res = results_of(rows, months)
    people = {key: person(key[1]) for key in res.keys}
    settings = PerformanceConfig(primary_metric=metric, min_closed_deals=1, **config)  # type: ignore[arg-type]
    definition = metric_definition(settings, 0.0, "run")
    return rank_reps(
        res,
        people,
        settings,
        metric=definition.primary_metric,
        definition=definition,
        as_of=WINDOW.end,
        window=WINDOW,
        currency="USD",
        tenure={},
        cycle_days={},
    )


def by_id(segments: Segments) -> dict[str, object]:
    return {rep.rep.rep_id: rep for rep in segments.reps}


def steady_team(lucky_wins: int = 4, lucky_closed: int = 4) -> list[Cell]:
    """19 reps with 100 SMB deals each winning 25 to 43, and one with a short lucky streak."""
    rows = [Cell(f"r{i:02d}", "SMB", 100, 25 + i) for i in range(19)]
    rows.append(Cell("lucky", "SMB", lucky_closed, lucky_wins))
    return rows


def test_four_wins_out_of_four_do_not_make_a_star() -> None:
    reps = by_id(ranked(steady_team()))
    lucky, best = reps["lucky"], reps["r18"]  # best: 43 of 100
    assert lucky.adjusted_raw > best.adjusted_raw  # type: ignore[attr-defined]
    assert lucky.adjusted < best.adjusted  # type: ignore[attr-defined]
    assert lucky.p_star < best.p_star  # type: ignore[attr-defined]
    assert lucky.rank_high >= best.rank_high  # type: ignore[attr-defined]
    assert best.segment == "star"  # type: ignore[attr-defined]


def test_bands_follow_the_shrunk_index_and_the_rounding_rule() -> None:
    segments = ranked(steady_team())
    order = [rep.adjusted for rep in segments.reps]
    assert order == sorted(order, reverse=True)
    bands = [rep.segment for rep in segments.reps]
    assert bands == ["star"] * 4 + ["core"] * 12 + ["tail"] * 4
    assert [rep.rank for rep in segments.reps] == list(range(1, 21))
    assert "rounded half up" in segments.bands.rule


def test_the_why_says_the_rate_the_sample_the_expectation_and_the_probability() -> None:
    best = by_id(ranked(steady_team()))["r18"]
    why = best.why  # type: ignore[attr-defined]
    assert why.startswith("win rate 43% on 100 closed deals vs 34% expected for their deals")
    assert f"{100 * best.p_star:.0f}% probability of top 20%" in why  # type: ignore[attr-defined]
    assert "rank 1 of 20" in why


def b2b_team() -> list[Cell]:
    """Win rates of 55-70 %, volume from 40 to 130 closed deals, and one giant rep."""
    rates = [0.55, 0.7, 0.6, 0.65, 0.58, 0.68, 0.62]
    rows = [
        Cell(f"r{i:02d}", "Unknown", 40 + 5 * i, round(rates[i % 7] * (40 + 5 * i)))
        for i in range(19)
    ]
    rows.append(Cell("giant", "Unknown", 550, 330))
    # A rep with a high win rate on few deals: a win-rate ranking would crown him.
    rows.append(Cell("picky", "Unknown", 30, 27))
    return rows


def test_the_top_booker_is_a_star_when_win_rates_are_equal() -> None:
    reps = by_id(ranked(b2b_team(), "bookings"))
    giant = reps["giant"]
    assert giant.segment == "star"
    assert giant.rank == 1
    assert giant.p_star > 0.99
    assert giant.pattern["kind"] == "volume"  # type: ignore[attr-defined]
    assert giant.why.startswith("booked $330 (active all 12 months) vs $")  # type: ignore[attr-defined]
    assert "wins through volume" in giant.why  # type: ignore[attr-defined]
    lenses = {s.lens: s for s in giant.lenses}  # type: ignore[attr-defined]
    assert lenses["bookings"].in_use
    assert lenses["bookings"].band == "star"
    assert lenses["win_rate"].adjusted == pytest.approx(1.0, abs=0.05)
    assert giant.disagreement is None  # type: ignore[attr-defined]


def picky_team() -> list[Cell]:
    """16 reps win half of 80 to 155 deals; four 'picky' reps win 26 to 28 of 30."""
    rows = [Cell(f"r{i:02d}", "Unknown", 80 + 5 * i, round(0.5 * (80 + 5 * i))) for i in range(16)]
    rows += [Cell(f"picky{i}", "Unknown", 30, 26 + i % 3) for i in range(4)]
    return rows


def test_lenses_that_disagree_sharply_are_named() -> None:
    segments = ranked(picky_team(), "bookings")
    picky = by_id(segments)["picky2"]
    bands = {s.lens: s.band for s in picky.lenses}  # type: ignore[attr-defined]
    assert bands["win_rate"] == "star"
    assert picky.segment == "tail"  # type: ignore[attr-defined]
    assert "tail on bookings but among the stars on win rate" in picky.disagreement  # type: ignore[attr-defined]
    assert segments.disagreements >= 1


def test_a_few_dozen_deals_are_never_near_certain_beside_a_thousand() -> None:
    """High-volume B2C: win rates around 4 %; one owner won 5 of 31."""
    rows = [Cell(f"r{i:02d}", "Unknown", 1300, 52 + (i % 5) - 2) for i in range(26)]
    rows.append(Cell("small", "Unknown", 31, 5))
    reps = by_id(ranked(rows, "win_rate"))
    small = reps["small"]
    assert small.p_star < 0.9  # type: ignore[attr-defined]
    assert small.rank_high - small.rank_low >= 5  # type: ignore[attr-defined]
    bookings = by_id(ranked(rows, "bookings"))["small"]
    assert bookings.segment == "tail"  # type: ignore[attr-defined]


def test_selling_time_is_fair_to_new_hires() -> None:
    """Two reps close 5 deals a month; one was hired four months before the window ended."""
    rows = [Cell(f"r{i}", "Unknown", 60, 30) for i in range(8)]
    rows += [Cell("new", "Unknown", 20, 10), Cell("slow", "Unknown", 20, 10)]
    segments = ranked(rows, "bookings", months={"new": 20 * 12 / 60, "slow": 12.0})
    reps = by_id(segments)
    assert reps["new"].adjusted > reps["slow"].adjusted  # type: ignore[attr-defined]


def test_a_composite_blends_the_lenses_by_their_weights() -> None:
    weights = (("win_rate", 1.0),)
    only_rate = ranked(picky_team(), "composite", composite_weights=weights)
    assert only_rate.reps[0].rep.rep_id.startswith("picky")
    assert only_rate.definition is not None
    assert only_rate.definition.parameters["composite_weights"] == {"win_rate": 1.0}


def test_who_is_not_ranked_and_why() -> None:
    rows = [*steady_team(), Cell("ghost", "SMB", 50, 20)]
    res = results_of(rows)
    people = {key: person(key[1]) for key in res.keys if key[1] != "ghost"}
    people[("sf", "manager")] = person("manager")
    settings = PerformanceConfig(primary_metric="win_rate", min_closed_deals=5)
    definition = metric_definition(settings, 0.0, "run")
    segments = rank_reps(
        res,
        people,
        settings,
        metric="win_rate",
        definition=definition,
        as_of=WINDOW.end,
        window=WINDOW,
        currency="USD",
        tenure={},
        cycle_days={},
    )
    reasons = {rep.rep.rep_id: rep.reason for rep in segments.excluded}
    assert reasons == {
        "ghost": "not_in_crm_users",
        "lucky": "too_few_closed_deals",
        "manager": "no_closed_deals",
    }
    assert len(segments.reps) == 19


def test_attainment_leaves_out_reps_without_a_quota() -> None:
    rows = [Cell(f"r{i}", "SMB", 40, 10 + i) for i in range(8)]
    res = rep_results(
        mix_table(rows),
        exposure={("sf", f"r{i}"): 12.0 for i in range(8)},
        quotas={("sf", f"r{i}"): (2000.0, 365.0) for i in range(7)},
    )
    people = {key: person(key[1]) for key in res.keys}
    settings = PerformanceConfig(primary_metric="attainment", min_closed_deals=1)
    definition = metric_definition(settings, 0.9, "run")
    segments = rank_reps(
        res,
        people,
        settings,
        metric="attainment",
        definition=definition,
        as_of=WINDOW.end,
        window=WINDOW,
        currency="USD",
        tenure={},
        cycle_days={},
    )
    assert [e.reason for e in segments.excluded] == ["no_quota"]
    best = segments.reps[0]
    assert best.rep.rep_id == "r6"
    assert best.raw == pytest.approx(16 * 100 / 2000)


def test_the_default_definition_follows_quota_coverage() -> None:
    auto = PerformanceConfig()
    assert metric_definition(auto, 0.0, "organisation").primary_metric == "bookings"
    assert "no quotas" in metric_definition(auto, 0.0, "organisation").sentence
    chosen = metric_definition(auto, 0.8, "organisation")
    assert chosen.primary_metric == "attainment"
    assert chosen.chosen_by == "default"
    assert metric_definition(auto, 0.3, "organisation").primary_metric == "bookings"


def test_a_pattern_names_the_channel_in_plain_words() -> None:
    volume = win_pattern({"volume": 2.4, "conversion": 1.02, "deal_size": 0.97}, None)
    assert volume.kind == "volume"
    assert volume.sentence == (
        "wins through volume: 2.4x the core's closed deals for the same selling time and mix, "
        "with win rate and deal size like the core's"
    )
    both = win_pattern({"volume": 1.6, "conversion": 1.5, "deal_size": 1.0}, 1.3)
    assert both.channels == ("volume", "conversion")
    assert both.sentence.endswith("; closes 23% faster than the core")
    assert win_pattern({"volume": 0.5, "conversion": 0.9, "deal_size": 1.0}, None).kind == "behind"


def test_too_few_reps_to_rank_is_a_clear_error() -> None:
    rows = [Cell(f"r{i}", "SMB", 20, 5 + i) for i in range(4)]
    with pytest.raises(NotEnoughRepsError, match="only 4 reps"):
        ranked(rows)


def test_bands_that_leave_no_core_are_refused() -> None:
    rows = [Cell(f"r{i}", "SMB", 20, 5 + i) for i in range(5)]
    with pytest.raises(NotEnoughRepsError, match="in the core"):
        ranked(rows, star_fraction=0.4, tail_fraction=0.5)


def test_a_first_deal_at_the_start_of_the_export_is_not_a_hire_date() -> None:
    """Without hire dates, only reps whose deals start well after the export's own history are
    taken as new hires; the others sold all along and get no ramp."""
    from uplift.analytics.performance.exposure import exposures

    table = pa.table(
        {
            "source": ["sf", "sf"],
            "rep_id": ["old", "new"],
            "hire_date": pa.array([None, None], type=pa.date32()),
            "active": [True, True],
            "first_deal": [WINDOW.start, date(2026, 5, 4)],
            "last_deal": [WINDOW.end, WINDOW.end],
        }
    )
    found = exposures(table, window=WINDOW, ramp_months=6)
    assert found[("sf", "old")].months == pytest.approx(12, abs=0.05)
    assert not found[("sf", "old")].ramping
    assert found[("sf", "new")].start == date(2026, 5, 4)
    assert found[("sf", "new")].ramping
    assert found[("sf", "new")].start_assumed


def product_team() -> list[Cell]:
    """Three products at 500, 2,000 and 20,000. Everyone wins 100 of 150 deals; most reps win
    the top product in 10 % of their wins and the middle one otherwise, four 'sellers' win the
    top product in 25 % and the cheap one in 35 %: their typical deal is smaller, their
    average deal (what bookings add up) 1.6 times larger."""

    def wins(top: int, middle: int, cheap: int) -> tuple[float, ...]:
        return (20_000.0,) * top + (2_000.0,) * middle + (500.0,) * cheap

    rows = [Cell(f"r{i:02d}", "Unknown", 150, 100, amounts=wins(10, 90, 0)) for i in range(20)]
    rows += [Cell(f"seller{i}", "Unknown", 150, 100, amounts=wins(25, 40, 35)) for i in range(4)]
    return rows


def test_reps_who_win_the_expensive_product_more_often_are_the_bookings_stars() -> None:
    """Deal sizes are compared on the scale that tells reps apart: here the average deal (the
    typical deal says the sellers' deals are smaller)."""
    reps = ranked(product_team(), "bookings").reps
    assert {rep.rep.rep_id for rep in reps[:4]} == {f"seller{i}" for i in range(4)}
    # 100 wins over three very different prices are a noisy sample: probable, not certain.
    assert all(rep.segment == "star" and rep.p_star > 0.5 for rep in reps[:4])
    assert max(rep.p_star for rep in reps[4:]) < 0.2  # the fifth star place is anyone's
