"""Per-rep activity, multi-threading, speed and cycle behaviours as Ibis expressions.

The unit is the rep's **deals closed in the window** (won or lost, by close date), and each
deal's whole life counts: every activity logged on it up to its close day, every buyer contact
role on it. Closed deals are complete: an open deal's counts are still growing, so counting open
deals would make a rep with a young pipeline look idle. It is also the population the
performance analysis' segment mix describes, so the mix adjustment holds the right thing fixed.
Activities count whoever logged them (they are the deal's), and activities logged on an account
without a deal are not counted.

:func:`rep_behaviour_expr` returns one row per rep (owner of closed deals) with the counts and
the per-rep numbers; the engine does all the aggregation.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from uplift.analytics.metrics.periods import Window
from uplift.analytics.metrics.tables import CrmTables

SECONDS_PER_DAY = 86_400.0

# Columns of :func:`rep_behaviour_expr` and what each means.
REP_BEHAVIOUR_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM (the owner of the deals)",
    "deals_closed": "the rep's deals closed (won or lost) in the window",
    "deals_won": "of which won",
    "deals_touched": "of which have at least one activity logged on them",
    "meetings": "meetings logged on those deals up to their close day",
    "calls": "calls logged on those deals up to their close day",
    "emails": "e-mails logged on those deals up to their close day",
    "contacts": "buyer contact roles on those deals",
    "meetings_per_opportunity": "meetings / deals_closed",
    "calls_per_opportunity": "calls / deals_closed",
    "emails_per_opportunity": "emails / deals_closed",
    "contacts_per_opportunity": "contacts / deals_closed",
    "days_to_first_activity": "median over the touched deals of the days from the created day "
    "(00:00) to the first activity (an activity logged before the deal was created counts as 0)",
    "sales_cycle_days": "median days from created to close of the deals won",
}


def closed_deals_expr(tables: CrmTables, window: Window) -> ir.Table:
    """The deals closed in ``window``: source, opportunity_id, rep_id (owner), created_date,
    close_date, is_won."""
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    return closed.select(
        "source", "opportunity_id", "created_date", "close_date", "is_won", rep_id=closed.owner_id
    )


def epoch_days(value: ir.TimestampValue) -> ir.FloatingValue:
    """A timestamp as fractional days since 1970-01-01, so differences are in days."""
    return value.epoch_seconds().cast("float64") / SECONDS_PER_DAY


def _activity_per_deal(tables: CrmTables, deals: ir.Table) -> ir.Table:
    act = tables.activities
    act = act.filter(act.opportunity_id.notnull()).select(
        "source", "opportunity_id", "type", "occurred_at"
    )
    joined = deals.select("source", "opportunity_id", "close_date").inner_join(
        act, ["source", "opportunity_id"]
    )
    after_close = (joined.close_date + ibis.interval(days=1)).cast("timestamp")
    joined = joined.filter(joined.occurred_at < after_close)
    return joined.group_by(["source", "opportunity_id"]).aggregate(
        meetings=joined.count(where=joined.type == "meeting"),
        calls=joined.count(where=joined.type == "call"),
        emails=joined.count(where=joined.type == "email"),
        first_at=joined.occurred_at.min(),
    )


def _contacts_per_deal(tables: CrmTables) -> ir.Table:
    roles = tables.contact_roles
    return roles.group_by(["source", "opportunity_id"]).aggregate(contacts=roles.count())


def _ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    safe = ibis.ifelse(denominator > 0, denominator.cast("float64"), ibis.null("float64"))
    return numerator.cast("float64") / safe


def rep_behaviour_expr(tables: CrmTables, window: Window) -> ir.Table:
    """One row per owner of deals closed in ``window``; columns in :data:`REP_BEHAVIOUR_COLUMNS`.

    Counts are zero, never null; medians are null when the rep has no deal to take them over.
    """
    deals = closed_deals_expr(tables, window)
    d = deals.left_join(_activity_per_deal(tables, deals), ["source", "opportunity_id"])
    d = d.left_join(_contacts_per_deal(tables), ["source", "opportunity_id"])
    created_at = d.created_date.cast("timestamp")
    waited = epoch_days(d.first_at) - epoch_days(created_at)
    first_days = ibis.ifelse(waited < 0, 0.0, waited)  # null without an activity
    cycle = d.close_date.delta(d.created_date, unit="day").cast("float64")
    d = d.select(
        "source",
        "rep_id",
        "is_won",
        meetings=d.meetings.fill_null(0),
        calls=d.calls.fill_null(0),
        emails=d.emails.fill_null(0),
        contacts=d.contacts.fill_null(0),
        touched=d.first_at.notnull(),
        first_days=first_days,
        # The cycle of won deals only, null otherwise: a median with a filter is not one every
        # engine can plan (Spark's percentile needs a constant fraction).
        won_cycle=ibis.ifelse(d.is_won, cycle, ibis.null("float64")),
    )
    per_rep = d.group_by(["source", "rep_id"]).aggregate(
        deals_closed=d.count(),
        deals_won=d.count(where=d.is_won),
        deals_touched=d.count(where=d.touched),
        meetings=d.meetings.sum(),
        calls=d.calls.sum(),
        emails=d.emails.sum(),
        contacts=d.contacts.sum(),
        days_to_first_activity=d.first_days.median(),
        sales_cycle_days=d.won_cycle.median(),
    )
    r = per_rep
    return r.select(
        "source",
        "rep_id",
        deals_closed=r.deals_closed.cast("int64"),
        deals_won=r.deals_won.cast("int64"),
        deals_touched=r.deals_touched.cast("int64"),
        meetings=r.meetings.cast("int64"),
        calls=r.calls.cast("int64"),
        emails=r.emails.cast("int64"),
        contacts=r.contacts.cast("int64"),
        meetings_per_opportunity=_ratio(r.meetings, r.deals_closed),
        calls_per_opportunity=_ratio(r.calls, r.deals_closed),
        emails_per_opportunity=_ratio(r.emails, r.deals_closed),
        contacts_per_opportunity=_ratio(r.contacts, r.deals_closed),
        days_to_first_activity=r.days_to_first_activity.cast("float64"),
        sales_cycle_days=r.sales_cycle_days.cast("float64"),
    )
