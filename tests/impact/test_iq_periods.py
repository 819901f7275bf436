"""A quarter cut by the analysis window says so, in the table and on the chart."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from uplift.analytics.metrics.periods import Window
from uplift.analytics.teamiq import ResultsRecord, TeamIQInputs, team_iq_series
from uplift.insights.snapshots.impact_documents import TeamIQDocument
from uplift.presenters.impact_board.iq import iq_view, months_covered, part_of_period

# Twelve months ending 31 July: the first quarter has two months, the last one.
WINDOW = Window(date(2025, 8, 1), date(2026, 7, 31))


def _document() -> TeamIQDocument:
    results = []
    for month in (p.key for p in WINDOW.periods("month")):
        results.append(ResultsRecord("star", "Alpha", "star", month, 10, 5, 500_000))
        results.append(ResultsRecord("core", "Alpha", "core", month, 10, 3, 200_000))
    inputs = TeamIQInputs(
        members=(), skills=(), adoptions=(), contributions=(), results=tuple(results)
    )
    stored = {"as_of": "2026-07-31", "metric": "win_rate", "gap_unit": "fraction", "label": ""}
    return TeamIQDocument.from_dict({**stored, **team_iq_series(inputs, WINDOW).to_dict()})


def test_months_are_counted_from_the_first_month_to_the_last() -> None:
    assert months_covered("2025-08-01", "2025-09-30") == 2
    assert months_covered("2025-11-15", "2026-01-31") == 3
    assert months_covered("2026-07-01", "2026-07-31") == 1


def test_only_clipped_quarters_are_marked() -> None:
    point = {"period_start": "2026-07-01", "period_end": "2026-07-31"}
    assert part_of_period(point, "quarter") == "1 of 3 months"
    assert (
        part_of_period({"period_start": "2026-04-01", "period_end": "2026-06-30"}, "quarter") == ""
    )
    assert part_of_period(point, "month") == ""


def test_the_table_and_the_chart_mark_the_partial_quarters() -> None:
    view = iq_view(document=_document(), team="all")
    parts = {row.period: row.part for row in view.rows}
    assert parts == {
        "2025-Q3": "2 of 3 months",
        "2025-Q4": "",
        "2026-Q1": "",
        "2026-Q2": "",
        "2026-Q3": "1 of 3 months",
    }
    assert view.chart["labels"] == [
        "2025-Q3 (2 of 3 months)",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3 (1 of 3 months)",
    ]


def test_the_page_says_a_quarter_is_partial() -> None:
    html = render_to_string("impact/_iq.html", {"iq": iq_view(document=_document(), team="all")})
    assert html.count('data-testid="iq-part"') == 2
    assert "1 of 3 months only" in html
    assert "2 of 3 months only" in html
