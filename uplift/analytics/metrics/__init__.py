"""Metrics as Ibis expressions over the canonical CRM tables (Table -> Table).

Every function here builds an expression that the engine evaluates; only per-rep or
per-rep-period tables come back. ``*_expr`` functions return the expression (to run on any Ibis
backend, Spark included); their plain-named twins execute it and return a pyarrow table.

Each name is imported from its module on first use (`uplift.analytics.lazy`), so that reading a
stored document (which names `availability` and `periods`) does not load Ibis and Arrow. One
name, `scorecards`, is also a module of this package: importing that module would make the
package's `scorecards` the module, so the package keeps the function under that name whichever
comes first (`_MetricsPackage`).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from uplift.analytics.lazy import lazy_attributes

if TYPE_CHECKING:
    from uplift.analytics.metrics.asof import NoDataError, default_as_of, latest_data_date
    from uplift.analytics.metrics.availability import (
        SOURCE_COLUMNS,
        Availability,
        MissingSource,
        source_availability,
    )
    from uplift.analytics.metrics.columns import SCORECARD_COLUMNS
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
        scorecard_expr,
        scorecard_set,
        scorecard_set_expr,
        scorecards,
    )
    from uplift.analytics.metrics.tables import CrmTables, MissingTablesError, crm_tables

_MODULES = {
    "asof": ("NoDataError", "default_as_of", "latest_data_date"),
    "availability": ("SOURCE_COLUMNS", "Availability", "MissingSource", "source_availability"),
    "columns": ("SCORECARD_COLUMNS",),
    "mix": ("MIX_COLUMNS", "MIX_KEYS", "deal_mix", "deal_mix_expr"),
    "periods": (
        "Grain",
        "Period",
        "Window",
        "add_months",
        "last_full_month_end",
        "trailing_window",
    ),
    "scorecards": (
        "scorecard_expr",
        "scorecard_set",
        "scorecard_set_expr",
        "scorecards",
    ),
    "tables": ("CrmTables", "MissingTablesError", "crm_tables"),
}
_WHERE = {name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names}
__getattr__ = lazy_attributes(__name__, _WHERE, globals())


class _MetricsPackage(ModuleType):
    """This package, where importing the module `scorecards` leaves the function of that name
    as the package's `scorecards` (as `from uplift.analytics.metrics import scorecards` always
    meant)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "scorecards" and isinstance(value, ModuleType):
            value = value.scorecards
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _MetricsPackage

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
