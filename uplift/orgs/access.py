"""The one access layer: who may reach an endpoint, and which records they may see.

Every page and every API operation declares a `Rule` (through `page_rule` here or
`uplift.api.security.api_rule`). Every record a request touches is fetched through an `access_*`
helper below, which answers 404 for what the viewer may not see, so that the existence of
another rep's private records does not leak.

The privacy model (SPEC "Roles and privacy"):

- a rep sees their own private data and nobody else's;
- a manager sees the private data of the reps in the teams they run (and teams nested under them)
  and of everyone down their manager chain;
- a leader who sits in no team sees the whole organisation; one who sits in a team sees the part
  they lead: the teams they manage, the team they sit in and the teams of everyone reporting to
  them, each with the teams nested under it, plus the regions made only of such teams;
- an enablement admin curates the framework, library, imports and settings, but sees no rep's
  private data unless that admin is also in their manager chain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from uplift.core.models import Job
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.orgs.selectors import person_report_ids, team_groups_of, team_subtree_ids


@dataclass(frozen=True)
class Rule:
    """Who may call an endpoint. Object-level checks come on top, through access_* helpers."""

    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    public: bool = False
    staff_only: bool = False
    description: str = ""

    def allows(self, person: Any) -> bool:
        if self.public:
            return True
        if person is None or not getattr(person, "is_authenticated", False):
            return False
        if not getattr(person, "may_sign_in", person.is_active):
            return False
        if self.staff_only:
            return bool(person.is_staff)
        if person.organisation_id is None:
            return False
        return not self.roles or person.role in self.roles


ALL_ROLES = frozenset(Role.values)
PUBLIC = Rule("public", public=True, description="Anyone, signed in or not.")
SIGNED_IN = Rule("signed-in", roles=ALL_ROLES, description="Any signed-in member.")
LEADERS = Rule("leaders", roles=frozenset({Role.LEADER}), description="Leaders only.")
MANAGERS = Rule(
    "managers", roles=frozenset({Role.MANAGER, Role.LEADER}), description="Managers and leaders."
)
ADMINS = Rule("admins", roles=frozenset({Role.ADMIN}), description="Enablement admins only.")
LEADERS_AND_ADMINS = Rule(
    "leaders-and-admins",
    roles=frozenset({Role.LEADER, Role.ADMIN}),
    description="Leaders and enablement admins.",
)
STAFF = Rule("staff", staff_only=True, description="Back-office staff (Django admin).")

_RULE_ATTRIBUTE = "uplift_access_rule"
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def rule_of(view: Any) -> Rule | None:
    """The access rule declared on a view or API operation, if any."""
    return getattr(view, _RULE_ATTRIBUTE, None)


def mark(view: Any, rule: Rule) -> None:
    setattr(view, _RULE_ATTRIBUTE, rule)


def page_rule(rule: Rule) -> Callable[[ViewFunc], ViewFunc]:
    """Declare and enforce the rule of a page (a Django view function)."""

    def decorate(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not rule.public and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule.allows(request.user):
                raise PermissionDenied(f"This page is for: {rule.description}")
            return view(request, *args, **kwargs)

        mark(guarded, rule)
        return guarded  # type: ignore[return-value]

    return decorate


def protect(view: ViewFunc, rule: Rule) -> ViewFunc:
    """page_rule for a view we did not write (Django's own auth views)."""
    return page_rule(rule)(view)


def viewer_organisation(viewer: Person) -> Organisation:
    """The viewer's organisation; only people of an organisation get past a role rule."""
    if viewer.organisation is None:
        raise PermissionDenied("You are not a member of an organisation.")
    return viewer.organisation


# --- Scopes -------------------------------------------------------------------------------------


def _cached(person: Person, key: str, compute: Callable[[], set[int]]) -> set[int]:
    cache: dict[str, set[int]] = person.__dict__.setdefault("_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def report_ids_visible(viewer: Person) -> set[int]:
    """The viewer's manager chain scope: the people whose manager chain contains the viewer (the
    viewer excluded). A person's manager chain is everyone above them by the `manager` links plus
    the managers of their team and of every team it is nested in."""

    def compute() -> set[int]:
        org = viewer.organisation
        if org is None or not viewer.is_active:
            return set()
        ids = person_report_ids(manager=viewer)
        managed = set(
            Team.objects.filter(organisation=org, manager=viewer).values_list("id", flat=True)
        )
        if managed:
            teams = team_subtree_ids(roots=managed, organisation=org)
            ids |= set(
                Person.objects.filter(organisation=org, team_id__in=teams).values_list(
                    "id", flat=True
                )
            )
        ids.discard(viewer.pk)
        return ids

    return _cached(viewer, "reports", compute)


def team_ids_visible(viewer: Person) -> set[int]:
    """Teams whose roster and private data the viewer may open: for a manager, the teams they run
    and the teams nested under them; for a leader, the part of the organisation they lead."""

    def compute() -> set[int]:
        org = viewer.organisation
        if org is None or viewer.role not in (Role.MANAGER, Role.LEADER):
            return set()
        roots = set(viewer.managed_teams.values_list("id", flat=True))
        if viewer.role == Role.MANAGER:
            return team_subtree_ids(roots=roots, organisation=org)
        if viewer.team_id is None:
            return set(Team.objects.filter(organisation=org).values_list("id", flat=True))
        # The part of the organisation a leader leads: the team they sit in (often a small one
        # of their own) and the teams of everyone reporting to them, with the regions made of
        # those teams alone.
        roots.add(viewer.team_id)
        roots |= set(
            Person.objects.filter(
                organisation=org, pk__in=report_ids_visible(viewer), team__isnull=False
            ).values_list("team_id", flat=True)
        )
        return team_groups_of(
            team_ids=team_subtree_ids(roots=roots, organisation=org), organisation=org
        )

    return _cached(viewer, "teams", compute)


def teams_visible(viewer: Person) -> QuerySet[Team]:
    return Team.objects.filter(id__in=team_ids_visible(viewer))


def private_person_ids_visible(viewer: Person) -> set[int]:
    """People whose private data (scorecard, plan, assessments, coaching notes) the viewer sees:
    themself; for everyone but a rep, their manager chain scope; for managers and leaders, the
    people of the teams they may open as well."""

    def compute() -> set[int]:
        if viewer.organisation_id is None or not viewer.is_active:
            return set()
        ids = {viewer.pk}
        if viewer.role in (Role.MANAGER, Role.LEADER, Role.ADMIN):
            ids |= report_ids_visible(viewer)
        if viewer.role in (Role.MANAGER, Role.LEADER):
            ids |= set(
                Person.objects.filter(
                    organisation_id=viewer.organisation_id, team_id__in=team_ids_visible(viewer)
                ).values_list("id", flat=True)
            )
        return ids

    return _cached(viewer, "people", compute)


def can_view_private_data(viewer: Person, subject: Person) -> bool:
    return (
        viewer.organisation_id is not None
        and viewer.organisation_id == subject.organisation_id
        and subject.pk in private_person_ids_visible(viewer)
    )


def private_people_visible(viewer: Person) -> QuerySet[Person]:
    return Person.objects.filter(id__in=private_person_ids_visible(viewer)).select_related(
        "team", "manager"
    )


def colleagues_visible(viewer: Person) -> QuerySet[Person]:
    """The organisation's directory: names, roles and teams only, never private data."""
    return Person.objects.filter(organisation=viewer_organisation(viewer), is_active=True)


def access_colleague(viewer: Person, person_id: int) -> Person:
    """An active member of the viewer's organisation, by name only (no private data comes with
    it), or 404."""
    person = colleagues_visible(viewer).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person in your organisation.")
    return person


# --- Records ------------------------------------------------------------------------------------


def access_person(viewer: Person, person_id: int) -> Person:
    """A person whose private data the viewer may see, or 404."""
    person = (
        Person.objects.select_related("team", "manager", "organisation")
        .filter(pk=person_id)
        .first()
    )
    if person is None or not can_view_private_data(viewer, person):
        raise Http404("No such person in your scope.")
    return person


def access_team(viewer: Person, team_id: int) -> Team:
    """A team whose roster the viewer may open, or 404."""
    team = Team.objects.select_related("manager", "parent").filter(pk=team_id).first()
    if (
        team is None
        or team.organisation_id != viewer.organisation_id
        or team.pk not in team_ids_visible(viewer)
    ):
        raise Http404("No such team in your scope.")
    return team


def access_job(viewer: Person, job_id: int) -> Job:
    """A background job the viewer started, or any job of their organisation for an admin."""
    job = Job.objects.filter(pk=job_id).first()
    if (
        job is None
        or job.organisation_id != viewer.organisation_id
        or not (job.created_by_id == viewer.pk or viewer.role == Role.ADMIN)
    ):
        raise Http404("No such job in your scope.")
    return job
