"""Capability 2, "What stars do differently": behaviour metrics per rep, compared between stars
and core with effect sizes, a mix adjustment and false-discovery control, and each star's
distinctive behaviours. Outcomes (stage conversions, time in stage, cycle) are compared apart,
as where stars win; metrics whose source data the export lacks are listed as missing.

    from uplift.analytics.behaviour import analyse_drivers, rep_groups_from_segments

    performance = analyse_performance(con).to_dict()
    segments = performance["segments"]
    drivers = analyse_drivers(
        con, reps=rep_groups_from_segments(segments), window=Window(...), as_of=...
    )
    drivers.to_dict()   # the `uplift report drivers --json` document: drivers (behaviours),
                        # where_stars_win (outcomes), missing, profiles

The engine aggregates CRM rows into per-rep behaviours (:mod:`.metrics`, :mod:`.stages`); the
statistics run here on that small table (:mod:`.compare`, :mod:`.profiles`). Everything found is
an association with being a star, not a cause.
"""

from uplift.analytics.behaviour.analyse import analyse_drivers, stage_history_table
from uplift.analytics.behaviour.catalogue import (
    ACTIVITY_BEHAVIOURS,
    FIXED_BEHAVIOURS,
    Behaviour,
    Kind,
    is_behaviour_item,
    metric_kind,
    stage_behaviours,
)
from uplift.analytics.behaviour.compare import (
    Comparison,
    Driver,
    compare_behaviour,
    compare_behaviours,
    compare_stars_and_core,
)
from uplift.analytics.behaviour.groups import RepGroup, rep_groups_from_segments
from uplift.analytics.behaviour.metrics import REP_BEHAVIOUR_COLUMNS, rep_behaviour_expr
from uplift.analytics.behaviour.profiles import Standing, StarProfile, star_profiles
from uplift.analytics.behaviour.results import DriversAnalysis, DriversConfig
from uplift.analytics.behaviour.sources import MissingMetric
from uplift.analytics.behaviour.stages import (
    closing_stages,
    stage_conversion_expr,
    stage_ladder,
    time_in_stage_expr,
)
from uplift.analytics.behaviour.table import BehaviourTable, behaviour_table

__all__ = [
    "ACTIVITY_BEHAVIOURS",
    "FIXED_BEHAVIOURS",
    "REP_BEHAVIOUR_COLUMNS",
    "Behaviour",
    "BehaviourTable",
    "Comparison",
    "Driver",
    "DriversAnalysis",
    "DriversConfig",
    "Kind",
    "MissingMetric",
    "RepGroup",
    "Standing",
    "StarProfile",
    "analyse_drivers",
    "behaviour_table",
    "closing_stages",
    "compare_behaviour",
    "compare_behaviours",
    "compare_stars_and_core",
    "is_behaviour_item",
    "metric_kind",
    "rep_behaviour_expr",
    "rep_groups_from_segments",
    "stage_behaviours",
    "stage_conversion_expr",
    "stage_history_table",
    "stage_ladder",
    "star_profiles",
    "time_in_stage_expr",
]
