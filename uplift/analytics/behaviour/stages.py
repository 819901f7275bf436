"""Stage behaviours from the stage history: conversion from stage to stage and time in stage.

CRMs name their stages as they like, so the stage ladder is read from the data:

- **Closing stages** are those that closed deals show and open deals never do ("Closed Won",
  "Closed Lost"); they end a deal rather than being a step of it.
- The **ladder** is the other stages that at least ``min_share`` of the deals (closed in the
  window, with any stage history) entered, ordered by where they come, on average, in a deal's
  sequence of first entries.

A deal's *progress* is the highest rung it entered, or one past the last rung when it was won
(a won deal passed every stage, including any it skipped). Conversion out of rung k is the share
of the rep's deals with progress >= k that reached progress >= k + 1; out of the last rung it is
the share won. Time in a stage runs from entering it to entering the next stage or closing; a
deal's repeat visits add up, and the per-rep number is the median over the rep's deals.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from uplift.analytics.behaviour.catalogue import stage_behaviours
from uplift.analytics.behaviour.metrics import epoch_days

MAX_STAGES = 12


def closing_stages(opportunities: ir.Table) -> frozenset[str]:
    """Stages that closed deals show and open deals never do."""
    opp = opportunities.filter(opportunities.stage.notnull())
    counted = opp.group_by("stage").aggregate(
        closed=opp.count(where=opp.is_closed), still_open=opp.count(where=~opp.is_closed)
    )
    rows = counted.to_pyarrow().to_pylist()
    return frozenset(r["stage"] for r in rows if r["closed"] > 0 and r["still_open"] == 0)


def _history(stage_history: ir.Table, deals: ir.Table) -> ir.Table:
    owners = deals.select("source", "opportunity_id", "rep_id", "is_won")
    return stage_history.select("source", "opportunity_id", "stage", "entered_at").inner_join(
        owners, ["source", "opportunity_id"]
    )


def _first_entries(history: ir.Table, closing: frozenset[str]) -> ir.Table:
    steps = history.filter(history.stage.notnull())
    if closing:
        steps = steps.filter(~steps.stage.isin(sorted(closing)))
    return steps.group_by(["source", "opportunity_id", "rep_id", "is_won", "stage"]).aggregate(
        first_at=steps.entered_at.min()
    )


def stage_ladder(
    stage_history: ir.Table, deals: ir.Table, closing: frozenset[str], *, min_share: float = 0.05
) -> tuple[str, ...]:
    """The ordered working stages of ``deals`` (see the module docstring); empty without
    stage history."""
    history = _history(stage_history, deals)
    total = history.select("source", "opportunity_id").distinct().count().to_pyarrow().as_py()
    if not total:
        return ()
    first = _first_entries(history, closing)
    position = ibis.row_number().over(
        group_by=[first.source, first.opportunity_id], order_by=[first.first_at, first.stage]
    )
    first = first.mutate(position=position)
    stats = first.group_by("stage").aggregate(
        deals=first.count(), position=first.position.cast("float64").mean()
    )
    rows = stats.to_pyarrow().to_pylist()
    kept = [r for r in rows if r["deals"] >= min_share * total]
    kept.sort(key=lambda r: (r["position"], r["stage"]))
    return tuple(str(r["stage"]) for r in kept[:MAX_STAGES])


def _rungs(ladder: tuple[str, ...]) -> ir.Table:
    return ibis.memtable(
        {"stage": list(ladder), "rung": list(range(1, len(ladder) + 1))},
        schema={"stage": "string", "rung": "int64"},
    )


def stage_conversion_expr(
    stage_history: ir.Table, deals: ir.Table, ladder: tuple[str, ...]
) -> ir.Table:
    """Per rep and rung: ``behavior`` (``conversion_<stage>``), ``n`` (the rep's deals that
    reached the rung) and ``value`` (the share of them that went on to the next rung, or won)."""
    history = _history(stage_history, deals)
    rungs = _rungs(ladder)
    first = _first_entries(history, frozenset()).inner_join(rungs, "stage")
    reached = first.group_by(["source", "opportunity_id"]).aggregate(reached=first.rung.max())
    with_history = history.select("source", "opportunity_id", "rep_id", "is_won").distinct()
    deals_h = with_history.left_join(reached, ["source", "opportunity_id"])
    top = len(ladder) + 1
    progress = ibis.ifelse(deals_h.is_won, top, deals_h.reached.fill_null(0))
    deals_h = deals_h.select("source", "rep_id", progress=progress.cast("int64"))
    keys = [b.key for b in stage_behaviours(ladder)[: len(ladder)]]
    steps = ibis.memtable(
        {"rung": list(range(1, len(ladder) + 1)), "behavior": keys},
        schema={"rung": "int64", "behavior": "string"},
    )
    pairs = deals_h.cross_join(steps)
    pairs = pairs.filter(pairs.progress >= pairs.rung)
    counted = pairs.group_by(["source", "rep_id", "behavior"]).aggregate(
        n=pairs.count(), converted=pairs.count(where=pairs.progress > pairs.rung)
    )
    return counted.select(
        "source",
        "rep_id",
        "behavior",
        value=counted.converted.cast("float64") / counted.n.cast("float64"),
        n=counted.n.cast("int64"),
    )


def time_in_stage_expr(
    stage_history: ir.Table, deals: ir.Table, ladder: tuple[str, ...]
) -> ir.Table:
    """Per rep and stage: ``behavior`` (``days_in_<stage>``), ``n`` (the rep's deals with a
    completed visit to the stage) and ``value`` (the median days those deals spent in it)."""
    history = _history(stage_history, deals)
    history = history.filter(history.stage.notnull(), history.entered_at.notnull())
    left_at = history.entered_at.lead().over(
        group_by=[history.source, history.opportunity_id],
        order_by=[history.entered_at, history.stage],
    )
    visits = history.mutate(left_at=left_at)
    keys = [b.key for b in stage_behaviours(ladder)[len(ladder) :]]
    names = ibis.memtable(
        {"stage": list(ladder), "behavior": keys}, schema={"stage": "string", "behavior": "string"}
    )
    visits = visits.filter(visits.left_at.notnull()).inner_join(names, "stage")
    visits = visits.mutate(days=epoch_days(visits.left_at) - epoch_days(visits.entered_at))
    per_deal = visits.group_by(["source", "opportunity_id", "rep_id", "behavior"]).aggregate(
        days=visits.days.sum()
    )
    per_rep = per_deal.group_by(["source", "rep_id", "behavior"]).aggregate(
        value=per_deal.days.median(), n=per_deal.count()
    )
    return per_rep.select(
        "source",
        "rep_id",
        "behavior",
        value=per_rep.value.cast("float64"),
        n=per_rep.n.cast("int64"),
    )
