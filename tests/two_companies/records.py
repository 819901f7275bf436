"""Which records a URL's parameters name, and each company's ids of them.

The endpoints themselves are never listed here: they come from the URL configuration and the
API. What is listed is what a parameter *means* (a parameter called ``plan_id`` names a
development plan), because nothing else says so. A new parameter that names a new kind of record
fails `parameter_kind` until it is added.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import resolve

from uplift.awards.models import AwardCategory, AwardEvent, Nomination
from uplift.coaching.models import ActionItem, CoachingSession, RolePlayScenario, RolePlaySession
from uplift.core.models import Job
from uplift.crm.models import CrmConnection, MappingDraft, SavedMapping
from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.development.models import Competency, DevelopmentPlan, Milestone
from uplift.identity.models import IdentityProvider
from uplift.initiatives.models import Initiative, MentoringPair, SharingSession
from uplift.notifications.models import Notification
from uplift.orgs.models import ApiToken, Organisation, Person, Team
from uplift.practices.models import Adoption, Practice
from uplift.pulse.models import PulseQuestion, PulseRound
from uplift.recognition.leaderboards import CONTRIBUTION_BOARDS, REVENUE_BOARD
from uplift.recognition.models import (
    BadgeLevel,
    Kudos,
    KudosReaction,
    PointsEntry,
    PointsRule,
    Spotlight,
)

Records = Callable[[Organisation], QuerySet[Any]]

KINDS: dict[str, Records] = {
    "person": lambda o: Person.objects.filter(organisation=o),
    "team": lambda o: Team.objects.filter(organisation=o),
    "group": lambda o: Team.objects.filter(organisation=o),  # a SCIM group
    "job": lambda o: Job.objects.filter(organisation=o),
    "draft": lambda o: MappingDraft.objects.filter(organisation=o),  # the mapping wizard's
    "mapping": lambda o: SavedMapping.objects.filter(organisation=o),
    "reuse": lambda o: SavedMapping.objects.filter(organisation=o),  # ?reuse=<saved mapping>
    "connection": lambda o: CrmConnection.objects.filter(organisation=o),
    "token": lambda o: ApiToken.objects.filter(person__organisation=o),
    "practice": lambda o: Practice.objects.filter(organisation=o),
    "adoption": lambda o: Adoption.objects.filter(practice__organisation=o),
    "template": lambda o: QuestionTemplate.objects.filter(organisation=o),
    "debrief": lambda o: Debrief.objects.filter(organisation=o),
    "competency": lambda o: Competency.objects.filter(organisation=o),
    "plan": lambda o: DevelopmentPlan.objects.filter(organisation=o),
    "milestone": lambda o: Milestone.objects.filter(plan__organisation=o),
    "session": lambda o: CoachingSession.objects.filter(organisation=o),
    "item": lambda o: ActionItem.objects.filter(session__organisation=o),
    "scenario": lambda o: RolePlayScenario.objects.filter(organisation=o),
    "roleplay": lambda o: RolePlaySession.objects.filter(organisation=o),
    "kudos": lambda o: Kudos.objects.filter(organisation=o),
    "spotlight": lambda o: Spotlight.objects.filter(organisation=o),
    "rule": lambda o: PointsRule.objects.filter(organisation=o),
    "level": lambda o: BadgeLevel.objects.filter(badge__organisation=o),
    "entry": lambda o: PointsEntry.objects.filter(organisation=o),
    "event": lambda o: AwardEvent.objects.filter(organisation=o),
    "category": lambda o: AwardCategory.objects.filter(event__organisation=o),
    "nomination": lambda o: Nomination.objects.filter(category__event__organisation=o),
    "question": lambda o: PulseQuestion.objects.filter(organisation=o),
    "round": lambda o: PulseRound.objects.filter(organisation=o),
    "initiative": lambda o: Initiative.objects.filter(organisation=o),
    "sharing_session": lambda o: SharingSession.objects.filter(initiative__organisation=o),
    "pair": lambda o: MentoringPair.objects.filter(initiative__organisation=o),
    "notification": lambda o: Notification.objects.filter(organisation=o),
    "provider": lambda o: IdentityProvider.objects.filter(organisation=o),  # single sign-on
}
# Parameters named after a role rather than the record.
# A SCIM user is a person; a SCIM group a team (the directory's names for them).
PERSON_ALIASES = {"contributor", "manager", "nominee", "rep", "star", "receiver", "giver", "user"}
# Parameters that name no record of a company: the same values for both.
SHARED_VALUES: dict[str, tuple[str, ...]] = {
    "number": ("1",),  # a practice's version number
    "board": tuple(b.key for b in (*CONTRIBUTION_BOARDS, REVENUE_BOARD)),
    "kind": tuple(KudosReaction.Kind.values),  # a reaction to a kudos
}
# Password-reset links: public, about no company's records, and checked elsewhere. A table's
# download (``<page>/<table>.<fmt>``) names a table of the page and a file format, no record: the
# crawl reaches the downloads from the pages that offer them.
# Single sign-on's public links name an organisation and its provider by slug, the same for
# anyone signed in or not, and show only the provider's name (tests/access_cases/identity.py).
NOT_RECORDS = {
    "uidb64",
    "token_b64",
    "table",
    "fmt",
    "organisation_slug",
    "provider_slug",
}
IDS_PER_KIND = 2

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")
_QUERY_ID = re.compile(r"""query_id\(\s*request,\s*["'](\w+)["']""")


def parameter_kind(name: str) -> str | None:
    """The kind of record a path or query parameter names; None for a shared value."""
    if name in SHARED_VALUES:
        return None
    base = name.removesuffix("_id")
    kind = "person" if base in PERSON_ALIASES else base
    if kind not in KINDS:
        raise AssertionError(f"tests/two_companies/records.py: which records does {name!r} name?")
    return kind


def company_ids(organisation: Organisation, kind: str, viewer: Person | None = None) -> list[str]:
    """A few of the company's ids of that kind: its first and its last, or, for people, the
    viewer and the first."""
    ids = list(KINDS[kind](organisation).order_by("pk").values_list("pk", flat=True))
    chosen = [ids[0], ids[-1]] if ids else []
    if kind == "person" and viewer is not None:
        chosen = [viewer.pk, *chosen]
    return [str(pk) for pk in dict.fromkeys(chosen)][:IDS_PER_KIND]


def path_parameters(template: str) -> list[str]:
    """The parameter names of a Django route (``<int:plan_id>``) or an API path (``{plan_id}``)."""
    return [a or b for a, b in _PARAMETER.findall(template)]


def fill(template: str, values: dict[str, str]) -> str:
    return _PARAMETER.sub(lambda m: values[m.group(1) or m.group(2)], template)


def filled(template: str, *, viewer: Person, other: Organisation) -> Iterator[tuple[str, bool]]:
    """(url, names a record of `other`) for the route: every combination of the viewer's
    company's ids, and each parameter in turn given `other`'s ids (the rest the viewer's
    company's), then all of them `other`'s."""
    own = viewer.organisation
    assert own is not None
    names = [n for n in path_parameters(template) if n not in NOT_RECORDS]
    if len(names) != len(path_parameters(template)):
        return
    kinds = {n: parameter_kind(n) for n in names}

    def values(name: str, organisation: Organisation) -> list[str]:
        kind = kinds[name]
        if kind is None:
            return list(SHARED_VALUES[name])
        return company_ids(organisation, kind, viewer if organisation == own else None)

    mine = {n: values(n, own) for n in names}
    theirs = {n: values(n, other) for n in names if kinds[n] is not None}
    plans: list[tuple[dict[str, list[str]], bool]] = [(mine, False)]
    plans += [({**mine, n: ids}, True) for n, ids in theirs.items()]
    if len(theirs) > 1:
        plans.append(({**mine, **theirs}, True))
    for plan, foreign in plans:
        for combination in itertools.product(*(plan[n] for n in names)):
            yield fill(template, dict(zip(names, combination, strict=True))), foreign


def page_query_ids(path: str) -> list[str]:
    """The query parameters naming a record that the page's view reads (uplift.web.http)."""
    return _view_query_ids(resolve(path).func)


@functools.cache
def _view_query_ids(view: Callable[..., Any]) -> list[str]:
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return []
    return sorted(set(_QUERY_ID.findall(source)))
