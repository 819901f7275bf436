"""Reads about organisations, teams and people. Who may see what lives in access.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from uplift.core.models import Job
from uplift.orgs.daily import daily_kinds
from uplift.orgs.models import ApiToken, Organisation, Person, Role, Team


def team_subtree_ids(*, roots: Iterable[int], organisation: Organisation) -> set[int]:
    """The given teams and every team nested under them."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for team_id, parent_id in Team.objects.filter(organisation=organisation).values_list(
        "id", "parent_id"
    ):
        children[parent_id].append(team_id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        team_id = stack.pop()
        if team_id in found:
            continue
        found.add(team_id)
        stack.extend(children.get(team_id, []))
    return found


def team_groups_of(*, team_ids: Iterable[int], organisation: Organisation) -> set[int]:
    """The given teams plus every team that only groups them: a team (a region, say) with no
    manager and no members of its own whose nested teams are all among them."""
    found = set(team_ids)
    rows = list(
        Team.objects.filter(organisation=organisation).values_list("id", "parent_id", "manager_id")
    )
    occupied = set(
        Person.objects.filter(organisation=organisation, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )
    children: dict[int | None, set[int]] = defaultdict(set)
    for team_id, parent_id, _manager_id in rows:
        children[parent_id].add(team_id)
    empty = [
        team_id
        for team_id, _parent_id, manager_id in rows
        if manager_id is None and team_id not in occupied and children[team_id]
    ]
    grown = True
    while grown:
        grown = False
        for team_id in empty:
            if team_id not in found and children[team_id] <= found:
                found.add(team_id)
                grown = True
    return found


def people_with_ids(*, person_ids: Iterable[int]) -> QuerySet[Person]:
    """The people with these ids; the ids come from an access helper (no scope is applied here)."""
    return Person.objects.filter(pk__in=list(person_ids))


def person_report_ids(*, manager: Person) -> set[int]:
    """Everyone whose manager chain leads to `manager` (direct and indirect reports)."""
    found: set[int] = set()
    frontier = {manager.pk}
    while frontier:
        level = (
            set(Person.objects.filter(manager_id__in=frontier).values_list("id", flat=True))
            - found
            - {manager.pk}
        )
        found |= level
        frontier = level
    return found


def manager_chain(*, person: Person) -> list[Person]:
    """The person's manager, their manager, and so on up to the top (cycles are cut)."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.manager
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.manager
    return chain


@dataclass(frozen=True)
class ReportingLines:
    """Who manages whom, up the chain: each person's manager, that manager's manager, and so on.

    Coaching one's own reports is a manager's job; help beyond one's role is help to someone
    outside one's own reporting line (recognition, awards and the future leaders read it so)."""

    managers_of: dict[int, frozenset[int]]

    def manages(self, manager_id: int, person_id: int) -> bool:
        """True when `manager_id` is somewhere above `person_id` in the reporting line."""
        return manager_id in self.managers_of.get(person_id, frozenset())

    def beyond_line(self, helper_id: int, person_id: int) -> bool:
        """True when helping `person_id` is not part of `helper_id`'s job as their manager."""
        return helper_id != person_id and not self.manages(helper_id, person_id)


def reporting_lines(*, organisation: Organisation) -> ReportingLines:
    """The organisation's reporting lines, read in one query (cycles are cut)."""
    manager_of = dict(
        Person.objects.filter(organisation=organisation).values_list("id", "manager_id")
    )
    managers_of: dict[int, frozenset[int]] = {}
    for person_id in manager_of:
        chain: list[int] = []
        current = manager_of.get(person_id)
        while current is not None and current != person_id and current not in chain:
            chain.append(current)
            current = manager_of.get(current)
        managers_of[person_id] = frozenset(chain)
    return ReportingLines(managers_of)


def team_path(*, team: Team) -> list[Team]:
    """The team's ancestors from the top down, ending with the team itself."""
    path = [team]
    seen = {team.pk}
    current = team.parent
    while current is not None and current.pk not in seen:
        path.insert(0, current)
        seen.add(current.pk)
        current = current.parent
    return path


def teams_with_headcount(*, team_ids: Iterable[int]) -> QuerySet[Team]:
    """The teams, each with `headcount`: its active members, every role (as
    `uplift.orgs.head_counts` counts people)."""
    return (
        Team.objects.filter(id__in=list(team_ids))
        .select_related("manager", "parent")
        .annotate(headcount=Count("members", filter=Q(members__is_active=True), distinct=True))
        .order_by("parent__name", "name")
    )


@dataclass(frozen=True)
class TeamTree:
    """Teams as a tree: the `roots` (whose parent is not among them) and each team's `children`.
    Every team carries `headcount` (its own active members) and `headcount_total` (with those
    of the teams under it), so that a region with three teams never reads "0 people"."""

    roots: list[Team]
    children: dict[int | None, list[Team]]


def team_tree(*, team_ids: Iterable[int]) -> TeamTree:
    teams = list(teams_with_headcount(team_ids=team_ids))
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        children.setdefault(team.parent_id, []).append(team)

    def total(team: Team, seen: frozenset[int]) -> int:
        below = [t for t in children.get(team.pk, []) if t.pk not in seen]
        found: int = team.headcount + sum(total(t, seen | {t.pk}) for t in below)  # type: ignore[attr-defined]
        team.headcount_total = found  # type: ignore[attr-defined]
        return found

    visible = {team.pk for team in teams}
    roots = [team for team in teams if team.parent_id not in visible]
    for root in roots:
        total(root, frozenset({root.pk}))
    return TeamTree(roots=roots, children=children)


def role_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = dict(
        Person.objects.filter(organisation=organisation, is_active=True)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return {role.value: counts.get(role.value, 0) for role in Role}


def crm_ids_not_selling(*, organisation: Organisation) -> frozenset[str]:
    """CRM ids of the organisation's managers, leaders and admins: people who are not reps, so
    that having no deals of their own is expected of them, not a reason a rep was left out."""
    return frozenset(
        Person.objects.filter(organisation=organisation)
        .exclude(role=Role.REP)
        .exclude(crm_user_id="")
        .values_list("crm_user_id", flat=True)
    )


def people_of(*, organisation: Organisation) -> QuerySet[Person]:
    """Everyone of the organisation, every role, active or not, with their team."""
    return Person.objects.filter(organisation=organisation).select_related("team")


def active_admins_of(*, organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(organisation=organisation, role=Role.ADMIN, is_active=True)


def people_with_usable_password_count(*, organisation: Organisation) -> int:
    return (
        Person.objects.filter(organisation=organisation, is_active=True)
        .exclude(password__startswith="!")  # noqa: S106  (unusable-password marker)
        .count()
    )


def api_tokens_of(*, person: Person) -> QuerySet[ApiToken]:
    """The person's own API tokens, newest first, whether in force, expired or revoked."""
    return ApiToken.objects.filter(person=person).order_by("-created_at", "-id")


def jobs_recent(
    *, organisation: Organisation, kind: str | None = None, limit: int = 10
) -> QuerySet[Job]:
    """The organisation's latest background jobs (of one kind when given), newest first; the
    daily work the worker queues itself (uplift.orgs.daily) only when asked for by its kind, so
    that it never crowds out the imports and analyses people started."""
    jobs = Job.objects.filter(organisation=organisation)
    jobs = jobs.filter(kind=kind) if kind is not None else jobs.exclude(kind__in=daily_kinds())
    return jobs.select_related("created_by")[:limit]
