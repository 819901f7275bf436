"""Every behaviour of every rep as one small long table: source, rep_id, behavior, value, n.

The engine aggregates (:func:`uplift.analytics.behaviour.metrics.rep_behaviour_expr` and the stage
expressions); this module runs the expressions and reshapes their few hundred rows per behaviour
into one table, so the statistics can treat a fixed behaviour and a stage behaviour alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from uplift.analytics.behaviour.catalogue import (
    FIXED_BEHAVIOURS,
    STAGE_FAMILIES,
    Behaviour,
    stage_behaviours,
)
from uplift.analytics.behaviour.metrics import closed_deals_expr, rep_behaviour_expr
from uplift.analytics.behaviour.sources import MissingMetric, absence_reason, source_counts
from uplift.analytics.behaviour.stages import (
    closing_stages,
    stage_conversion_expr,
    stage_ladder,
    time_in_stage_expr,
)
from uplift.analytics.metrics.periods import Window
from uplift.analytics.metrics.tables import CrmTables

RepKey = tuple[str, str]
LONG_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("rep_id", pa.string()),
        ("behavior", pa.string()),
        ("value", pa.float64()),
        ("n", pa.int64()),
    ]
)

# The count behind each fixed behaviour's per-rep number.
_DENOMINATORS = {
    "meetings_per_opportunity": "deals_closed",
    "calls_per_opportunity": "deals_closed",
    "emails_per_opportunity": "deals_closed",
    "contacts_per_opportunity": "deals_closed",
    "days_to_first_activity": "deals_touched",
    "sales_cycle_days": "deals_won",
}


@dataclass(frozen=True)
class BehaviourTable:
    """Per-rep behaviours over ``window``. ``rows`` has one row per rep and behaviour with a
    value: ``value`` is the number (see each :class:`Behaviour`'s ``meaning``) and ``n`` the
    deals behind it. ``ladder`` is the stage ladder read from the stage history (may be empty).
    ``missing`` are the metrics left out because the export lacks their source data: they are
    neither in ``behaviours`` nor in ``rows``."""

    window: Window
    behaviours: tuple[Behaviour, ...]
    ladder: tuple[str, ...]
    rows: pa.Table
    missing: tuple[MissingMetric, ...] = ()

    def values(self, behaviour: str, *, min_n: int = 1) -> dict[RepKey, float]:
        """The reps' values of ``behaviour`` that rest on at least ``min_n`` deals."""
        found: dict[RepKey, float] = {}
        for row in self.rows.filter(pc.equal(self.rows["behavior"], behaviour)).to_pylist():
            if row["value"] is not None and row["n"] >= min_n:
                found[(row["source"], row["rep_id"])] = float(row["value"])
        return found

    def values_by_behaviour(self, *, min_n: int = 1) -> dict[str, dict[RepKey, float]]:
        """:meth:`values` of every behaviour, by key."""
        return {b.key: self.values(b.key, min_n=min_n) for b in self.behaviours}


def _long_fixed(wide: pa.Table, measured: tuple[Behaviour, ...]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in LONG_SCHEMA.names}
    for record in wide.to_pylist():
        for behaviour in measured:
            value = record[behaviour.key]
            if value is None:
                continue
            columns["source"].append(record["source"])
            columns["rep_id"].append(record["rep_id"])
            columns["behavior"].append(behaviour.key)
            columns["value"].append(float(value))
            columns["n"].append(int(record[_DENOMINATORS[behaviour.key]]))
    return pa.table(columns, schema=LONG_SCHEMA)


def _stage_missing(reason: str) -> tuple[MissingMetric, ...]:
    return tuple(MissingMetric(family, reason) for family in STAGE_FAMILIES)


def behaviour_table(
    tables: CrmTables,
    stage_history: ir.Table | None,
    window: Window,
    *,
    min_stage_share: float = 0.05,
) -> BehaviourTable:
    """Every rep's behaviours over the deals they closed in ``window``, sorted by rep and
    behaviour. A metric whose source data the export lacks is left out and listed in
    ``missing`` (see :mod:`uplift.analytics.behaviour.sources`); without stage history (``None``
    or empty) there are no stage metrics."""
    counts = source_counts(tables, stage_history)
    measured: list[Behaviour] = []
    missing: list[MissingMetric] = []
    for behaviour in FIXED_BEHAVIOURS:
        reason = absence_reason(behaviour.source, counts)
        if reason is None:
            measured.append(behaviour)
        else:
            missing.append(MissingMetric(behaviour, reason))
    parts = [_long_fixed(rep_behaviour_expr(tables, window).to_pyarrow(), tuple(measured))]
    ladder: tuple[str, ...] = ()
    stage_reason = absence_reason("stage_history", counts)
    if stage_history is not None and stage_reason is None:
        deals = closed_deals_expr(tables, window)
        closing = closing_stages(tables.opportunities)
        ladder = stage_ladder(stage_history, deals, closing, min_share=min_stage_share)
        if ladder:
            stage_parts = (
                stage_conversion_expr(stage_history, deals, ladder),
                time_in_stage_expr(stage_history, deals, ladder),
            )
            parts.extend(expr.to_pyarrow().cast(LONG_SCHEMA) for expr in stage_parts)
        else:
            stage_reason = "no deal closed in the window has a stage history"
    if stage_reason is not None:
        missing.extend(_stage_missing(stage_reason))
    rows = pa.concat_tables(parts).sort_by(
        [("source", "ascending"), ("rep_id", "ascending"), ("behavior", "ascending")]
    )
    behaviours = (*measured, *stage_behaviours(ladder))
    return BehaviourTable(window, behaviours, ladder, rows, tuple(missing))
