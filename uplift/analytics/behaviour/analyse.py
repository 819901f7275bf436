"""One entry point: what do stars do differently, and what is distinctive about each star."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import ibis.expr.types as ir
from ibis.backends import BaseBackend

from uplift.analytics.behaviour.compare import compare_stars_and_core
from uplift.analytics.behaviour.groups import RepGroup
from uplift.analytics.behaviour.profiles import star_profiles
from uplift.analytics.behaviour.results import DriversAnalysis, DriversConfig
from uplift.analytics.behaviour.table import BehaviourTable, behaviour_table
from uplift.analytics.canonical import STAGE_HISTORY
from uplift.analytics.metrics.periods import Window
from uplift.analytics.metrics.tables import CrmTables, crm_tables


def method_text(config: DriversConfig, n_behaviours: int, n_outcomes: int) -> str:
    """How the numbers were made, in a paragraph for the report."""
    return (
        "Each rep's behaviours are measured over the deals they closed in the window (a value "
        f"counts when it rests on at least {config.min_opportunities} deals). Stars and core are "
        "the organisation-wide bands of the performance analysis. For each behaviour: the star "
        "and core means (one value per rep); the difference after holding the segment mix fixed "
        "(OLS of the rep's value on a star indicator and the rep's shares of deals per segment, "
        "HC3 robust errors), whose p-value tests the behaviour; the effect size, Hedges' g of "
        "the reps' values moved to a common deal mix (raw_effect_size: of the values as they "
        f"are), with a {config.confidence:.0%} interval; and Benjamini-Hochberg q-values across "
        f"the {n_behaviours} behaviours, significant at q <= {config.fdr_level:g}. Sorted "
        "strongest first: significant behaviours by |g|, then the rest. Outcomes (stage "
        "conversions, time in stage, sales cycle) are part of the result that makes a star, not "
        f"something a rep does: the {n_outcomes} of them are compared the same way but apart, "
        "with their own q-values, as where stars win. A metric whose source data the export "
        "lacks is left out and listed as missing, never shown as 0. Star profiles place each "
        "star in the core distribution on the same deal mix; at or above the "
        f"{config.high:.0f}th or at or below the {config.low:.0f}th percentile a behaviour is "
        "distinctive. Correlation, not causation."
    )


def stage_history_table(con: BaseBackend) -> ir.Table | None:
    """The store's stage history, or ``None`` when it has none."""
    return con.table(STAGE_HISTORY.name) if STAGE_HISTORY.name in con.list_tables() else None


def analyse_drivers(
    con: BaseBackend | CrmTables,
    *,
    reps: Sequence[RepGroup],
    window: Window,
    as_of: date,
    stage_history: ir.Table | None = None,
    config: DriversConfig | None = None,
    table: BehaviourTable | None = None,
) -> DriversAnalysis:
    """Compare stars with core on every behaviour, and apart on every outcome; profile each
    star.

    ``reps`` are the ranked reps with their band and mix (from the performance analysis, see
    :func:`uplift.analytics.behaviour.rep_groups_from_segments`); ``window`` is the analysis
    window. With a connection the stage history is read from the store; with ``CrmTables`` pass
    ``stage_history`` (or none, and there are no stage behaviours). A ``table`` already read
    for ``window`` (with the same settings) is used as it is.
    """
    settings = config or DriversConfig()
    if table is None:
        if isinstance(con, CrmTables):
            tables = con
        else:
            tables, stage_history = crm_tables(con), stage_history_table(con)
        table = behaviour_table(
            tables, stage_history, window, min_stage_share=settings.min_stage_share
        )
    values = table.values_by_behaviour(min_n=settings.min_opportunities)
    compared = compare_stars_and_core(
        table.behaviours,
        values,
        reps,
        fdr_level=settings.fdr_level,
        confidence=settings.confidence,
    )
    profiles = star_profiles(
        table.behaviours,
        values,
        reps,
        high=settings.high,
        low=settings.low,
        min_core=settings.min_core,
    )
    notes = []
    if not table.ladder:
        notes.append(
            "The CRM export has no stage history: stage conversion and time in stage "
            "are not compared."
        )
    n_star = sum(rep.band == "star" for rep in reps)
    n_core = sum(rep.band == "core" for rep in reps)
    return DriversAnalysis(
        as_of=as_of,
        window=window,
        config=settings,
        drivers=compared.drivers,
        profiles=profiles,
        ladder=table.ladder,
        n_star=n_star,
        n_core=n_core,
        teams=tuple(sorted({rep.team for rep in reps if rep.team})),
        method=method_text(settings, len(compared.drivers), len(compared.where_stars_win)),
        notes=tuple(notes),
        where_stars_win=compared.where_stars_win,
        missing=table.missing,
    )
