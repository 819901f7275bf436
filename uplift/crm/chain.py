"""The manager chain of a CRM export: who reports to whom, and which team each rep is in.

One team per first-line manager (a manager of reps who manage no one), named after the team its
reps' export gives most often (Salesforce's Department, a mapped `team` column), else the
manager's own, else "<manager>'s team". A first-line manager is in their own team; everyone else
is in their manager's; a manager of managers is in no team of the chain.

Pure (no Django), so the importer writes every rep's team into the analytics store with the
same rule that places the linked people in the application's teams: reports and pages agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


class ChainMember(Protocol):
    """A CRM user as the chain needs them (``uplift.crm.people.CrmUser`` is one)."""

    @property
    def rep_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def manager_id(self) -> str | None: ...
    @property
    def team(self) -> str | None: ...
    @property
    def region(self) -> str | None: ...


Member = TypeVar("Member", bound=ChainMember)


@dataclass(frozen=True)
class ChainRow:
    """A rep as a staged export holds them."""

    rep_id: str
    name: str | None
    manager_id: str | None
    team: str | None
    region: str | None


@dataclass(frozen=True)
class ChainTeam:
    manager_id: str  # the first-line manager's rep id
    name: str
    region: str | None


def most_common(values: Iterable[str | None]) -> str | None:
    """The value given most often (ties: the first in alphabetical order); None when none is."""
    counted = Counter(v for v in values if v)
    return min(counted, key=lambda v: (-counted[v], v)) if counted else None


def chain_reports(members: Sequence[Member]) -> dict[str, list[Member]]:
    """Each manager's direct reports, by the manager's rep id (managers in the export only)."""
    known = {m.rep_id for m in members}
    reports: dict[str, list[Member]] = {}
    for member in members:
        boss = member.manager_id
        if boss and boss in known and boss != member.rep_id:
            reports.setdefault(boss, []).append(member)
    return reports


def chain_teams(members: Sequence[ChainMember]) -> dict[str, ChainTeam]:
    """One team per first-line manager, by the manager's rep id, with its name and region."""
    by_id = {m.rep_id: m for m in members}
    reports = chain_reports(members)
    teams: dict[str, ChainTeam] = {}
    for manager_id, team_members in reports.items():
        if all(reports.get(m.rep_id) for m in team_members):
            continue  # a manager of managers leads a region, not a team
        manager = by_id[manager_id]
        name = most_common(m.team for m in team_members) or manager.team
        # Reports who manage others lead regions of their own: they do not place this team.
        # (A chief revenue officer's sales-operations analyst and three regional VPs make a
        # team outside every region, not one in the first VP's region.)
        sellers = [m for m in team_members if not reports.get(m.rep_id)]
        region = most_common(m.region for m in sellers) or manager.region
        fallback = f"{manager.name or manager.rep_id}'s team"
        teams[manager_id] = ChainTeam(manager_id, name or fallback, region)
    return teams


def chain_team_of(member: ChainMember, teams: dict[str, ChainTeam]) -> ChainTeam | None:
    """The team `member` is in: their own (as its manager), else their manager's, else none."""
    own = teams.get(member.rep_id)
    return own or (teams.get(member.manager_id) if member.manager_id else None)
