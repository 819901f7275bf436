"""The rep x month panel the impact estimates run on, aggregated in the engine.

One row per rep and calendar month of the window, for every rep in the panel, including months
in which the rep closed nothing (a balanced panel, as staggered difference-in-differences needs):

- ``deals_closed``, ``deals_won``: deals closed (won or lost) and won in the month, by close date;
- ``bookings_cents``: the amounts of the deals won in the month, integer cents;
- ``activities``: activities of any type the rep logged in the month, on a deal or an account;
- ``win_rate``: ``deals_won / deals_closed``, **null** when the rep closed nothing that month.

Counts and bookings are zero in a month without deals — that is what happened. A win rate is not:
a month without closed deals says nothing about how well the rep wins, so it stays null rather
than becoming 0 or 1. The estimator therefore never averages per-rep monthly rates; it compares
won deals per closed deal over groups of reps (a ratio estimator, :mod:`.ratio`), in which a rep
with no closed deals in a month simply adds nothing to that month.

Which reps are in the panel: sellers (at least one closed deal in the window) who were there for
the whole window — a CRM record (a deal created or closed, an activity) in the window's first
month or earlier, and one in its last month. Reps who joined or left during the window would add
months of zeros that reflect their employment, not their selling, so they are left out and
counted in ``excluded_reps``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import ibis
import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from uplift.analytics.metrics.periods import Window, month_start, trailing_window
from uplift.analytics.metrics.tables import CrmTables

RepKey = tuple[str, str]  # (source, rep_id), as everywhere in the analytics
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
PANEL_KEYS = ("source", "rep_id", "period")
COUNT_COLUMNS = ("deals_closed", "deals_won", "bookings_cents", "activities")

# What each column of the panel means; the order is the order of the columns.
PANEL_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM",
    "period": "the month's index in the window: 1 is the first month",
    "month": "the first day of the calendar month",
    "deals_closed": "deals closed (won or lost) in the month, by close date",
    "deals_won": "deals won in the month",
    "win_rate": "deals_won / deals_closed, a fraction; null without closed deals",
    "bookings_cents": "sum of the amounts of the deals won in the month, integer cents",
    "activities": "activities of any type logged in the month (on deals and on accounts)",
}


@dataclass(frozen=True)
class RepMonthPanel:
    """A balanced rep x month panel as matrices: one row per rep (``reps`` order), one column
    per month (``months`` order; period index = column + 1)."""

    window: Window
    months: tuple[date, ...]
    reps: tuple[RepKey, ...]
    deals_closed: IntArray
    deals_won: IntArray
    bookings_cents: IntArray
    activities: IntArray
    excluded_reps: int  # sellers in the window who were not there for all of it

    @property
    def periods(self) -> IntArray:
        return np.arange(1, len(self.months) + 1, dtype=np.int64)

    @property
    def win_rate(self) -> FloatArray:
        """won / closed per rep and month; NaN where the rep closed nothing."""
        closed = self.deals_closed.astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = self.deals_won / closed
        return np.asarray(np.where(closed > 0, rates, np.nan), dtype=np.float64)

    def period_of(self, day: date) -> int:
        """The period index of the month ``day`` falls in (< 1 before the window, > the
        number of months after it)."""
        first = self.months[0]
        return (day.year - first.year) * 12 + day.month - first.month + 1

    def to_arrow(self) -> pa.Table:
        """The panel in long form, sorted by source, rep and period (see PANEL_COLUMNS)."""
        n_reps, n_months = self.deals_closed.shape
        rate = self.win_rate.ravel()
        return pa.table(
            {
                "source": [rep[0] for rep in self.reps for _ in range(n_months)],
                "rep_id": [rep[1] for rep in self.reps for _ in range(n_months)],
                "period": np.tile(self.periods, n_reps),
                "month": pa.array(list(self.months) * n_reps, type=pa.date32()),
                "deals_closed": self.deals_closed.ravel(),
                "deals_won": self.deals_won.ravel(),
                "win_rate": pa.array(rate, mask=np.isnan(rate), type=pa.float64()),
                "bookings_cents": self.bookings_cents.ravel(),
                "activities": self.activities.ravel(),
            }
        )


def impact_window(tables: CrmTables, as_of: date, months: int) -> Window:
    """The ``months`` months ending at ``as_of``, starting no earlier than the first month in
    which any deal closed (an export that starts later has no outcomes before)."""
    window = trailing_window(as_of, months)
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date <= as_of)
    first = closed.aggregate(first=closed.close_date.min()).to_pyarrow()["first"][0].as_py()
    if first is None or month_start(first) <= window.start:
        return window
    return Window(start=month_start(first), end=as_of)


def _months(window: Window) -> ir.Table:
    periods = window.periods("month")
    return ibis.memtable(
        {"period": list(range(1, len(periods) + 1)), "month": [p.key for p in periods]},
        schema={"period": "int64", "month": "date"},
    )


def _outcomes(tables: CrmTables, window: Window) -> ir.Table:
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    closed = closed.mutate(
        rep_id=closed.owner_id, month=closed.close_date.truncate("M").cast("date")
    )
    won = closed.is_won
    return closed.group_by(["source", "rep_id", "month"]).aggregate(
        deals_closed=closed.count(),
        deals_won=closed.count(where=won),
        bookings_cents=closed.amount_cents.sum(where=won).fill_null(0).cast("int64"),
    )


def _timestamp_bounds(window: Window) -> tuple[ir.TimestampValue, ir.TimestampValue]:
    first = ibis.timestamp(datetime.combine(window.start, time()))
    after = ibis.timestamp(datetime.combine(window.end_exclusive, time()))
    return first, after


def _activities(tables: CrmTables, window: Window) -> ir.Table:
    act = tables.activities
    first, after = _timestamp_bounds(window)
    act = act.filter(act.occurred_at >= first, act.occurred_at < after)
    act = act.mutate(rep_id=act.owner_id, month=act.occurred_at.date().truncate("M").cast("date"))
    return act.group_by(["source", "rep_id", "month"]).aggregate(activities=act.count())


def _record_days(tables: CrmTables, window: Window) -> ir.Table:
    """(source, rep_id, day) of every CRM record of a rep up to the window's end."""
    opp = tables.opportunities
    created = opp.filter(opp.created_date <= window.end).select(
        "source", rep_id=opp.owner_id, day=opp.created_date
    )
    closed_deals = opp.filter(opp.is_closed, opp.close_date <= window.end)
    closed = closed_deals.select(
        "source", rep_id=closed_deals.owner_id, day=closed_deals.close_date
    )
    act = tables.activities
    _, after = _timestamp_bounds(window)
    logged = act.filter(act.occurred_at < after).select(
        "source", rep_id=act.owner_id, day=act.occurred_at.date()
    )
    return ibis.union(created, closed, logged, distinct=False)


def panel_reps_expr(tables: CrmTables, window: Window) -> ir.Table:
    """(source, rep_id, present) for every rep with a closed deal in the window; ``present``
    is true when the rep has a record in the window's first month or earlier and one in its
    last month (see the module docstring)."""
    months = window.periods("month")
    first_month_end, last_month_start = months[0].end, months[-1].key
    days = _record_days(tables, window)
    spans = days.group_by(["source", "rep_id"]).aggregate(
        first_seen=days.day.min(), last_seen=days.day.max()
    )
    opp = tables.opportunities
    sold = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    sellers = sold.select("source", rep_id=sold.owner_id).distinct()
    joined = sellers.inner_join(spans, ["source", "rep_id"])
    present = (joined.first_seen <= first_month_end) & (joined.last_seen >= last_month_start)
    return joined.select("source", "rep_id", present=present)


def rep_month_panel_expr(tables: CrmTables, window: Window) -> ir.Table:
    """The balanced panel as one engine expression: every present rep x every month of
    ``window``; columns and their meaning in :data:`PANEL_COLUMNS`."""
    reps = panel_reps_expr(tables, window)
    reps = reps.filter(reps.present).select("source", "rep_id")
    grid = reps.cross_join(_months(window))
    keys = ["source", "rep_id", "month"]
    full = grid.left_join(_outcomes(tables, window), keys).left_join(
        _activities(tables, window), keys
    )
    closed = full.deals_closed.fill_null(0).cast("int64")
    won = full.deals_won.fill_null(0).cast("int64")
    safe = ibis.ifelse(closed > 0, closed.cast("float64"), ibis.null("float64"))
    return full.select(
        "source",
        "rep_id",
        "period",
        "month",
        deals_closed=closed,
        deals_won=won,
        win_rate=won.cast("float64") / safe,
        bookings_cents=full.bookings_cents.fill_null(0).cast("int64"),
        activities=full.activities.fill_null(0).cast("int64"),
    )


def rep_month_panel(tables: CrmTables, window: Window) -> RepMonthPanel:
    """:func:`rep_month_panel_expr`, executed and shaped into matrices."""
    months = tuple(period.key for period in window.periods("month"))
    table = rep_month_panel_expr(tables, window).order_by(list(PANEL_KEYS)).to_pyarrow()
    reps_table = panel_reps_expr(tables, window).to_pyarrow()
    excluded = int(pc.sum(pc.invert(reps_table["present"])).as_py() or 0)
    n_months = len(months)
    n_reps = table.num_rows // n_months
    sources = table["source"].to_pylist()[::n_months]
    rep_ids = table["rep_id"].to_pylist()[::n_months]

    def matrix(name: str) -> IntArray:
        values = np.asarray(table[name].to_numpy(zero_copy_only=False), dtype=np.int64)
        return values.reshape(n_reps, n_months)

    return RepMonthPanel(
        window=window,
        months=months,
        reps=tuple(zip(sources, rep_ids, strict=True)),
        deals_closed=matrix("deals_closed"),
        deals_won=matrix("deals_won"),
        bookings_cents=matrix("bookings_cents"),
        activities=matrix("activities"),
        excluded_reps=excluded,
    )


def crm_rep_keys(tables: CrmTables) -> dict[str, tuple[RepKey, ...]]:
    """Every CRM user's keys by rep id: ``{"005…": (("salesforce", "005…"),)}``. An id found
    in several sources maps to all of them (the caller decides; ids rarely collide)."""
    reps = tables.reps.select("source", "rep_id").distinct().to_pyarrow().to_pylist()
    found: dict[str, list[RepKey]] = {}
    for row in reps:
        found.setdefault(row["rep_id"], []).append((row["source"], row["rep_id"]))
    return {rep_id: tuple(sorted(keys)) for rep_id, keys in found.items()}
