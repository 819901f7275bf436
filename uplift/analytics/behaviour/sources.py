"""Which source data the export holds, and the metrics left out because theirs is absent.

An export without activities would otherwise give every rep 0 meetings, calls and e-mails per
deal: a number that looks measured and says nothing. So before comparing, the engine counts what
the export holds (a handful of counts, one query per table) and each metric whose ``source`` is
absent is left out, with the reason in words. A rep's own 0 on a source the export does hold is a
real 0 and stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir

from uplift.analytics.behaviour.catalogue import Behaviour, Source
from uplift.analytics.metrics.tables import CrmTables

_ACTIVITY_TYPES: dict[Source, str] = {"meetings": "meeting", "calls": "call", "emails": "email"}
_ACTIVITY_WORDS: dict[Source, str] = {"meetings": "meetings", "calls": "calls", "emails": "e-mails"}
_NO_ACTIVITIES = "this export has no activities"
_NOT_LINKED = "none of this export's activities is logged on an opportunity"


@dataclass(frozen=True)
class SourceCounts:
    """Rows of each source in the export: every activity, those logged on an opportunity, those
    by type (on an opportunity), contact roles, stage history rows (0 when there is none)."""

    activities: int
    activities_on_deals: int
    by_type: dict[str, int]
    contact_roles: int
    stage_history: int


@dataclass(frozen=True)
class MissingMetric:
    """A metric left out of the comparison, and why, in words for the reader."""

    behaviour: Behaviour
    reason: str


def source_counts(tables: CrmTables, stage_history: ir.Table | None) -> SourceCounts:
    """The counts behind :func:`absence_reason`, aggregated by the engine."""
    act = tables.activities
    on_deal = act.opportunity_id.notnull()
    counts = act.aggregate(
        total=act.count(),
        on_deals=act.count(where=on_deal),
        **{
            source: act.count(where=on_deal & (act.type == kind))
            for source, kind in _ACTIVITY_TYPES.items()
        },
    )
    row = counts.to_pyarrow().to_pylist()[0]
    roles = int(tables.contact_roles.count().to_pyarrow().as_py())
    history = 0 if stage_history is None else int(stage_history.count().to_pyarrow().as_py())
    return SourceCounts(
        activities=int(row["total"] or 0),
        activities_on_deals=int(row["on_deals"] or 0),
        by_type={source: int(row[source] or 0) for source in _ACTIVITY_TYPES},
        contact_roles=roles,
        stage_history=history,
    )


def _activity_reason(counts: SourceCounts) -> str | None:
    if not counts.activities:
        return _NO_ACTIVITIES
    return None if counts.activities_on_deals else _NOT_LINKED


def absence_reason(source: Source, counts: SourceCounts) -> str | None:
    """Why ``source`` cannot be measured in this export, or ``None`` when it can."""
    if source in _ACTIVITY_TYPES:
        reason = _activity_reason(counts)
        if reason is None and not counts.by_type.get(source):
            reason = f"this export logs no {_ACTIVITY_WORDS[source]} on opportunities"
        return reason
    reasons: dict[Source, str | None] = {
        "activities": _activity_reason(counts),
        "contact_roles": None
        if counts.contact_roles
        else "this export has no contact roles on opportunities",
        "stage_history": None if counts.stage_history else "this export has no stage history",
    }
    return reasons.get(source)
