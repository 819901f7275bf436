"""The per-rep behaviour table over the analysis window, read from the engine once per run and
shared by the parts that compare stars with the core (`drivers`, `star-profiles`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from uplift.analytics.metrics.periods import Window

if TYPE_CHECKING:
    from uplift.analytics.behaviour import DriversConfig
    from uplift.analytics.behaviour.table import BehaviourTable
    from uplift.pipeline.analyses import AnalysisContext

SHARED_KEY = "behaviour_table"


def analysis_window(context: AnalysisContext) -> Window:
    segments = context.performance["segments"]
    return Window(
        start=date.fromisoformat(segments["window"]["start"]),
        end=date.fromisoformat(segments["window"]["end"]),
    )


def run_behaviour_table(context: AnalysisContext, config: DriversConfig) -> BehaviourTable:
    """The run's behaviour table, computed by the first part that asks for it."""
    # Here: the parts' modules load (to print a stored report) without the engine and numpy.
    from uplift.analytics.behaviour import behaviour_table, stage_history_table
    from uplift.analytics.metrics import crm_tables

    table = context.shared.get(SHARED_KEY)
    if table is None:
        table = behaviour_table(
            crm_tables(context.backend),
            stage_history_table(context.backend),
            analysis_window(context),
            min_stage_share=config.min_stage_share,
        )
        context.shared[SHARED_KEY] = table
    return table
