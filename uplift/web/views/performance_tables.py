"""The tables of the performance pages: the leader's ranked reps and the gap, the manager's
scorecards (declared once; the pages and their downloads draw them from here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.urls import reverse

from uplift.core.plain_words import chance_reading
from uplift.presenters.dashboards import RankedRep, TeamRep
from uplift.presenters.dashboards.gap import GapRow
from uplift.web.tables import Column, Priority, Table

BAND_ORDER = {"star": 0, "core": 1, "tail": 2}


def _lenses(rep: RankedRep) -> str:
    return " · ".join(badge.text for badge in rep.standing.lenses)


def _chance(probability: float | None, percent: str) -> str:
    """The probability of being a star in words, with the number: "likely (72%)"."""
    if probability is None:
        return percent
    return f"{chance_reading(probability).words} ({percent})"


def ranked_reps_table(metric_label: str, currency: str) -> Table[RankedRep]:
    """Every ranked rep of the viewer's part of the organisation, best first."""
    unit = f" ({currency})" if currency else ""
    return Table(
        name="ranked-reps",
        caption="Ranked reps",
        columns=(
            Column(
                "rep",
                "Rep",
                lambda r: r.name,
                cell="performance/_cell_ranked_rep.html",
                link=lambda r: reverse("person_performance", args=[r.person_id]),
            ),
            Column("team", "Team", lambda r: r.team, priority=Priority.EXTRA),
            Column(
                "band",
                "Band",
                lambda r: r.segment,
                sort=lambda r: (BAND_ORDER.get(r.segment, 3), r.rank),
                cell="performance/_cell_band.html",
            ),
            Column("rank", "Rank", lambda r: r.rank, numeric=True, first_descending=False),
            Column(
                "p_star",
                "Chance of being a star",
                lambda r: r.p_star,
                text=lambda r: _chance(r.p_star, r.p_star_text),
                css="num-wrap",
                first_descending=True,
                priority=Priority.TABLET,
                export_label="Probability of being a star",
            ),
            Column(
                "interval",
                "90% interval",
                lambda r: f"{r.rank_low}\u2013{r.rank_high}",
                sort=lambda r: (r.rank_low, r.rank_high),
                note="of the rank",
                numeric=True,
                first_descending=False,
                priority=Priority.DESKTOP,
                export_label="Rank 90% interval",
            ),
            Column(
                "raw",
                f"Raw {metric_label}",
                lambda r: r.raw_value,
                text=lambda r: r.raw,
                numeric=True,
                priority=Priority.TABLET,
                export_label=f"Raw {metric_label}{unit}",
            ),
            Column(
                "index",
                "Index",
                lambda r: r.index_value,
                text=lambda r: r.index,
                note="shrunk",
                numeric=True,
                priority=Priority.DESKTOP,
                export_label="Index (shrunk)",
            ),
            Column("n", "Closed deals", lambda r: r.n, numeric=True, priority=Priority.DESKTOP),
            Column(
                "debrief",
                "Debrief",
                lambda _: "",
                cell="performance/_cell_star_debrief.html",
                sortable=False,
                export=False,
                fold=False,
                priority=Priority.DESKTOP,
            ),
            Column("lenses", "Each lens", _lenses, priority=Priority.EXTRA, sortable=False),
            Column(
                "pattern",
                "What sets them apart",
                lambda r: r.standing.pattern_sentence or None,
                priority=Priority.EXTRA,
                sortable=False,
            ),
            Column("why", "Why", lambda r: r.why, priority=Priority.EXTRA, sortable=False),
        ),
        default_sort="rank",
        search=lambda r: f"{r.name} {r.team}",
        search_label="Find a rep or a team",
        row_attrs=lambda r: {"data-band": r.segment},
        empty="No ranked reps in your part of the organisation.",
        download="leader_performance_download",
    )


def gap_table() -> Table[GapRow]:
    """Star and core averages per metric, the gap and its interval (a short table: one page)."""

    def measured(
        key: str, label: str, value: Callable[[GapRow], str], priority: Priority
    ) -> Column[GapRow]:
        """A number of the row, or "—" with the row's reason when the export holds no data."""
        return Column(
            key,
            label,
            lambda g: None if g.no_data else value(g),
            numeric=True,
            sortable=False,
            no_data=lambda g: g.no_data,
            priority=priority,
        )

    return Table(
        name="gap",
        caption="Star and core averages per metric, the gap and its 95% interval",
        columns=(
            Column(
                "metric",
                "Metric",
                lambda g: g.label,
                cell="performance/_cell_gap_metric.html",
                sortable=False,
            ),
            measured("star", "Stars", lambda g: g.star, Priority.ESSENTIAL),
            measured("core", "Core", lambda g: g.core, Priority.ESSENTIAL),
            measured("gap", "Gap", lambda g: g.gap, Priority.ESSENTIAL),
            measured("interval", "95% interval", lambda g: g.interval, Priority.TABLET),
            measured("n", "n stars / core", lambda g: f"{g.n_star} / {g.n_core}", Priority.TABLET),
            Column(
                "no_data",
                "No data because",
                lambda g: g.no_data or None,
                priority=Priority.EXTRA,
                sortable=False,
                fold=False,
            ),
        ),
        default_sort="",
        page_size=0,
        row_attrs=lambda g: {
            "data-metric": g.metric,
            "class": "gap-row table-light fw-semibold" if g.method == "posterior" else "gap-row",
        },
        prefix="gap_",
        download="leader_performance_download",
    )


def excluded_table() -> Table[dict[str, Any]]:
    """The people of the viewer's part with CRM data who were not ranked, and why."""
    return Table(
        name="not-ranked",
        caption="People not ranked, and why",
        columns=(
            Column("person", "Person", lambda e: e["name"]),
            Column("team", "Team", lambda e: e["team"], priority=Priority.TABLET),
            Column(
                "reason",
                "Why",
                lambda e: e["reason"],
                cell="performance/_cell_not_ranked.html",
            ),
            Column(
                "detail",
                "Detail",
                lambda e: e["detail"] or None,
                priority=Priority.EXTRA,
                sortable=False,
            ),
        ),
        default_sort="reason",
        page_size=10,
        search=lambda e: f"{e['name']} {e['team']}",
        search_label="Find a person",
        prefix="nr_",
        download="leader_performance_download",
    )


def scorecards_table(
    metrics: list[dict[str, str]], currency: str, no_data: Mapping[str, str] | None = None
) -> Table[TeamRep]:
    """A manager's reps with their band and every scorecard metric; `no_data` gives, by metric,
    why the export has no data for it (its cells read "—" with that reason)."""
    unit = f" ({currency})" if currency else ""
    reasons = no_data or {}
    metric_columns = tuple(
        _metric_column(metric, _metric_priority(index), unit, reasons.get(metric["metric"], ""))
        for index, metric in enumerate(metrics)
    )
    return Table(
        name="scorecards",
        caption="Your reps' scorecards",
        columns=(
            Column(
                "rep",
                "Rep",
                lambda r: r.name,
                cell="performance/_cell_scorecard_rep.html",
                link=lambda r: reverse("person_performance", args=[r.person_id]),
            ),
            Column("team", "Team", lambda r: r.team or None, priority=Priority.EXTRA),
            Column(
                "band",
                "Band",
                lambda r: r.segment or None,
                sort=lambda r: (BAND_ORDER.get(r.segment or "", 3), -(r.p_star or 0)),
                cell="performance/_cell_band.html",
            ),
            Column(
                "p_star",
                "Chance of being a star",
                lambda r: r.p_star,
                text=lambda r: _chance(r.p_star, r.p_star_text),
                css="num-wrap",
                first_descending=True,
                export_label="Probability of being a star",
            ),
            *metric_columns,
            Column(
                "why",
                "Why",
                lambda r: r.why or (f"Not ranked: {r.note}" if r.note else None),
                priority=Priority.EXTRA,
                sortable=False,
            ),
        ),
        default_sort="band",
        search=lambda r: f"{r.name} {r.team}",
        search_label="Find a rep",
        row_attrs=lambda r: {"data-rep": str(r.person_id)},
        empty="None of your reps has CRM numbers in this analysis.",
        download="team_performance_download",
    )


def _metric_priority(index: int) -> Priority:
    """The first three metrics from 768 px, the next two from 1200 px, the rest on asking."""
    if index < 3:
        return Priority.TABLET
    return Priority.DESKTOP if index < 5 else Priority.EXTRA


def _metric_column(
    metric: dict[str, str], priority: Priority, unit: str, reason: str
) -> Column[TeamRep]:
    key = metric["metric"]

    def number(row: TeamRep) -> float | None:
        return row.numbers.get(key)

    def text(row: TeamRep) -> str:
        return row.values.get(key, "\u2014")

    money = metric.get("unit") == "currency"
    return Column(
        key,
        metric["label"],
        number,
        text=text,
        numeric=True,
        priority=priority,
        export_label=metric["label"] + (unit if money else ""),
        no_data=(lambda _: reason) if reason else None,
    )
