"""The analysis a page reads and the people the viewer may see in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from uplift.analytics.performance.results import ExclusionReason
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots.store import SnapshotKind, snapshots_json
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


@dataclass(frozen=True)
class Analysis:
    """The parts of the latest finished analysis a page asked for."""

    run: AnalysisRun
    parts: dict[str, Any]

    def part(self, kind: str) -> Any:
        return self.parts[kind]

    @property
    def as_of(self) -> str:
        return str(self.run.as_of)

    @property
    def window(self) -> dict[str, str]:
        return dict(self.parts.get("summary", {}).get("window") or {})

    @property
    def currency(self) -> str:
        return str(self.parts.get("summary", {}).get("currency") or "")


def analysis_for_pages(*, organisation: Organisation, kinds: Iterable[str]) -> Analysis | None:
    """The latest analysis with the wanted snapshots (and its summary), or None before the first.
    Each kind is a `SnapshotKind` value (another raises ValueError)."""
    run = analysis_latest(organisation=organisation)
    if run is None:
        return None
    wanted = {*(SnapshotKind(kind) for kind in kinds), SnapshotKind.SUMMARY}
    parts = {kind.value: data for kind, data in snapshots_json(run=run, kinds=wanted).items()}
    if set(parts) != wanted:
        return None
    return Analysis(run=run, parts=parts)


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
