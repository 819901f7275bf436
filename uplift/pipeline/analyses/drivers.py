"""`uplift report drivers`: what stars do differently, and what is distinctive about each star.

Computed by `uplift analyze` after the performance analysis, from its organisation-wide bands
and each rep's segment mix (see ``uplift.analytics.behaviour``). Two sections: what stars do
(behaviours, the drivers) and where stars win (stage conversions, time in stage, cycle: part of
the result, not something to copy), then the metrics this export cannot measure.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from uplift.analytics.behaviour.wording import number, ordinal, q_text, signed
from uplift.insights.reports import drivers_for_team
from uplift.insights.snapshots.store import SnapshotKind
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.pipeline.analyses.behaviour_inputs import analysis_window, run_behaviour_table

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

PROFILE_ITEMS = 4  # distinctive behaviours shown per star on a terminal
DRIVERS_MEANING = (
    "What stars do: behaviours a rep controls where stars and core differ. Next: open a star's "
    "profile (uplift report star-profiles) and schedule a debrief to learn how they do it."
)
WIN_MEANING = (
    "Where stars win: stages and timings where stars' deals end up better. These are part of "
    "the result, not habits to copy; ask in a debrief what the star does earlier that gets them "
    "there."
)


def drivers_compute(context: AnalysisContext) -> dict[str, Any]:
    """The drivers document: behaviours compared star against core, and star profiles."""
    # The comparison's statistics load here, not when the part registers (a stored report).
    from uplift.analytics.behaviour import DriversConfig, analyse_drivers, rep_groups_from_segments

    config = DriversConfig()
    analysis = analyse_drivers(
        context.backend,
        reps=rep_groups_from_segments(context.performance["segments"]),
        window=analysis_window(context),
        as_of=context.as_of,
        config=config,
        table=run_behaviour_table(context, config),
    )
    return analysis.to_dict()


def _console() -> Console:
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _interval(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"{low:+.2f} to {high:+.2f}"


def _comparison_table(doc: dict[str, Any], items: list[dict[str, Any]], title: str) -> Table:
    from rich.table import Table

    window = doc["window"]
    table = Table(
        title=f"{title}, {window['start']} to {window['end']} "
        f"({doc['n_star']} stars, {doc['n_core']} core)",
        title_justify="left",
    )
    columns = (
        "behaviour",
        "star",
        "core",
        "effect size g",
        "95% interval",
        "on the same mix",
        "q",
        "n star/core",
        "finding",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("behaviour", "finding") else "right")
    for d in items:
        unit = d["unit"]
        g = "—" if d["effect_size"] is None else f"{d['effect_size']:+.2f}"
        adjusted = d["adjusted_difference"]
        finding = (
            "not compared"
            if d["q_value"] is None
            else "differ"
            if d["significant"]
            else "no clear difference"
        )
        table.add_row(
            d["label"],
            number(d["star"], unit),
            number(d["core"], unit),
            g,
            _interval(*d["effect_ci"]),
            "—" if adjusted is None else signed(adjusted, unit),
            "—" if d["q_value"] is None else q_text(d["q_value"]).removeprefix("q = "),
            f"{d['n_star']}/{d['n_core']}",
            finding,
        )
    return table


def _print_section(
    console: Console, doc: dict[str, Any], items: list[dict[str, Any]], title: str, meaning: str
) -> None:
    if not items:
        # An empty table says nothing; the reasons follow under "Not measured in this export".
        console.print(f"{title}: nothing this export lets us measure.")
        return
    console.print(_comparison_table(doc, items, title))
    console.print(meaning)
    for d in items:
        if d["significant"]:
            console.print(f"• {d['reading']}")


def _profile_line(profile: dict[str, Any]) -> str:
    who = profile.get("name") or profile["rep_id"]
    team = f" ({profile['team']})" if profile.get("team") else ""
    items = [
        f"{'high' if s['direction'] == 'high' else 'low'} {s['label'].lower()} "
        f"({ordinal(s['percentile'])} percentile)"
        for s in profile["distinctive"][:PROFILE_ITEMS]
    ]
    return f"{who}{team}: " + ("; ".join(items) if items else "nothing stands out")


def drivers_print(doc: dict[str, Any]) -> None:
    """What stars do (the behaviours), where stars win (the outcomes), what this export cannot
    measure, the caution, then one line per star profile."""
    console = _console()
    _print_section(console, doc, doc["drivers"], "What stars do differently", DRIVERS_MEANING)
    if doc.get("where_stars_win"):
        console.print()
        _print_section(console, doc, doc["where_stars_win"], "Where stars win", WIN_MEANING)
    if doc.get("missing"):
        console.print("\nNot measured in this export:")
        for item in doc["missing"]:
            console.print(f"  {item['label']}: {item['reason']}.")
    console.print(doc.get("caution", ""))
    if doc.get("note"):
        console.print(doc["note"])
    profiles = doc.get("profiles", [])
    scope = f" in team {doc['team']}" if doc.get("team") else ""
    console.print(
        f"\nDistinctive behaviours of the stars{scope} (against the core on the same mix):"
    )
    if not profiles:
        console.print("  no stars" + scope)
    elif not doc["drivers"]:
        # Without one measured behaviour, "nothing stands out" would read as a finding.
        console.print("  none measured: this export has none of the behaviours listed above.")
        return
    for profile in profiles:
        console.print(f"  {_profile_line(profile)}")


register(
    AnalysisPart(
        kind=SnapshotKind.DRIVERS,
        title="What stars do differently",
        compute=drivers_compute,
        print_table=drivers_print,
        for_team=drivers_for_team,
        order=20,
    )
)
