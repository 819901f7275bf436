"""The default "as of" date of an analysis: the end of the last full month that has data."""

from __future__ import annotations

from datetime import date

import ibis

from uplift.analytics.metrics.periods import last_full_month_end
from uplift.analytics.metrics.tables import CrmTables


class NoDataError(LookupError):
    """The store has no opportunities to analyse."""


def latest_data_date(tables: CrmTables, *, today: date | None = None) -> date:
    """The latest day with CRM data: the last close date of a closed deal or creation date of
    any deal, whichever is later (open deals' close dates are forecasts and activities may be
    scheduled in the future, so neither counts). Dates after ``today``, when given, are ignored.
    """
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed)
    created = opp.created_date
    closes = closed.close_date
    if today is not None:
        created = ibis.ifelse(created <= today, created, ibis.null("date"))
        closes = ibis.ifelse(closes <= today, closes, ibis.null("date"))
    latest_created = opp.aggregate(latest=created.max()).to_pyarrow()["latest"][0].as_py()
    latest_closed = closed.aggregate(latest=closes.max()).to_pyarrow()["latest"][0].as_py()
    found = [day for day in (latest_created, latest_closed) if day is not None]
    if not found:
        raise NoDataError("there are no opportunities to analyse: import a CRM export first")
    latest: date = max(found)
    return latest


def default_as_of(tables: CrmTables, *, today: date | None = None) -> date:
    """The last day of the last full month that has data (see :func:`latest_data_date`): data up
    to 2026-10-31 gives 2026-10-31, data up to 2026-11-14 gives 2026-10-31 too, because
    November is not complete."""
    return last_full_month_end(latest_data_date(tables, today=today))
