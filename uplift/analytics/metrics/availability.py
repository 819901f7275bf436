"""Which optional sources the export holds, and the scorecard columns that need each one.

Deals are always there; activities, contact roles, stage history and quotas are optional in
every CRM export, and some exports give an amount only to the deals that were won. Without
activities a scorecard would otherwise show 0 calls per opportunity for every rep: a number that
looks measured and says nothing. So the engine counts what the export holds (one small aggregate
per table) and every column whose source has no rows is null, with the reason in words. A rep's
own 0 on a source the export does hold is a real 0 and stays.

:data:`SOURCE_COLUMNS` is the one place that says which column depends on which source; the
scorecards, the gap and the pages derive theirs from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from uplift.analytics.metrics.tables import CrmTables

Source = Literal["activities", "contact_roles", "stage_history", "quotas", "pipeline_amounts"]
SOURCES: tuple[Source, ...] = (
    "activities",
    "contact_roles",
    "stage_history",
    "quotas",
    "pipeline_amounts",
)

# The scorecard columns computed from each optional source (stage history feeds none yet).
SOURCE_COLUMNS: dict[Source, tuple[str, ...]] = {
    "activities": (
        "opportunities_worked",
        "calls",
        "emails",
        "meetings",
        "calls_per_opportunity",
        "emails_per_opportunity",
        "meetings_per_opportunity",
    ),
    "contact_roles": ("contacts", "contacts_per_opportunity"),
    "stage_history": (),
    "quotas": ("quota_cents", "quota_attainment"),
    # Pipeline is the value of the deals created; when only won deals carry an amount it would
    # equal the bookings of those deals and look measured.
    "pipeline_amounts": ("pipeline_created_cents",),
}

NO_ROWS: dict[Source, str] = {
    "activities": "this export has no activities",
    "contact_roles": "this export has no contact roles",
    "stage_history": "this export has no stage history",
    "quotas": "this export has no quotas",
    "pipeline_amounts": "this export's lost and open deals carry no amount",
}
# Scorecards count only the activities logged on an opportunity.
NOT_ON_OPPORTUNITIES = "none of this export's activities is logged on an opportunity"


@dataclass(frozen=True)
class MissingSource:
    """A source with no rows in the export, why in words, and the columns left null by it."""

    source: Source
    reason: str
    columns: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Keys: columns, source, reason."""
        return {"columns": list(self.columns), "source": self.source, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MissingSource:
        """A source as :meth:`to_dict` wrote it."""
        return cls(source=data["source"], reason=data["reason"], columns=tuple(data["columns"]))


@dataclass(frozen=True)
class Availability:
    """The optional sources that have no rows (``missing``); every other source has rows."""

    missing: tuple[MissingSource, ...] = ()

    def has(self, source: Source) -> bool:
        return all(found.source != source for found in self.missing)

    def reason(self, column: str) -> str | None:
        """Why ``column`` has no data in this export, or ``None`` when it has."""
        return next((m.reason for m in self.missing if column in m.columns), None)

    @property
    def null_columns(self) -> frozenset[str]:
        return frozenset(column for found in self.missing for column in found.columns)

    def to_list(self) -> list[dict[str, Any]]:
        """The ``missing`` list of a document: [{"columns", "source", "reason"}]."""
        return [found.to_dict() for found in self.missing]


EVERYTHING = Availability()


def _has_rows(table: ir.Table | None) -> bool:
    return table is not None and int(table.limit(1).count().to_pyarrow().as_py() or 0) > 0


def source_availability(tables: CrmTables, stage_history: ir.Table | None = None) -> Availability:
    """What the export behind ``tables`` holds, counted by the engine (a few cheap queries).

    ``stage_history`` is the store's stage history table, ``None`` when it has none. A source is
    missing when it has no rows at all, whatever the window: a quiet window is a real 0.
    """
    act = tables.activities
    reasons: dict[Source, str | None] = {
        "activities": None,
        "contact_roles": None if _has_rows(tables.contact_roles) else NO_ROWS["contact_roles"],
        "stage_history": None if _has_rows(stage_history) else NO_ROWS["stage_history"],
        "quotas": None if _has_rows(tables.quotas) else NO_ROWS["quotas"],
        "pipeline_amounts": None,
    }
    opp = tables.opportunities
    won = opp.is_closed & opp.is_won
    unwon = opp.filter(won.isnull() | ~won)
    if _has_rows(unwon) and not _has_rows(unwon.filter(unwon.amount_cents != 0)):
        reasons["pipeline_amounts"] = NO_ROWS["pipeline_amounts"]
    if not _has_rows(act.filter(act.opportunity_id.notnull())):
        reasons["activities"] = NOT_ON_OPPORTUNITIES if _has_rows(act) else NO_ROWS["activities"]
    return Availability(
        tuple(
            MissingSource(source, reason, SOURCE_COLUMNS[source])
            for source, reason in reasons.items()
            if reason is not None
        )
    )
