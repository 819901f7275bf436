"""Future leaders: who shares, who helps, whose practices spread and work — as components side by
side, computed from plain inputs (no Django here)."""

from uplift.analytics.leadership.components import (
    SCORED,
    PersonComponents,
    leadership_components,
    learning_edges,
    percentile,
)
from uplift.analytics.leadership.inputs import (
    HelpEdge,
    LeadershipInputs,
    PracticeImpact,
    PracticeInput,
)
from uplift.analytics.leadership.network import Centrality, centrality, spring_positions

__all__ = [
    "SCORED",
    "Centrality",
    "HelpEdge",
    "LeadershipInputs",
    "PersonComponents",
    "PracticeImpact",
    "PracticeInput",
    "centrality",
    "leadership_components",
    "learning_edges",
    "percentile",
    "spring_positions",
]
