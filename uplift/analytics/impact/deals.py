"""Deals, not rep-months: which deals a practice could have touched, counted in the engine.

A practice acts on the deals a rep works after adopting it. So the win-rate estimate counts deals
by the month they were **created** (the deal's own start, which adoption cannot move), and each
closed deal of an adopter gets an *exposure*: the share of its open life (created to closed, in
days) that came after the adoption date.

- exposure 1 — created on or after the adoption day: **treated**;
- exposure 0 — closed on or before the adoption day: **untreated**, a "before" deal;
- in between — in flight when the rep adopted: **treated** when at least ``in_flight_share``
  (one half by default) of its open life came after adoption, otherwise **left out** of both
  sides: it is neither a clean "before" deal nor mostly worked with the practice.

Why not count in-flight deals as "before": they were partly worked with the practice, so the
adopters' last months before adopting would look better than their history — on the generated
organisation the pre-trend check then flagged three of four practices (p < 0.002), the planted
effects leaking into the "before" side. Leaving them out has its own, smaller cost: which deals
created just before adoption closed before it depends on how long they take, and long and short
deals win at different rates; so the pre-trend check skips the last months before adoption
(``imputed.ANTICIPATION_MONTHS``), where that selection sits.

Deals of reps who never adopted the practice are untreated. Counts come back per rep, creation
month and exposure class (deals, won deals): sufficient for the imputation estimator
(:func:`uplift.analytics.stats.imputation_att` with ``count``), which weighs every deal once and
never averages rates per rep and month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import ibis
import ibis.expr.types as ir
import numpy as np

from uplift.analytics.impact.panel import IntArray, RepKey, panel_reps_expr
from uplift.analytics.metrics.periods import Window
from uplift.analytics.metrics.tables import CrmTables

UNTREATED, TREATED, IN_FLIGHT = 0, 1, 2
DEAL_CELL_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM",
    "created_month": "the first day of the month the deals were created in",
    "exposure": "0 untreated (closed by the adoption day), 1 treated, 2 in flight, left out",
    "deals": "closed deals (won or lost) created that month, in that exposure class",
    "won": "of those, deals won",
}


@dataclass(frozen=True)
class DealCells:
    """One treatment's closed deals in the window, counted per rep, creation month and exposure
    class, for the reps of the impact panel; ``rep`` indexes ``reps``, ``month`` is the creation
    month's index in the window (1 = its first month)."""

    reps: tuple[RepKey, ...]
    rep: IntArray
    month: IntArray
    exposure: IntArray
    deals: IntArray
    won: IntArray

    def share_in_flight(self) -> float | None:
        """Of the adopters' deals that closed after adoption, the share left out as in flight."""
        total = int(self.deals[self.exposure != UNTREATED].sum())
        if total == 0:
            return None
        return float(self.deals[self.exposure == IN_FLIGHT].sum()) / total


def _closed_deals(tables: CrmTables, window: Window) -> ir.Table:
    opp = tables.opportunities
    deals = opp.filter(
        opp.is_closed,
        opp.created_date.between(window.start, window.end),
        opp.close_date <= window.end,
    )
    reps = panel_reps_expr(tables, window)
    reps = reps.filter(reps.present).select("source", "rep_id")
    deals = deals.mutate(rep_id=deals.owner_id).inner_join(reps, ["source", "rep_id"])
    return deals.select(
        "source",
        "rep_id",
        created_month=deals.created_date.truncate("M").cast("date"),
        created_day=deals.created_date.epoch_days(),
        closed_day=deals.close_date.epoch_days(),
        won=ibis.ifelse(deals.is_won, 1, 0).cast("int64"),
    )


def deal_cells_expr(
    tables: CrmTables,
    window: Window,
    adopted: Mapping[RepKey, date],
    *,
    in_flight_share: float = 0.5,
) -> ir.Table:
    """Closed deals created in ``window`` by panel reps, counted per (source, rep_id,
    created_month, exposure) for one treatment adopted on the dates in ``adopted``; columns in
    :data:`DEAL_CELL_COLUMNS`."""
    if not 0 < in_flight_share <= 1:
        raise ValueError("in_flight_share must be in (0, 1]")
    deals = _closed_deals(tables, window)
    epoch = date(1970, 1, 1)
    adoptions = ibis.memtable(
        {
            "source": [rep[0] for rep in adopted],
            "rep_id": [rep[1] for rep in adopted],
            "adopted_day": [(day - epoch).days for day in adopted.values()],
        },
        schema={"source": "string", "rep_id": "string", "adopted_day": "int64"},
    )
    joined = deals.left_join(adoptions, ["source", "rep_id"])
    life = joined.closed_day - joined.created_day
    after = joined.closed_day - joined.adopted_day
    share = ibis.ifelse(life > 0, after.cast("float64") / life.cast("float64"), 0.0)
    exposure = (
        ibis.cases(
            (joined.adopted_day.isnull(), UNTREATED),
            (joined.created_day >= joined.adopted_day, TREATED),
            (joined.closed_day <= joined.adopted_day, UNTREATED),
            (share >= in_flight_share, TREATED),
            else_=IN_FLIGHT,
        )
        .cast("int64")
        .name("exposure")
    )
    classed = joined.select("source", "rep_id", "created_month", "won", exposure=exposure)
    return classed.group_by(["source", "rep_id", "created_month", "exposure"]).aggregate(
        deals=classed.count().cast("int64"), won=classed.won.sum().cast("int64")
    )


def deal_cells(
    tables: CrmTables,
    window: Window,
    reps: tuple[RepKey, ...],
    adopted: Mapping[RepKey, date],
    *,
    in_flight_share: float = 0.5,
) -> DealCells:
    """:func:`deal_cells_expr`, executed, for the panel reps ``reps`` (in that order)."""
    expr = deal_cells_expr(tables, window, adopted, in_flight_share=in_flight_share)
    table = expr.to_pyarrow()
    index = {rep: i for i, rep in enumerate(reps)}
    first = window.start
    keys = zip(table["source"].to_pylist(), table["rep_id"].to_pylist(), strict=True)
    rep_index = np.asarray([index.get(key, -1) for key in keys], dtype=np.int64)
    months = np.asarray(
        [
            (d.year - first.year) * 12 + d.month - first.month + 1
            for d in table["created_month"].to_pylist()
        ],
        dtype=np.int64,
    )
    keep = rep_index >= 0

    def column(name: str) -> IntArray:
        return np.asarray(table[name].to_numpy(zero_copy_only=False), dtype=np.int64)[keep]

    return DealCells(
        reps=reps,
        rep=rep_index[keep],
        month=months[keep],
        exposure=column("exposure"),
        deals=column("deals"),
        won=column("won"),
    )
