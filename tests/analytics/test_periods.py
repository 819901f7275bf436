"""Windows, periods and the default "as of" date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from ibis.backends import BaseBackend

from tests.analytics.tiny_crm import tiny_tables
from uplift.analytics import engine
from uplift.analytics.metrics import (
    Window,
    add_months,
    default_as_of,
    last_full_month_end,
    trailing_window,
)


def test_the_trailing_twelve_months_of_a_month_end_are_twelve_calendar_months() -> None:
    window = trailing_window(date(2026, 10, 31))
    assert (window.start, window.end) == (date(2025, 11, 1), date(2026, 10, 31))
    assert window.months == pytest.approx(12, abs=0.01)


def test_a_mid_month_window_starts_the_day_after_the_same_day_a_year_before() -> None:
    window = trailing_window(date(2026, 2, 15), 12)
    assert (window.start, window.end) == (date(2025, 2, 16), date(2026, 2, 15))


def test_months_are_added_with_the_day_clamped_to_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_periods_are_clipped_to_the_window_and_keep_their_calendar_labels() -> None:
    window = Window(date(2025, 11, 16), date(2026, 2, 10))
    months = window.periods("month")
    assert [p.label for p in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert (months[0].start, months[0].end) == (date(2025, 11, 16), date(2025, 11, 30))
    assert (months[-1].start, months[-1].end) == (date(2026, 2, 1), date(2026, 2, 10))
    quarters = window.periods("quarter")
    assert [(p.label, p.key) for p in quarters] == [
        ("2025-Q4", date(2025, 10, 1)),
        ("2026-Q1", date(2026, 1, 1)),
    ]
    (whole,) = window.periods("window")
    assert whole.label == "2025-11-16..2026-02-10"


def test_a_window_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Window(date(2026, 2, 1), date(2026, 1, 31))


@pytest.mark.parametrize(
    ("latest", "as_of"),
    [
        (date(2026, 10, 31), date(2026, 10, 31)),
        (date(2026, 11, 14), date(2026, 10, 31)),
        (date(2024, 3, 1), date(2024, 2, 29)),
    ],
)
def test_the_last_full_month(latest: date, as_of: date) -> None:
    assert last_full_month_end(latest) == as_of


@pytest.fixture
def con() -> Iterator[BaseBackend]:
    backend = engine.connect("duckdb://")
    yield backend
    backend.disconnect()


def test_the_default_as_of_ignores_open_deals_forecast_close_dates(con: BaseBackend) -> None:
    tables = tiny_tables(con)
    # Latest data: o3 closed on 2026-03-01 (o4's 2026-06-30 is a forecast) -> February.
    assert default_as_of(tables) == date(2026, 2, 28)
    assert default_as_of(tables, today=date(2026, 2, 20)) == date(2026, 1, 31)
