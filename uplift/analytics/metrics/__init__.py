"""Metrics as Ibis expressions over the canonical CRM tables (Table -> Table).

Every function here builds an expression that the engine evaluates; only per-rep or
per-rep-period tables come back. ``*_expr`` functions return the expression (to run on any Ibis
backend, Spark included); their plain-named twins execute it and return a pyarrow table.
"""

from uplift.analytics.metrics.asof import NoDataError, default_as_of, latest_data_date
from uplift.analytics.metrics.availability import (
    SOURCE_COLUMNS,
    Availability,
    MissingSource,
    source_availability,
)
from uplift.analytics.metrics.mix import MIX_COLUMNS, MIX_KEYS, deal_mix, deal_mix_expr
from uplift.analytics.metrics.periods import (
    Grain,
    Period,
    Window,
    add_months,
    last_full_month_end,
    trailing_window,
)
from uplift.analytics.metrics.scorecards import (
    SCORECARD_COLUMNS,
    scorecard_expr,
    scorecard_set,
    scorecard_set_expr,
    scorecards,
)
from uplift.analytics.metrics.tables import CrmTables, MissingTablesError, crm_tables

__all__ = [
    "MIX_COLUMNS",
    "MIX_KEYS",
    "SCORECARD_COLUMNS",
    "SOURCE_COLUMNS",
    "Availability",
    "CrmTables",
    "Grain",
    "MissingSource",
    "MissingTablesError",
    "NoDataError",
    "Period",
    "Window",
    "add_months",
    "crm_tables",
    "deal_mix",
    "deal_mix_expr",
    "default_as_of",
    "last_full_month_end",
    "latest_data_date",
    "scorecard_expr",
    "scorecard_set",
    "scorecard_set_expr",
    "scorecards",
    "source_availability",
    "trailing_window",
]
