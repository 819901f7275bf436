"""Gap closure against a target: a planted straight line is read back, with an interval that
holds it, and the reading compares it with the target path."""

from __future__ import annotations

from datetime import date

import pytest

from uplift.analytics.teamiq.closure import closure_against_target

START = date(2026, 1, 1)


def _rows(gaps: list[float | None], first: str = "2026-01") -> list[dict[str, object]]:
    year, month = (int(x) for x in first.split("-"))
    rows = []
    for offset, gap in enumerate(gaps):
        index = year * 12 + month - 1 + offset
        rows.append({"period": f"{index // 12}-{index % 12 + 1:02d}", "gap_pct": gap})
    return rows


def test_a_planted_line_is_read_back_as_the_share_closed() -> None:
    # the gap falls from 0.80 by 0.02 a month, with a little noise: 11 months close 0.22 / 0.80
    noise = [0.01, -0.01, 0.005, -0.005, 0.0, 0.01, -0.01, 0.0, 0.005, -0.005, 0.0, 0.0]
    gaps = [0.80 - 0.02 * k + noise[k] for k in range(12)]
    closure = closure_against_target(
        _rows(gaps), start=START, target_fraction=0.25, target_by=date(2027, 1, 1)
    )
    assert closure.value == pytest.approx(0.275, abs=0.03)
    assert closure.low is not None
    assert closure.high is not None
    assert closure.low < 0.275 < closure.high
    assert closure.target_to_date == pytest.approx(0.25 * 11 / 12)
    assert closure.reading == "ahead of the target path"  # 27.5% closed against 22.9% by now
    assert closure.months[0].target == 0.0
    assert closure.months[-1].fitted == pytest.approx(closure.value)


def test_months_before_the_start_do_not_count_and_a_widening_gap_says_so() -> None:
    gaps = [2.0, 2.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]  # two months before the start
    closure = closure_against_target(
        _rows(gaps, "2025-11"), start=START, target_fraction=0.25, target_by=date(2027, 1, 1)
    )
    assert closure.months[0].period == "2026-01"
    assert closure.months_used == 6
    assert closure.value is not None
    assert closure.value < 0
    assert closure.reading == "widening: the gap grew since the start"


def test_too_few_months_or_no_gap_measure_nothing() -> None:
    short = closure_against_target(
        _rows([0.5, 0.4, None]), start=START, target_fraction=0.25, target_by=date(2027, 1, 1)
    )
    assert short.value is None
    assert short.reading.startswith("too few months")
    none = closure_against_target(
        _rows([-0.1, -0.12, -0.1, -0.11]),
        start=START,
        target_fraction=0.25,
        target_by=date(2027, 1, 1),
    )
    assert none.value is None
    assert none.reading == "no gap to close at the start"
    assert none.to_dict()["ci"] == [None, None]
