"""Fair star identification: the mix adjustment by hand, shrinkage of small samples, bands."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pyarrow as pa
import pytest

from uplift.analytics.metrics import trailing_window
from uplift.analytics.performance import NotEnoughRepsError, PerformanceConfig, band_sizes
from uplift.analytics.performance.adjust import MixAdjustment, mix_adjustment
from uplift.analytics.performance.results import RepIdentity
from uplift.analytics.performance.stars import mix_phrase, rank_reps

WINDOW = trailing_window(date(2026, 10, 31))
Row = tuple[str, str, int, int, int, float]  # rep, cell, closed, won, bookings, Σ amount²


def mix_table(rows: list[Row]) -> pa.Table:
    names = ["rep_id", "cell", "deals_closed", "deals_won", "bookings_cents", "bookings_squares"]
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return pa.table({"source": ["sf"] * len(rows), **columns})


def person(rep: str, team: str = "T") -> RepIdentity:
    return RepIdentity("sf", rep, f"{rep}@x.test", f"Rep {rep}", team, "North", active=True)


# SMB: 20 closed, 8 won (40 %), every win worth 100; Enterprise: 20 closed, 4 won (20 %), 1,000.
HAND: list[Row] = [
    ("A", "SMB", 10, 5, 500, 5 * 100.0**2),
    ("B", "Enterprise", 10, 2, 2000, 2 * 1000.0**2),
    ("C", "SMB", 10, 3, 300, 3 * 100.0**2),
    ("C", "Enterprise", 10, 2, 2000, 2 * 1000.0**2),
]


def at(adj: MixAdjustment, rep: str) -> int:
    return adj.rep_ids.index(rep)


def test_expected_wins_come_from_the_organisations_rate_in_each_segment() -> None:
    adj = mix_adjustment(mix_table(HAND), "win_rate")
    assert adj.cells == ("Enterprise", "SMB")
    assert list(adj.cell_rate) == pytest.approx([0.2, 0.4])
    a, b, c = (at(adj, rep) for rep in "ABC")
    assert adj.expected[a] == pytest.approx(10 * 0.4)
    assert adj.expected[b] == pytest.approx(10 * 0.2)
    assert adj.expected[c] == pytest.approx(10 * 0.4 + 10 * 0.2)
    assert adj.index[a] == pytest.approx(5 / 4)
    assert adj.index[b] == pytest.approx(2 / 2)
    assert adj.index[c] == pytest.approx(5 / 6)
    # Standard error of a rep performing exactly as expected: √Σ n p(1-p) / E.
    assert adj.se[a] == pytest.approx(math.sqrt(10 * 0.4 * 0.6) / 4)
    assert adj.se[c] == pytest.approx(math.sqrt(10 * 0.24 + 10 * 0.16) / 6)


def test_a_rep_who_sells_the_hard_segment_is_not_penalised_for_it() -> None:
    adj = mix_adjustment(mix_table(HAND), "win_rate")
    b, c = at(adj, "B"), at(adj, "C")
    assert adj.wins[b] / adj.closed[b] < adj.wins[c] / adj.closed[c]  # 20 % raw against 25 %
    assert adj.index[b] > adj.index[c]  # but B wins what Enterprise allows, C does not


def test_expected_bookings_come_from_the_value_of_a_closed_deal_in_each_segment() -> None:
    adj = mix_adjustment(mix_table(HAND), "bookings")
    assert list(adj.cell_value) == pytest.approx([4000 / 20, 800 / 20])
    a, c = at(adj, "A"), at(adj, "C")
    assert adj.expected[a] == pytest.approx(10 * 40)
    assert adj.index[a] == pytest.approx(500 / 400)
    assert adj.expected[c] == pytest.approx(10 * 40 + 10 * 200)
    assert adj.index[c] == pytest.approx(2300 / 2400)
    smb_var = 80_000 / 20 - 40**2
    enterprise_var = 4_000_000 / 20 - 200**2
    assert adj.se[c] == pytest.approx(math.sqrt(10 * smb_var + 10 * enterprise_var) / 2400)
    assert list(adj.expected_bookings_cents) == pytest.approx([400, 2000, 2400])


def test_shares_describe_each_reps_mix() -> None:
    adj = mix_adjustment(mix_table(HAND), "win_rate")
    assert list(adj.shares[at(adj, "C")]) == pytest.approx([0.5, 0.5])
    assert mix_phrase(adj.cells, adj.shares[at(adj, "A")]) == "SMB-heavy mix (100% of deals)"
    assert mix_phrase(("E", "M", "S"), np.array([0.3, 0.3, 0.4])) == (
        "mixed book (S 40%, E 30%, M 30%)"
    )


@pytest.mark.parametrize(
    ("reps", "expected"),
    [(1, (1, 0, 0)), (2, (1, 0, 1)), (5, (1, 3, 1)), (6, (1, 4, 1)), (7, (1, 5, 1)),
     (8, (2, 4, 2)), (13, (3, 7, 3)), (200, (40, 120, 40))],
)  # fmt: skip
def test_bands_round_half_up_with_at_least_one_star(
    reps: int, expected: tuple[int, int, int]
) -> None:
    assert band_sizes(reps, 0.2, 0.2) == expected


def steady_team(lucky_wins: int = 4, lucky_closed: int = 4) -> list[Row]:
    """19 reps with 100 SMB deals each winning 25 to 43, and one with a short lucky streak."""
    rows: list[Row] = [(f"r{i:02d}", "SMB", 100, 25 + i, 0, 0.0) for i in range(19)]
    rows.append(("lucky", "SMB", lucky_closed, lucky_wins, 0, 0.0))
    return rows


def ranked(rows: list[Row], **config: object) -> dict[str, object]:
    adj = mix_adjustment(mix_table(rows), "win_rate")
    people = {("sf", rep): person(rep) for rep in adj.rep_ids}
    settings = PerformanceConfig(min_closed_deals=1, **config)  # type: ignore[arg-type]
    segments = rank_reps(adj, people, settings, as_of=WINDOW.end, window=WINDOW, currency="USD")
    return {rep.rep.rep_id: rep for rep in segments.reps} | {"_segments": segments}


def test_four_wins_out_of_four_do_not_make_a_star() -> None:
    reps = ranked(steady_team())
    lucky, best = reps["lucky"], reps["r18"]  # best: 43 of 100
    assert lucky.adjusted_raw > best.adjusted_raw  # type: ignore[attr-defined]
    assert lucky.adjusted < best.adjusted  # type: ignore[attr-defined]
    assert lucky.p_star < best.p_star  # type: ignore[attr-defined]
    assert lucky.rank_high - lucky.rank_low > best.rank_high - best.rank_low  # type: ignore[attr-defined]
    assert best.segment == "star"  # type: ignore[attr-defined]


def test_shrinkage_pulls_every_index_towards_the_organisation() -> None:
    reps = ranked(steady_team())
    for rep in reps.values():
        if hasattr(rep, "adjusted"):
            assert abs(rep.adjusted - 1) <= abs(rep.adjusted_raw - 1) + 0.02


def test_bands_follow_the_shrunk_index_and_the_rounding_rule() -> None:
    segments = ranked(steady_team())["_segments"]
    order = [rep.adjusted for rep in segments.reps]  # type: ignore[attr-defined]
    assert order == sorted(order, reverse=True)
    bands = [rep.segment for rep in segments.reps]  # type: ignore[attr-defined]
    assert bands == ["star"] * 4 + ["core"] * 12 + ["tail"] * 4
    assert [rep.rank for rep in segments.reps] == list(range(1, 21))  # type: ignore[attr-defined]
    assert "rounded half up" in segments.bands.rule  # type: ignore[attr-defined]


def test_the_why_says_the_rate_the_sample_the_expectation_and_the_probability() -> None:
    best = ranked(steady_team())["r18"]
    why = best.why  # type: ignore[attr-defined]
    assert why.startswith("win rate 43% on 100 closed deals vs 34% expected for their SMB-heavy")
    assert f"{100 * best.p_star:.0f}% probability of top 20%" in why  # type: ignore[attr-defined]
    assert "rank 1 of 20" in why


def test_who_is_not_ranked_and_why() -> None:
    rows = [*steady_team(), ("ghost", "SMB", 50, 20, 0, 0.0)]
    adj = mix_adjustment(mix_table(rows), "win_rate")
    people = {("sf", rep): person(rep) for rep in adj.rep_ids if rep != "ghost"}
    people[("sf", "manager")] = person("manager")
    settings = PerformanceConfig(min_closed_deals=5)
    segments = rank_reps(adj, people, settings, as_of=WINDOW.end, window=WINDOW, currency="USD")
    reasons = {rep.rep.rep_id: rep.reason for rep in segments.excluded}
    assert reasons == {
        "ghost": "not_in_crm_users",
        "lucky": "too_few_closed_deals",
        "manager": "no_closed_deals",
    }
    assert len(segments.reps) == 19
    assert segments.to_dict()["excluded_counts"] == {
        "no_closed_deals": 1, "not_in_crm_users": 1, "too_few_closed_deals": 1,
    }  # fmt: skip


def test_too_few_reps_to_rank_is_a_clear_error() -> None:
    rows: list[Row] = [(f"r{i}", "SMB", 20, 5 + i, 0, 0.0) for i in range(4)]
    with pytest.raises(NotEnoughRepsError, match="only 4 reps"):
        ranked(rows)


def test_the_bookings_metric_ranks_on_bookings_against_the_mix() -> None:
    rows: list[Row] = [
        (f"r{i}", "SMB", 60, 5 + 3 * i, (5 + 3 * i) * 1000, (5 + 3 * i) * 1000.0**2)
        for i in range(10)
    ]
    adj = mix_adjustment(mix_table(rows), "bookings")
    people = {("sf", rep): person(rep) for rep in adj.rep_ids}
    segments = rank_reps(adj, people, PerformanceConfig(primary_metric="bookings"),
                         as_of=WINDOW.end, window=WINDOW, currency="USD")  # fmt: skip
    assert segments.reps[0].rep.rep_id == "r9"
    assert segments.reps[0].why.startswith("bookings $320 on 60 closed deals vs $185 expected")


def test_bands_that_leave_no_core_are_refused() -> None:
    rows: list[Row] = [(f"r{i}", "SMB", 20, 5 + i, 0, 0.0) for i in range(5)]
    with pytest.raises(NotEnoughRepsError, match="in the core"):
        ranked(rows, star_fraction=0.4, tail_fraction=0.5)
