"""When each rep was selling: hire date, whether still active, and the first and last deal dates.

Bookings depend on how long a rep had to book them: a rep hired in March has nine months, not
twelve, and spends the first of them ramping up. The CRM rarely records a leaving date, so a rep
marked inactive is taken to have sold until their last deal was created or closed; a rep with no
hire date is taken to have started with their first deal. :mod:`uplift.analytics.performance.
exposure` turns this small table into months of selling time.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from uplift.analytics.metrics.tables import CrmTables

TENURE_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM",
    "hire_date": "the hire date in the CRM's user export (null when not given)",
    "active": "whether the CRM says the user is active (null when not given)",
    "first_deal": "the earliest creation date of any deal the rep owns",
    "last_deal": "the latest creation or close date of any deal the rep owns, up to as_of",
}


def tenure_expr(tables: CrmTables, as_of: ir.Value | object) -> ir.Table:
    """One row per deal owner or CRM user (see :data:`TENURE_COLUMNS`)."""
    opp = tables.opportunities
    day = ibis.literal(as_of, type="date")
    touched = ibis.ifelse(
        opp.is_closed & opp.close_date.notnull() & (opp.close_date <= day),
        ibis.greatest(opp.created_date, opp.close_date),
        opp.created_date,
    )
    seen = (
        opp.filter(opp.created_date <= day)
        .mutate(rep_id=opp.owner_id, touched=touched)
        .group_by(["source", "rep_id"])
        .aggregate(first_deal=lambda t: t.created_date.min(), last_deal=lambda t: t.touched.max())
    )
    reps = tables.reps.select("source", "rep_id", "hire_date", "active")
    joined = reps.outer_join(seen, ["source", "rep_id"])
    return joined.select(
        source=ibis.coalesce(joined.source, joined.source_right),
        rep_id=ibis.coalesce(joined.rep_id, joined.rep_id_right),
        hire_date=joined.hire_date,
        active=joined.active,
        first_deal=joined.first_deal,
        last_deal=joined.last_deal,
    )


def tenure(tables: CrmTables, as_of: object) -> pa.Table:
    """:func:`tenure_expr`, executed."""
    return tenure_expr(tables, as_of).to_pyarrow()
