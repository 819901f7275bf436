"""The initiative's gap closure, measured as the Team Sales IQ measures it: the star-core gap of
its scope month by month from the latest analysis (today's stars and core, pooled per month: win
rate, or bookings when bookings define performance), and the share of it closed since launch
with its interval (`uplift.analytics.teamiq.closure`)."""

from __future__ import annotations

from uplift.analytics.teamiq import ResultsMetric, ResultsRecord, monthly_gap_rows
from uplift.analytics.teamiq.closure import Closure, closure_against_target
from uplift.initiatives.models import Initiative
from uplift.initiatives.periods import add_months
from uplift.initiatives.proposal import people_by_rep_id
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import scorecards_of, segments_of

SCOPE = "scope"


def gap_metric(run: AnalysisRun | None) -> ResultsMetric:
    """The monthly gap's metric, as the Team Sales IQ chooses it."""
    segments = segments_of(run)
    return "bookings" if segments is not None and segments.metric == "bookings" else "win_rate"


def scope_monthly_gap(initiative: Initiative, run: AnalysisRun | None) -> list[dict[str, object]]:
    """The scope's gap month by month over the analysis' scorecard months."""
    segments, cards = segments_of(run), scorecards_of(run)
    if segments is None or cards is None:
        return []
    people = people_by_rep_id(
        organisation=initiative.organisation, scope_team=initiative.scope_team
    )
    band = {
        r.rep.rep_id: r.segment
        for r in segments.reps
        if r.rep.rep_id in people and r.segment in ("star", "core")
    }
    records = [
        ResultsRecord(
            rep=row.rep.rep_id,
            team=SCOPE,
            band=band[row.rep.rep_id],
            month=row.period_start.replace(day=1),
            closed=int(row.values.get("deals_closed") or 0),
            won=int(row.values.get("deals_won") or 0),
            bookings_cents=int(row.values.get("bookings_cents") or 0),
        )
        for row in cards.monthly
        if row.rep.rep_id in band
    ]
    months = sorted({row.period_start.replace(day=1) for row in cards.monthly})
    rows = monthly_gap_rows(records, months, gap_metric(run))
    return [row for row in rows if row["team"] == "all"]


def initiative_closure(initiative: Initiative, run: AnalysisRun | None) -> Closure:
    """The share of the scope's gap closed since the initiative started, against its target."""
    target_by = add_months(initiative.starts_on, 3 * initiative.target_quarters)
    return closure_against_target(
        scope_monthly_gap(initiative, run),
        start=initiative.starts_on.replace(day=1),
        target_fraction=initiative.target_close_fraction,
        target_by=target_by,
    )
