"""What the performance pages show, shaped from the stored snapshots (never from raw CRM rows).

Each page gets one dataclass: numbers already formatted the way people read them, the tables
and the chart data (plain dicts that `static/web/charts.js` draws and that tests read as data).

Privacy lives here as much as in the views: a page only ever receives the rows of the people the
viewer may see (`members_visible`, built on the access layer), and a rep's page carries only that
rep's own rows plus group averages of at least ``MIN_OTHER_REPS`` other reps, so that no single
colleague's number can be read or worked out from it.

One module per page (leader, team, rep) plus what they share (scope, formatting, gap, trend);
the names are re-exported here.
"""

from uplift.presenters.dashboards.formatting import (
    MIN_OTHER_REPS,
    SPECS,
    change_text,
    metric_value,
    probability_text,
    value_text,
)
from uplift.presenters.dashboards.gap import (
    FRACTION_MIN,
    GapRow,
    OpportunityValue,
    clamp_fraction,
    gap_chart,
    gap_rows,
    opportunity_at,
)
from uplift.presenters.dashboards.leader import (
    Headline,
    LeaderDashboard,
    RankedRep,
    headline,
    index_chart,
    leader_dashboard,
    ranks_chart,
)
from uplift.presenters.dashboards.rep import MyMetric, RepDashboard, rep_dashboard
from uplift.presenters.dashboards.scope import (
    ALL_TEAMS,
    BANDS,
    EXCLUSION_LABELS,
    KEY_METRICS,
    Analysis,
    Member,
    analysis_for_pages,
    members_visible,
)
from uplift.presenters.dashboards.standing import (
    LensBadge,
    RepStanding,
    pattern_chart,
    rep_standing,
)
from uplift.presenters.dashboards.team import (
    SHORT_LABELS,
    TEAM_METRICS,
    TeamDashboard,
    TeamRep,
    team_dashboard,
)
from uplift.presenters.dashboards.trend import TrendView, trend_for_viewer, trend_teams, trend_view

__all__ = [
    "ALL_TEAMS",
    "BANDS",
    "EXCLUSION_LABELS",
    "FRACTION_MIN",
    "KEY_METRICS",
    "MIN_OTHER_REPS",
    "SHORT_LABELS",
    "SPECS",
    "TEAM_METRICS",
    "Analysis",
    "GapRow",
    "Headline",
    "LeaderDashboard",
    "LensBadge",
    "Member",
    "MyMetric",
    "OpportunityValue",
    "RankedRep",
    "RepDashboard",
    "RepStanding",
    "TeamDashboard",
    "TeamRep",
    "TrendView",
    "analysis_for_pages",
    "change_text",
    "clamp_fraction",
    "gap_chart",
    "gap_rows",
    "headline",
    "index_chart",
    "leader_dashboard",
    "members_visible",
    "metric_value",
    "opportunity_at",
    "pattern_chart",
    "probability_text",
    "ranks_chart",
    "rep_dashboard",
    "rep_standing",
    "team_dashboard",
    "trend_for_viewer",
    "trend_teams",
    "trend_view",
    "value_text",
]
