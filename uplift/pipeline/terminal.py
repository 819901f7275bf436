"""Reports as readable tables on a terminal."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from uplift.insights.snapshots.store import SnapshotKind


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


def _pct(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}"
    return (text.lstrip("-") if float(text) == 0 else text) + "%"  # what rounds away has no sign


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "fraction":
        return _pct(value, 1)
    if unit == "currency":
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def _print_missing(console: Console, doc: dict[str, Any]) -> None:
    """Why some cells are "—": the sources the export has no rows of."""
    for found in doc.get("missing") or []:
        if found.get("columns"):
            # Column names in words: money columns drop the "_cents" they are stored in.
            columns = ", ".join(
                c.removesuffix("_cents").replace("_", " ") for c in found["columns"]
            )
            console.print(f"— No data: {found['reason']} ({columns}).")


def print_segments(doc: dict[str, Any]) -> None:
    metric = doc["metric"].replace("_", " ")
    table = Table(
        title=f"Stars, core and tail as of {doc['as_of']} ({metric}, mix-adjusted)",
        title_justify="left",
    )
    for column in ("rank", "rep", "team", "segment", "p(star)", "rank interval", "raw", "n"):
        table.add_column(
            column, justify="right" if column in ("rank", "p(star)", "n", "raw") else "left"
        )
    for rep in doc["reps"]:
        raw = _pct(rep["raw"]) if doc["metric"] == "win_rate" else f"{rep['raw']:,.0f}"
        table.add_row(
            str(rep["rank"]),
            rep["name"] or rep["rep_id"],
            rep.get("team") or "—",
            rep["segment"],
            _pct(rep["p_star"]),
            f"{rep['rank_low']} to {rep['rank_high']}",
            raw,
            str(rep["n"]),
        )
    console = _console()
    console.print(table)
    console.print(doc["bands"]["rule"])
    excluded = doc.get("excluded_counts") or {}
    if excluded:
        console.print(
            "Not ranked: "
            + ", ".join(f"{n} {why.replace('_', ' ')}" for why, n in excluded.items())
        )


def print_gap(doc: dict[str, Any]) -> None:
    scope = f" in team {doc['team']}" if doc.get("team") else ""
    table = Table(title=f"Star vs core{scope} as of {doc['as_of']}", title_justify="left")
    for column in ("metric", "star", "core", "gap", "95% interval", "n star/core"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for m in doc["metrics"]:
        low, high = m["ci"]
        interval = "—" if low is None or high is None else f"{_pct(low)} to {_pct(high)}"
        table.add_row(
            m["label"],
            _value(m["star"], m["unit"]),
            _value(m["core"], m["unit"]),
            _pct(m["gap_pct"]),
            interval,
            f"{m['n_star']}/{m['n_core']}",
        )
    console = _console()
    console.print(table)
    _print_missing(console, doc)
    opportunity = doc.get("opportunity") or {}
    if opportunity.get("annual_value") is not None:
        low, high = opportunity.get("annual_value_ci") or (None, None)
        between = f" (95% interval {low:,.0f} to {high:,.0f})" if low is not None else ""
        console.print(
            f"Lifting the core by {opportunity['close_fraction']:.0%} of the gap is worth about "
            f"{opportunity['annual_value']:,.0f} {opportunity.get('currency', '')} a year{between}."
        )
    if doc.get("note"):
        console.print(doc["note"])


def print_scorecards(doc: dict[str, Any]) -> None:
    window = doc["window"]
    table = Table(
        title=f"Scorecards {window['start']} to {window['end']} ({doc['currency']})",
        title_justify="left",
    )
    columns = (
        "rep",
        "team",
        "closed",
        "won",
        "win rate",
        "bookings",
        "avg won deal",
        "cycle days",
        "pipeline created",
        "meetings/opp",
        "contacts/opp",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("rep", "team") else "right")
    for r in sorted(doc["reps"], key=lambda r: (r.get("team") or "", r.get("name") or "")):
        table.add_row(
            r.get("name") or r["rep_id"],
            r.get("team") or "—",
            str(r["deals_closed"]),
            str(r["deals_won"]),
            _pct(r["win_rate"]),
            _value(r.get("bookings"), "currency"),
            _value(r.get("avg_won_deal"), "currency"),
            _value(r.get("median_cycle_days"), "days"),
            _value(r.get("pipeline_created"), "currency"),
            _value(r.get("meetings_per_opportunity"), "per"),
            _value(r.get("contacts_per_opportunity"), "per"),
        )
    console = _console()
    console.print(table)
    _print_missing(console, doc)


PRINTERS = {
    SnapshotKind.SEGMENTS: print_segments,
    SnapshotKind.GAP: print_gap,
    SnapshotKind.SCORECARDS: print_scorecards,
}


def print_initiatives(doc: dict[str, Any]) -> None:
    """Each initiative: sponsor, target, baseline, partners, commitments, participation and gap
    closure with its interval."""
    console = _console()
    for item in doc["initiatives"]:
        console.print(f"[bold]{item['name']}[/bold] ({item['status']})")
        target = item.get("target") or {}
        baseline = item.get("baseline") or {}
        closure = item.get("gap_closure") or {}
        low, high = closure.get("ci") or (None, None)
        commitments = item.get("commitments") or {}
        partners = item.get("partners") or []
        accepted = sum(1 for p in partners if p.get("status") == "accepted")
        lines = [
            f"  Sponsor: {item.get('sponsor') or '—'} · scope: {item.get('scope')}",
            f"  Target: {target.get('sentence', '—')}",
            f"  Baseline: {baseline.get('sentence') or '—'}",
            f"  Partners: {len(partners)} ({accepted} accepted)",
            "  Commitments: "
            + ", ".join(f"{commitments.get(k, 0)} {k}" for k in ("kept", "missed", "due")),
            f"  Participation beyond the stars: {_pct(item.get('participation'))} of core reps",
            (
                f"  Gap closed since the start: {_pct(closure.get('value'))} "
                f"(95% interval {_pct(low)} to {_pct(high)}): {closure.get('reading', '—')}"
            ),
        ]
        for line in lines:
            console.print(line)
        if item.get("note"):
            console.print(f"  {item['note']}")


def print_report(name: str, document: dict[str, Any]) -> None:
    from uplift.pipeline.analyses import discover
    from uplift.pipeline.reports import INITIATIVE_REPORT

    if name == INITIATIVE_REPORT:
        print_initiatives(document)
        return
    parts = discover()
    if name in parts:
        parts[SnapshotKind(name)].print_table(document)
    else:
        PRINTERS[SnapshotKind(name)](document)
