"""`uplift report star-profiles`: what is distinctive about each star, for the debrief.

Computed by `uplift analyze` after the performance analysis: the same per-rep behaviours and the
same star-against-core comparison as the drivers report (so the q-values agree), then each star
placed in the core's distribution (see ``uplift.analytics.behaviour.profile``). Pages read the
stored snapshot; only leaders, enablement admins, the star and their manager chain see a profile.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from uplift.analytics.behaviour.wording import number
from uplift.insights.snapshots.store import SnapshotKind
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.pipeline.analyses.behaviour_inputs import analysis_window, run_behaviour_table

if TYPE_CHECKING:
    from uplift.analytics.behaviour import Driver

KIND = SnapshotKind.STAR_PROFILES
CAUTION = (
    "A profile describes how a star works next to the core; it does not show that the behaviour "
    "makes them a star. Use it to ask better questions in the debrief."
)


def _compared(driver: Driver) -> dict[str, Any]:
    return {
        "behavior": driver.behaviour.key,
        "label": driver.behaviour.label,
        "kind": driver.behaviour.kind,
        "unit": driver.behaviour.unit,
        "star": driver.star,
        "core": driver.core,
        "effect_size": None if driver.effect is None else round(driver.effect.estimate, 6),
        # star - core on the same deal mix: which way the metric points
        "adjusted_difference": None
        if driver.adjusted is None
        else round(driver.adjusted.estimate, 6),
        "q_value": driver.q_value,
        "significant": driver.significant,
        "reading": driver.reading,
    }


def star_profiles_compute(context: AnalysisContext) -> dict[str, Any]:
    """Every star's standing on every behaviour and outcome, and the distinctive behaviours.
    ``drivers`` are the behaviours compared (what stars do), ``where_stars_win`` the outcomes
    (their own q-values), ``missing`` the metrics the export cannot measure."""
    # The comparison's statistics load here, not when the part registers (a stored report).
    from uplift.analytics.behaviour import (
        DriversConfig,
        compare_stars_and_core,
        rep_groups_from_segments,
    )
    from uplift.analytics.behaviour.profile import ProfileRule, behaviour_profiles, profile_document
    from uplift.analytics.behaviour.results import missing_to_dict

    window = analysis_window(context)
    reps = rep_groups_from_segments(context.performance["segments"])
    config = DriversConfig()
    rule = ProfileRule()
    table = run_behaviour_table(context, config)
    values = table.values_by_behaviour(min_n=config.min_opportunities)
    compared = compare_stars_and_core(
        table.behaviours, values, reps, fdr_level=config.fdr_level, confidence=config.confidence
    )
    profiles = behaviour_profiles(table.behaviours, values, reps, compared.q_values(), rule=rule)
    return {
        "as_of": context.as_of.isoformat(),
        "window": window.to_dict(),
        "rule": rule.to_dict(),
        "rule_text": rule.text(),
        "min_opportunities": config.min_opportunities,
        "fdr_level": config.fdr_level,
        "n_star": sum(rep.band == "star" for rep in reps),
        "n_core": sum(rep.band == "core" for rep in reps),
        "drivers": [_compared(d) for d in compared.drivers],
        "where_stars_win": [_compared(d) for d in compared.where_stars_win],
        "missing": [missing_to_dict(m) for m in table.missing],
        "profiles": [profile_document(p) for p in profiles],
        "teams": sorted({rep.team for rep in reps if rep.team}),
        "caution": CAUTION,
    }


def star_profiles_for_team(document: dict[str, Any], team: str) -> dict[str, Any]:
    """The profiles of ``team``'s stars only (placed against the organisation's core)."""
    from uplift.pipeline.reports import UnknownTeam

    teams = document.get("teams") or []
    if team.casefold() not in {known.casefold() for known in teams}:
        raise UnknownTeam(f"No ranked reps in team {team!r}. Teams: {', '.join(teams)}")
    data = dict(document)
    data["profiles"] = [
        p for p in document["profiles"] if (p.get("team") or "").casefold() == team.casefold()
    ]
    data["team"] = team
    return data


def star_profiles_print(doc: dict[str, Any]) -> None:
    """One row per star and distinctive behaviour."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    window = doc["window"]
    table = Table(
        title=f"What is distinctive about each star, {window['start']} to {window['end']} "
        f"({doc['n_star']} stars against {doc['n_core']} core reps)",
        title_justify="left",
    )
    for column in (
        "star",
        "team",
        "behaviour",
        "star's value",
        "core median",
        "percentile in core",
        "in everyone",
        "q",
    ):
        table.add_column(
            column, justify="left" if column in ("star", "team", "behaviour") else "right"
        )
    for profile in doc["profiles"]:
        who = profile.get("name") or profile["rep_id"]
        if not profile["distinctive"]:
            table.add_row(who, profile.get("team") or "", "nothing stands out", *[""] * 5)
        for s in profile["distinctive"]:
            q = s["q_value"]
            table.add_row(
                who,
                profile.get("team") or "",
                s["label"],
                number(s["value"], s["unit"]),
                number(s["core_median"], s["unit"]),
                f"{s['percentile_core']:.0f}",
                f"{s['percentile_all']:.0f}",
                "—" if q is None else f"{q:.2g}",
            )
    console.print(table)
    console.print(doc["rule_text"])
    console.print(doc["caution"])


register(
    AnalysisPart(
        kind=KIND,
        title="What is distinctive about each star",
        compute=star_profiles_compute,
        print_table=star_profiles_print,
        for_team=star_profiles_for_team,
        order=25,
    )
)
