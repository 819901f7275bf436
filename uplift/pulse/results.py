"""The results a manager or leader reads: one closed round's groups that hold answers of their
teams, beside everyone's, and the trend of those groups over the last rounds, as chart data for
`web/charts.js` (kind `lines`) and the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from uplift.core.refusals import NotFound
from uplift.orgs.access import team_ids_visible, viewer_organisation
from uplift.orgs.models import Person
from uplift.pulse.access import groups_visible, whole_organisation_visible
from uplift.pulse.models import PulseRound
from uplift.pulse.selectors import (
    GroupResult,
    RoundResults,
    answers_of_teams,
    closed_rounds,
    participation_of,
    results_since,
    round_open_on,
    rounds_results,
)

TREND_ROUNDS = 12
PALETTE = (
    "#2b59c3",
    "#c47f00",
    "#12a594",
    "#b42318",
    "#6f42c1",
    "#4a7c59",
    "#d63384",
    "#3d5a80",
    "#8a6d00",
    "#0b7285",
    "#7a4d00",
    "#495057",
)
EVERYONE = "Everyone"


@dataclass(frozen=True)
class TrendLine:
    """One group's results over the rounds; None where it had no result of its own (its teams'
    answers were counted in a group above it)."""

    name: str
    engagement: tuple[float | None, ...]
    enps: tuple[float | None, ...]


@dataclass(frozen=True)
class PulseResultsPage:
    rounds: list[PulseRound]  # closed rounds, newest first
    chosen: RoundResults | None
    groups: list[GroupResult]  # the chosen round's groups the viewer reads
    months: list[date]  # of the trend, oldest first
    lines: list[TrendLine]  # the viewer's groups, then everyone
    engagement_chart: dict[str, Any] | None
    enps_chart: dict[str, Any] | None
    open_round: PulseRound | None
    open_answers: int  # answers so far in the open round, from the viewer's teams


def _chart(
    months: list[date], lines: list[TrendLine], measure: str, title: str
) -> dict[str, Any] | None:
    series = []
    for index, line in enumerate(lines):
        values = list(getattr(line, measure))
        if not any(v is not None for v in values):
            continue
        everyone = line.name == EVERYONE
        series.append(
            {
                "key": "core" if everyone else f"group-{index}",
                "label": line.name,
                "values": [None if v is None else round(v, 2) for v in values],
                "color": "#1d2433" if everyone else PALETTE[index % len(PALETTE)],
            }
        )
    if not series:
        return None
    chart: dict[str, Any] = {
        "kind": "lines",
        "labels": [m.strftime("%b %Y") for m in months],
        "series": series,
        "zero": False,
        "y_title": title,
    }
    if measure == "engagement":
        chart["max"] = 5
    else:
        chart["unit"] = "rank"  # whole points
    return chart


def _trend(viewer: Person, results: list[RoundResults]) -> list[TrendLine]:
    keys: list[int | None] = []
    names: dict[int | None, str] = {}
    for found in results:
        for group in groups_visible(viewer, found.groups):
            if group.team_id not in names:
                keys.append(group.team_id)
            names[group.team_id] = group.name
    lines = []
    for key in keys:
        by_round = [
            next((g for g in groups_visible(viewer, r.groups) if g.team_id == key), None)
            for r in results
        ]
        lines.append(
            TrendLine(
                name=names[key],
                engagement=tuple(g.engagement if g else None for g in by_round),
                enps=tuple(g.enps if g else None for g in by_round),
            )
        )
    lines.append(
        TrendLine(
            name=EVERYONE,
            engagement=tuple(r.everyone.engagement if r.everyone else None for r in results),
            enps=tuple(r.everyone.enps if r.everyone else None for r in results),
        )
    )
    return lines


def open_round_answers(
    *, viewer: Person, today: date | None = None
) -> tuple[PulseRound | None, int]:
    """The round open today, and how many people of the viewer's teams answered it so far."""
    organisation = viewer_organisation(viewer)
    open_round = round_open_on(organisation=organisation, day=today or timezone.localdate())
    if open_round is None:
        return None, 0
    if whole_organisation_visible(viewer):
        return open_round, participation_of(round_=open_round)
    return open_round, answers_of_teams(round_=open_round, team_ids=team_ids_visible(viewer))


def results_visible(
    *, viewer: Person, since: date | None = None, today: date | None = None
) -> list[tuple[RoundResults, list[GroupResult]]]:
    """The closed rounds that opened in `since`'s month or later (the last twelve without it),
    oldest first, each with the groups the viewer reads."""
    organisation = viewer_organisation(viewer)
    if since is None:
        rounds = closed_rounds(organisation=organisation, today=today)[:TREND_ROUNDS]
        found = rounds_results(rounds=sorted(rounds, key=lambda r: r.opens_on))
    else:
        found = results_since(organisation=organisation, since=since, today=today)
    return [(r, groups_visible(viewer, r.groups)) for r in found]


def pulse_results_page(
    *, viewer: Person, round_id: int | None = None, today: date | None = None
) -> PulseResultsPage:
    """What the viewer reads of the closed rounds (the latest, or `round_id`), or 404 for a
    round that is not a closed round of their organisation."""
    today = today or timezone.localdate()
    rounds = closed_rounds(organisation=viewer_organisation(viewer), today=today)
    chosen_round = rounds[0] if rounds else None
    if round_id is not None:
        chosen_round = next((r for r in rounds if r.pk == round_id), None)
        if chosen_round is None:
            raise NotFound("No such closed pulse round in your organisation.", field="round")
    trend_rounds = sorted(rounds[:TREND_ROUNDS], key=lambda r: r.opens_on)
    results = rounds_results(rounds=trend_rounds)
    chosen = next((r for r in results if chosen_round and r.round.pk == chosen_round.pk), None)
    if chosen is None and chosen_round is not None:
        chosen = rounds_results(rounds=[chosen_round])[0]
    lines = _trend(viewer, results)
    months = [r.month for r in results]
    open_round, open_answers = open_round_answers(viewer=viewer, today=today)
    return PulseResultsPage(
        rounds=rounds,
        chosen=chosen,
        groups=groups_visible(viewer, chosen.groups) if chosen else [],
        months=months,
        lines=lines,
        engagement_chart=_chart(months, lines, "engagement", "Mean answer, 1 to 5"),
        enps_chart=_chart(months, lines, "enps", "eNPS, points"),
        open_round=open_round,
        open_answers=open_answers,
    )
