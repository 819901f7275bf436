"""The analysis a page reads and the people the viewer may see in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from uplift.analytics.performance.gap import Gap
from uplift.analytics.performance.results import ExclusionReason, Scorecards, Segments
from uplift.analytics.performance.trend import Trend
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import SnapshotKind, SnapshotSet, snapshots_of
from uplift.insights.snapshots.documents import window_dict
from uplift.orgs import access
from uplift.orgs.models import Organisation, Person, Role

BANDS = ("star", "core", "tail")


KEY_METRICS = ("win_rate", "bookings", "avg_deal_size", "cycle_days")


ALL_TEAMS = "all"


# Every reason `uplift.analytics.performance.results.ExclusionReason` can give, in words.
EXCLUSION_LABELS: dict[ExclusionReason, str] = {
    "no_closed_deals": "no closed deals in the window",
    "too_few_closed_deals": "too few closed deals to rank fairly",
    "not_in_crm_users": "owns deals but is not in the CRM's user list",
    "nothing_expected": "no deal mix to compare against",
    "no_quota": "no quota for the months they sold",
    "too_new": "too new to rank: sold too little of the window",
}


Document = TypeVar("Document")


def _asked_for(document: Document | None, kind: SnapshotKind) -> Document:
    if document is None:
        raise LookupError(f"the page's analysis was read without its {kind.value} part")
    return document


@dataclass(frozen=True)
class Analysis:
    """The parts of the latest finished analysis a page asked for, typed (`snapshots`).

    `analysis_for_pages` returns one only when every part asked for is there, so a page's
    shaping reads the performance parts it asked for through the properties below; asking for
    one the page did not load is a bug (LookupError)."""

    run: AnalysisRun
    snapshots: SnapshotSet

    @property
    def segments(self) -> Segments:
        return _asked_for(self.snapshots.segments, SnapshotKind.SEGMENTS)

    @property
    def gap(self) -> Gap:
        return _asked_for(self.snapshots.gap, SnapshotKind.GAP)

    @property
    def scorecards(self) -> Scorecards:
        return _asked_for(self.snapshots.scorecards, SnapshotKind.SCORECARDS)

    @property
    def trend(self) -> Trend:
        return _asked_for(self.snapshots.trend, SnapshotKind.TREND)

    @property
    def as_of(self) -> str:
        return str(self.run.as_of)

    @property
    def window(self) -> dict[str, str]:
        summary = self.snapshots.summary
        return window_dict(summary.window if summary else None)

    @property
    def currency(self) -> str:
        summary = self.snapshots.summary
        return str(summary.currency or "") if summary else ""


def analysis_for_pages(*, organisation: Organisation, kinds: Iterable[str]) -> Analysis | None:
    """The latest analysis with the wanted snapshots (and its summary), or None before the first
    or when the latest lacks one of them (it was made by an older version). Each kind is a
    `SnapshotKind` value (another raises ValueError)."""
    run = analysis_latest(organisation=organisation)
    if run is None:
        return None
    wanted = {*(SnapshotKind(kind) for kind in kinds), SnapshotKind.SUMMARY}
    snapshots = snapshots_of(run, wanted)
    if not all(snapshots.has(kind) for kind in wanted):
        return None
    return Analysis(run=run, snapshots=snapshots)


@dataclass(frozen=True)
class Member:
    """Someone whose numbers the viewer may see, and the CRM id that finds their rows."""

    person_id: int
    name: str
    crm_user_id: str
    team: str
    role: str = Role.REP


def members_visible(*, viewer: Person, include_viewer: bool = True) -> list[Member]:
    """The people whose private numbers the viewer may see (SPEC "Roles and privacy")."""
    people = access.private_people_visible(viewer).order_by("full_name")
    if not include_viewer:
        people = people.exclude(pk=viewer.pk)
    return [
        Member(p.pk, p.full_name, p.crm_user_id, p.team.name if p.team else "", p.role)
        for p in people
    ]
