"""Capability 9, "Team Sales IQ" and gap closure: a transparent index per team and period.

    from uplift.analytics.teamiq import TeamIQInputs, team_iq_series
    iq = team_iq_series(inputs, window)           # capability, knowledge flow, results
    iq.to_dict()["series"]                         # [{"team", "period", "team_iq", "components"}]

The definition, weights and limits: ``docs/team-iq.md``. Pure: no Django.
"""

from uplift.analytics.teamiq.components import (
    REASON_NOT_STORED,
    Level,
    capability_level,
    knowledge_flow_level,
    results_level,
)
from uplift.analytics.teamiq.evenness import evenness, gini
from uplift.analytics.teamiq.gap import (
    GapClosure,
    GapMonth,
    gap_closure,
    linear_trend,
    monthly_gap_rows,
)
from uplift.analytics.teamiq.index import (
    ALL_TEAMS,
    COMPONENT_LABELS,
    COMPONENTS,
    Component,
    SeriesPoint,
    TeamIQ,
    TeamIQConfig,
    combine,
    team_iq_series,
)
from uplift.analytics.teamiq.inputs import (
    AdoptionRecord,
    ContributionRecord,
    Member,
    ResultsMetric,
    ResultsRecord,
    SkillObservation,
    TeamIQInputs,
)

__all__ = [
    "ALL_TEAMS",
    "COMPONENTS",
    "COMPONENT_LABELS",
    "REASON_NOT_STORED",
    "AdoptionRecord",
    "Component",
    "ContributionRecord",
    "GapClosure",
    "GapMonth",
    "Level",
    "Member",
    "ResultsMetric",
    "ResultsRecord",
    "SeriesPoint",
    "SkillObservation",
    "TeamIQ",
    "TeamIQConfig",
    "TeamIQInputs",
    "capability_level",
    "combine",
    "evenness",
    "gap_closure",
    "gini",
    "knowledge_flow_level",
    "linear_trend",
    "monthly_gap_rows",
    "results_level",
    "team_iq_series",
]
