"""Future leaders: who shares, who helps, whose practices spread and work — as components side by
side, computed from plain inputs (no Django here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uplift.analytics.lazy import lazy_attributes

if TYPE_CHECKING:
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

# Each name is imported from its module on first use, so that reading one small part (a typed
# document, a table's columns) does not load the statistics and the engine behind the others.
_WHERE = {
    "SCORED": "uplift.analytics.leadership.components",
    "PersonComponents": "uplift.analytics.leadership.components",
    "leadership_components": "uplift.analytics.leadership.components",
    "learning_edges": "uplift.analytics.leadership.components",
    "percentile": "uplift.analytics.leadership.components",
    "HelpEdge": "uplift.analytics.leadership.inputs",
    "LeadershipInputs": "uplift.analytics.leadership.inputs",
    "PracticeImpact": "uplift.analytics.leadership.inputs",
    "PracticeInput": "uplift.analytics.leadership.inputs",
    "Centrality": "uplift.analytics.leadership.network",
    "centrality": "uplift.analytics.leadership.network",
    "spring_positions": "uplift.analytics.leadership.network",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


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
