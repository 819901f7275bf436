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

from __future__ import annotations

from typing import TYPE_CHECKING

from uplift.analytics.lazy import lazy_attributes

if TYPE_CHECKING:
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

# Each name is imported from its module on first use, so that reading the catalogue of
# behaviours (the plain words of the pages, the command line) does not load the statistics and
# the engine's expressions.
_WHERE = {
    "analyse_drivers": "uplift.analytics.behaviour.analyse",
    "stage_history_table": "uplift.analytics.behaviour.analyse",
    "ACTIVITY_BEHAVIOURS": "uplift.analytics.behaviour.catalogue",
    "FIXED_BEHAVIOURS": "uplift.analytics.behaviour.catalogue",
    "Behaviour": "uplift.analytics.behaviour.catalogue",
    "Kind": "uplift.analytics.behaviour.catalogue",
    "is_behaviour_item": "uplift.analytics.behaviour.catalogue",
    "metric_kind": "uplift.analytics.behaviour.catalogue",
    "stage_behaviours": "uplift.analytics.behaviour.catalogue",
    "Comparison": "uplift.analytics.behaviour.compare",
    "Driver": "uplift.analytics.behaviour.compare",
    "compare_behaviour": "uplift.analytics.behaviour.compare",
    "compare_behaviours": "uplift.analytics.behaviour.compare",
    "compare_stars_and_core": "uplift.analytics.behaviour.compare",
    "RepGroup": "uplift.analytics.behaviour.groups",
    "rep_groups_from_segments": "uplift.analytics.behaviour.groups",
    "REP_BEHAVIOUR_COLUMNS": "uplift.analytics.behaviour.metrics",
    "rep_behaviour_expr": "uplift.analytics.behaviour.metrics",
    "Standing": "uplift.analytics.behaviour.profiles",
    "StarProfile": "uplift.analytics.behaviour.profiles",
    "star_profiles": "uplift.analytics.behaviour.profiles",
    "DriversAnalysis": "uplift.analytics.behaviour.results",
    "DriversConfig": "uplift.analytics.behaviour.results",
    "MissingMetric": "uplift.analytics.behaviour.sources",
    "closing_stages": "uplift.analytics.behaviour.stages",
    "stage_conversion_expr": "uplift.analytics.behaviour.stages",
    "stage_ladder": "uplift.analytics.behaviour.stages",
    "time_in_stage_expr": "uplift.analytics.behaviour.stages",
    "BehaviourTable": "uplift.analytics.behaviour.table",
    "behaviour_table": "uplift.analytics.behaviour.table",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


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
