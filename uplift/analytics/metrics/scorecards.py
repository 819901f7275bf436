"""Per-rep scorecards as Ibis expressions: aggregation happens in the engine.

:func:`scorecard_expr` builds one expression with a row per rep (``source``, ``rep_id``) and
period of a grain (the whole window, months or quarters); :func:`scorecards` runs it and returns
a pyarrow table. :func:`scorecard_set_expr` computes several grains in one query and
:func:`scorecard_set` returns one table per grain: each CRM table is read once, summed per rep
and month, and the small per-month table is then repeated once per grain and summed into that
grain's periods (engines do not reliably share a subquery that several aggregations read). Only
medians and distinct opportunities need the rows themselves per grain. The same expressions
compile for DuckDB, PostgreSQL and Spark. Which date puts an event in a period:

- outcomes (deals closed and won, bookings, deal size, cycle, contacts): the close date of closed
  deals;
- pipeline: the created date of the opportunity;
- activities: when they occurred (activities logged on an account only, without an
  opportunity, are not counted);
- quotas: each quota row is spread evenly over its days, and a period gets the share of the days
  it covers.

Columns computed from a source the export has no rows of (activities, contact roles, quotas)
are null for every rep, never 0 (see :mod:`uplift.analytics.metrics.availability`); a rep
without rows of a source the export does hold has a true 0.

These are descriptive numbers: a rep's scorecard depends on their territory and deal mix as much
as on their skill (see ``uplift.analytics.performance`` for the fair comparison).
"""

from __future__ import annotations

from datetime import datetime, time

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from uplift.analytics.metrics.availability import Availability, source_availability
from uplift.analytics.metrics.periods import Grain, Window
from uplift.analytics.metrics.tables import CrmTables

KEYS = ("source", "rep_id", "period_key")
GRAIN_KEYS = ("grain", *KEYS)

_COUNTS = (
    "deals_closed",
    "deals_won",
    "bookings_cents",
    "won_with_amount",
    "contacts",
    "opportunities_created",
    "pipeline_created_cents",
    "opportunities_worked",
    "calls",
    "emails",
    "meetings",
)
_FLOATS = ("median_cycle_days", "quota_cents")
_WORKED = "opportunities_worked"


def _month(day: ir.DateValue) -> ir.DateValue:
    return day.truncate("M").cast("date")


def _key(month: ir.DateValue, grain: ir.StringValue | str, window: Window) -> ir.DateValue:
    """The period key, for ``grain``, of an event in the month that starts on ``month``."""
    if isinstance(grain, str):
        grain = ibis.literal(grain)
    return ibis.cases(
        (grain == "window", ibis.literal(window.start, type="date")),
        (grain == "quarter", month.truncate("Q").cast("date")),
        else_=month,
    ).cast("date")


def _explode(table: ir.Table, grains: tuple[Grain, ...], window: Window) -> ir.Table:
    """``table`` (with a ``month`` column) once per grain, with ``grain`` and ``period_key``.

    Every grain is then aggregated by one GROUP BY over one scan of the source rows: engines do
    not reliably share a subquery that several aggregations read.
    """
    if len(grains) == 1:
        both = table.mutate(grain=ibis.literal(grains[0]))
    else:
        names = ibis.memtable(pa.table({"grain": pa.array(list(grains), pa.string())}))
        both = table.cross_join(names)
    return both.mutate(period_key=_key(both.month, both.grain, window))


def _rollup(
    per_month: ir.Table, grains: tuple[Grain, ...], window: Window, sums: tuple[str, ...]
) -> ir.Table:
    """Sums per rep and month (a small table) added up into every grain's periods."""
    keyed = _explode(per_month, grains, window)
    return keyed.group_by(GRAIN_KEYS).aggregate(**{name: keyed[name].sum() for name in sums})


PER_MONTH = ("source", "rep_id", "month")


def _closed(tables: CrmTables, window: Window) -> ir.Table:
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    return closed.mutate(rep_id=closed.owner_id, month=_month(closed.close_date))


def _outcomes(tables: CrmTables, window: Window, grains: tuple[Grain, ...]) -> list[ir.Table]:
    closed = _closed(tables, window)
    won = closed.is_won
    per_month = closed.group_by(PER_MONTH).aggregate(
        deals_closed=closed.count(),
        deals_won=closed.count(where=won),
        bookings_cents=closed.amount_cents.sum(where=won),
        won_with_amount=closed.amount_cents.count(where=won),
    )
    sums = ("deals_closed", "deals_won", "bookings_cents", "won_with_amount")
    # A median needs the deals themselves: only the won ones, once per grain.
    wins = closed.filter(won).select(
        *PER_MONTH, cycle=closed.close_date.delta(closed.created_date, unit="day")
    )
    keyed = _explode(wins, grains, window)
    medians = keyed.group_by(GRAIN_KEYS).aggregate(
        median_cycle_days=keyed.cycle.median().cast("float64")
    )
    return [_rollup(per_month, grains, window, sums), medians]


def _contacts(tables: CrmTables, window: Window, grains: tuple[Grain, ...]) -> list[ir.Table]:
    """Contact roles on the deals closed in each period: the roles joined to the closed deals
    and counted (twice as fast as counting roles per deal first, then joining)."""
    closed = _closed(tables, window).select("source", "opportunity_id", *PER_MONTH[1:])
    roles = tables.contact_roles.select("source", "opportunity_id")
    joined = roles.inner_join(closed, ["source", "opportunity_id"])
    per_month = joined.group_by(PER_MONTH).aggregate(contacts=joined.count())
    return [_rollup(per_month, grains, window, ("contacts",))]


def _pipeline(tables: CrmTables, window: Window, grains: tuple[Grain, ...]) -> list[ir.Table]:
    opp = tables.opportunities
    created = opp.filter(opp.created_date.between(window.start, window.end))
    created = created.mutate(rep_id=created.owner_id, month=_month(created.created_date))
    per_month = created.group_by(PER_MONTH).aggregate(
        opportunities_created=created.count(), pipeline_created_cents=created.amount_cents.sum()
    )
    return [_rollup(per_month, grains, window, ("opportunities_created", "pipeline_created_cents"))]


def _type_counts(act: ir.Table) -> dict[str, ir.Value]:
    return {
        "calls": act.count(where=act.type == "call"),
        "emails": act.count(where=act.type == "email"),
        "meetings": act.count(where=act.type == "meeting"),
    }


def _activity(
    tables: CrmTables, window: Window, grains: tuple[Grain, ...], exact: tuple[Grain, ...]
) -> list[ir.Table]:
    act = tables.activities
    first = ibis.timestamp(datetime.combine(window.start, time()))
    after = ibis.timestamp(datetime.combine(window.end_exclusive, time()))
    act = act.filter(
        act.opportunity_id.notnull(), act.occurred_at >= first, act.occurred_at < after
    )
    act = act.mutate(rep_id=act.owner_id, month=_month(act.occurred_at.date()))
    parts = []
    counted = tuple(g for g in grains if g not in exact)  # counts only, no distinct opportunities
    if counted:
        per_month = act.group_by(PER_MONTH).aggregate(**_type_counts(act))
        parts.append(_rollup(per_month, counted, window, ("calls", "emails", "meetings")))
    if not exact:
        return parts
    # Per opportunity first, at the finest period an exact grain needs; then per rep and period.
    # Faster than COUNT(DISTINCT) on DuckDB and PostgreSQL.
    finest: Grain = next(g for g in ("month", "quarter", "window") if g in exact)
    if finest == "window":  # no period in the key: one less column to hash per activity
        deals = act.group_by(["source", "rep_id", "opportunity_id"]).aggregate(**_type_counts(act))
        deals = deals.mutate(month=ibis.literal(window.start, type="date"))
    else:
        act = act.mutate(month=_key(act.month, finest, window))
        deals = act.group_by(["source", "rep_id", "month", "opportunity_id"]).aggregate(
            **_type_counts(act)
        )
    deals = _explode(deals, exact, window)
    if exact != (finest,):
        deals = deals.group_by([*GRAIN_KEYS, "opportunity_id"]).aggregate(
            calls=deals.calls.sum(), emails=deals.emails.sum(), meetings=deals.meetings.sum()
        )
    parts.append(
        deals.group_by(GRAIN_KEYS).aggregate(
            opportunities_worked=deals.count(),
            calls=deals.calls.sum(),
            emails=deals.emails.sum(),
            meetings=deals.meetings.sum(),
        )
    )
    return parts


def _periods(window: Window, grains: tuple[Grain, ...]) -> ir.Table:
    """Every period of every grain: grain, period_key, period_start, period_end."""
    found = [(grain, p) for grain in grains for p in window.periods(grain)]
    data = pa.table(
        {
            "grain": pa.array([grain for grain, _ in found], pa.string()),
            "period_key": pa.array([p.key for _, p in found], pa.date32()),
            "period_start": pa.array([p.start for _, p in found], pa.date32()),
            "period_end": pa.array([p.end for _, p in found], pa.date32()),
        }
    )
    return ibis.memtable(data)


def _quota(tables: CrmTables, window: Window, grains: tuple[Grain, ...]) -> list[ir.Table]:
    periods = _periods(window, grains).rename(
        p_key="period_key", p_start="period_start", p_end="period_end"
    )
    quota = tables.quotas
    both = quota.cross_join(periods).filter(
        quota.period_start <= periods.p_end, quota.period_end >= periods.p_start
    )
    first = ibis.greatest(both.period_start, both.p_start)
    last = ibis.least(both.period_end, both.p_end)
    covered = last.delta(first, unit="day") + 1
    length = both.period_end.delta(both.period_start, unit="day") + 1
    share = both.amount_cents.cast("float64") * covered.cast("float64") / length.cast("float64")
    both = both.mutate(share=share, period_key=both.p_key)
    return [both.group_by(GRAIN_KEYS).aggregate(quota_cents=both.share.sum())]


def _uniform(part: ir.Table) -> ir.Table:
    columns: dict[str, ir.Value] = {key: part[key] for key in GRAIN_KEYS}
    for name in _COUNTS:
        columns[name] = part[name].cast("int64") if name in part.columns else ibis.null("int64")
    for name in _FLOATS:
        columns[name] = part[name].cast("float64") if name in part.columns else ibis.null("float64")
    return part.select(**columns)


def _ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    """numerator / denominator as float64, null when the denominator is zero or null."""
    safe = ibis.ifelse(denominator > 0, denominator.cast("float64"), ibis.null("float64"))
    return numerator.cast("float64") / safe


def scorecard_set_expr(
    tables: CrmTables,
    window: Window,
    grains: tuple[Grain, ...] = ("window", "month", "quarter"),
    *,
    opportunities_worked: tuple[Grain, ...] | None = None,
    available: Availability | None = None,
) -> ir.Table:
    """The scorecards of several grains in one expression, with a leading ``grain`` column.

    ``available`` says which optional sources the export holds; the columns of the others are
    null. By default it is counted first (:func:`source_availability`, a few cheap queries).

    Each CRM table is read once for all grains (see the module docstring).
    ``opportunities_worked`` names the grains that
    count the distinct opportunities worked (and so the activities per opportunity); by default
    all of them. It is the costly part at scale: every (rep, period, opportunity) is hashed.
    For the other grains those columns are null and only the activity counts are computed.
    """
    if not grains or len(set(grains)) != len(grains):
        raise ValueError(f"grains must be distinct and at least one, got {grains}")
    exact = grains if opportunities_worked is None else opportunities_worked
    if not set(exact) <= set(grains):
        raise ValueError(f"opportunities_worked {exact} must be among the grains {grains}")
    parts = [
        *(_uniform(part) for part in _outcomes(tables, window, grains)),
        *(_uniform(part) for part in _contacts(tables, window, grains)),
        *(_uniform(part) for part in _pipeline(tables, window, grains)),
        *(_uniform(part) for part in _activity(tables, window, grains, exact)),
        *(_uniform(part) for part in _quota(tables, window, grains)),
    ]
    stacked = ibis.union(*parts, distinct=False)
    sums = {name: stacked[name].sum().fill_null(0) for name in _COUNTS if name != _WORKED}
    merged = stacked.group_by(GRAIN_KEYS).aggregate(
        **sums,
        opportunities_worked=stacked.opportunities_worked.sum(),
        median_cycle_days=stacked.median_cycle_days.max(),
        quota_cents=stacked.quota_cents.sum(),
    )
    m = merged.inner_join(_periods(window, grains), ["grain", "period_key"])
    worked = ibis.ifelse(
        m.grain.isin(exact), m.opportunities_worked.fill_null(0), ibis.null("int64")
    )
    cards = m.select(
        "grain",
        "source",
        "rep_id",
        "period_key",
        "period_start",
        "period_end",
        "deals_closed",
        "deals_won",
        win_rate=_ratio(m.deals_won, m.deals_closed),
        bookings_cents=m.bookings_cents,
        avg_won_deal_cents=_ratio(m.bookings_cents, m.won_with_amount),
        median_cycle_days=m.median_cycle_days,
        opportunities_created=m.opportunities_created,
        pipeline_created_cents=m.pipeline_created_cents,
        opportunities_worked=worked,
        calls=m.calls,
        emails=m.emails,
        meetings=m.meetings,
        calls_per_opportunity=_ratio(m.calls, worked),
        emails_per_opportunity=_ratio(m.emails, worked),
        meetings_per_opportunity=_ratio(m.meetings, worked),
        contacts=m.contacts,
        contacts_per_opportunity=_ratio(m.contacts, m.deals_closed),
        quota_cents=m.quota_cents,
        quota_attainment=_ratio(m.bookings_cents, m.quota_cents),
    )
    found = source_availability(tables) if available is None else available
    blank = [name for name in cards.columns if name in found.null_columns]
    return cards.mutate(**{name: ibis.null(cards[name].type()) for name in blank})


def scorecard_expr(
    tables: CrmTables,
    window: Window,
    grain: Grain = "window",
    *,
    available: Availability | None = None,
) -> ir.Table:
    """The scorecard of every rep with any event in ``window``, one row per rep and period of
    ``grain``; columns and their meaning in :data:`SCORECARD_COLUMNS`.

    Counts and sums are zero (never null) for a rep with no such event in the period; rates and
    averages are null when their denominator is zero. Columns whose source the export has no
    rows of are null (``available``, see :func:`scorecard_set_expr`).
    """
    return scorecard_set_expr(tables, window, (grain,), available=available).drop("grain")


def scorecards(
    tables: CrmTables,
    window: Window,
    grain: Grain = "window",
    *,
    available: Availability | None = None,
) -> pa.Table:
    """:func:`scorecard_expr`, executed: a pyarrow table sorted by source, rep and period."""
    expr = scorecard_expr(tables, window, grain, available=available).order_by(list(KEYS))
    return expr.to_pyarrow()


def scorecard_set(
    tables: CrmTables,
    window: Window,
    grains: tuple[Grain, ...] = ("window", "month", "quarter"),
    *,
    opportunities_worked: tuple[Grain, ...] | None = None,
    available: Availability | None = None,
) -> dict[Grain, pa.Table]:
    """:func:`scorecard_set_expr`, executed in one query: a table per grain, sorted by source,
    rep and period, without the ``grain`` column."""
    expr = scorecard_set_expr(
        tables, window, grains, opportunities_worked=opportunities_worked, available=available
    )
    table = expr.order_by(list(GRAIN_KEYS)).to_pyarrow()
    grain_column = table.column("grain")
    return {
        grain: table.filter(pc.equal(grain_column, grain)).drop_columns(["grain"])
        for grain in grains
    }
