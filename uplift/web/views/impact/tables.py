"""The impact page's tables: each practice's effect, coaching's effect and who gets the credit
(declared once; the page and its downloads draw them from here)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from uplift.presenters.impact_board.boards import EffectView, PracticeRow
from uplift.web.tables import Column, Priority, Table

NO_DATA = "\u2014"


def _effect_columns(prefix: str, interval_priority: Priority) -> tuple[Column[PracticeRow], ...]:
    """Win rate and bookings a month: the estimate (sorted by its number) and its interval;
    the downloads carry the interval's ends as numbers too."""

    def of(row: PracticeRow, metric: str) -> EffectView | None:
        return row.primary if metric == "win_rate" else row.bookings

    def columns(metric: str, label: str, priority: Priority) -> tuple[Column[PracticeRow], ...]:
        def att(row: PracticeRow) -> float | None:
            found = of(row, metric)
            return found.att if found else None

        def effect(row: PracticeRow) -> str:
            found = of(row, metric)
            return found.effect if found and found.effect else NO_DATA

        def interval(row: PracticeRow) -> str | None:
            found = of(row, metric)
            return found.interval if found and found.interval else None

        def low(row: PracticeRow) -> float | None:
            found = of(row, metric)
            return found.low if found else None

        def high(row: PracticeRow) -> float | None:
            found = of(row, metric)
            return found.high if found else None

        return (
            Column(f"{prefix}{metric}", label, att, text=effect, numeric=True, priority=priority),
            Column(
                f"{prefix}{metric}_interval",
                "95% interval",
                interval,
                css="num-wrap",
                sortable=False,
                priority=interval_priority,
                export_label=f"{label}: 95% interval",
                fold=metric == "win_rate",
            ),
            Column(f"{metric}_low", f"{label}: low", low, shown=False),
            Column(f"{metric}_high", f"{label}: high", high, shown=False),
        )

    return (
        *columns("win_rate", "Win rate", Priority.ESSENTIAL),
        *columns("bookings", "Bookings / month", Priority.TABLET),
    )


def _reading(row: PracticeRow) -> str | None:
    return row.primary.reading if row.primary else None


def practices_table() -> Table[PracticeRow]:
    return Table(
        name="impact-table",
        caption="Each practice's effect on win rate and bookings, with intervals and credit",
        columns=(
            Column(
                "practice",
                "Practice and contributors",
                lambda r: r.practice,
                link=lambda r: (
                    reverse("practice_impact", args=[r.practice_id]) if r.practice_id else None
                ),
                cell="impact/_cell_practice.html",
            ),
            Column("contributors", "Contributors", lambda r: r.contributors, shown=False),
            Column(
                "adopters", "Adopters", lambda r: r.adopters, numeric=True, priority=Priority.TABLET
            ),
            *_effect_columns("", Priority.DESKTOP),
            Column("reading", "Reading", _reading, cell="impact/_cell_reading.html"),
            Column(
                "credit",
                "Credit",
                lambda r: r.credit_status,
                cell="impact/_cell_credit.html",
                priority=Priority.DESKTOP,
            ),
        ),
        default_sort="win_rate",
        row_attrs=lambda r: {"data-practice": r.practice},
        empty="No practice has enough dated adoptions to estimate yet.",
        download="impact_download",
    )


def coaching_table() -> Table[PracticeRow]:
    return Table(
        name="coaching-table",
        caption="Each kind of coaching's effect on the coached reps",
        columns=(
            Column("coaching", "Coaching", lambda r: r.practice),
            Column(
                "adopters",
                "Coached reps",
                lambda r: r.adopters,
                numeric=True,
                priority=Priority.TABLET,
            ),
            *_effect_columns("", Priority.DESKTOP),
            Column("reading", "Reading", _reading, cell="impact/_cell_reading.html"),
        ),
        default_sort="win_rate",
        page_size=0,
        prefix="c_",
        download="impact_download",
    )


def credit_table(horizon: int) -> Table[dict[str, Any]]:
    return Table(
        name="credit-table",
        caption="Who gets the credit for the measured practices",
        columns=(
            Column(
                "contributor",
                "Contributor",
                lambda p: p["name"],
                cell="impact/_cell_contributor.html",
            ),
            Column("team", "Team", lambda p: p["team"], shown=False),
            Column(
                "practices",
                "Practices",
                lambda p: p["practices"],
                numeric=True,
                priority=Priority.TABLET,
            ),
            Column(
                "measured",
                "Measured",
                lambda p: p["measured_practices"],
                numeric=True,
                priority=Priority.DESKTOP,
            ),
            Column(
                "reached",
                "Adopters reached",
                lambda p: p["adopters_reached"],
                numeric=True,
                priority=Priority.TABLET,
            ),
            Column(
                "value",
                f"Bookings value, next {horizon} months",
                lambda p: p["value_amount"],
                text=lambda p: p["value"] or "not measured yet",
                numeric=True,
                cell="impact/_cell_credit_value.html",
            ),
            Column(
                "value_interval",
                "Bookings value: 95% interval",
                lambda p: p["value_interval"] or None,
                shown=False,
            ),
            Column(
                "wins",
                "Extra won deals",
                lambda p: p["wins_amount"],
                text=lambda p: p["wins"] or NO_DATA,
                numeric=True,
                priority=Priority.DESKTOP,
                cell="impact/_cell_credit_wins.html",
            ),
        ),
        default_sort="value",
        search=lambda p: f"{p['name']} {p['team']}",
        search_label="Find a contributor",
        prefix="cr_",
        empty="No practice records its contributors yet.",
        download="impact_download",
    )
