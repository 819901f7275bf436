"""Who may see and change coaching records, on top of the one access layer (`uplift.orgs.access`).

Coaching is stricter than the rest of a rep's private data: a session's notes are for the rep,
the people in the rep's manager chain and the session's coach — not peers, not enablement admins,
not a leader whose part of the organisation includes the rep but who is not in the rep's chain.

A rep's manager chain is everyone above them by the `manager` links, plus the managers of their
team and of every team it is nested in. `chain_report_ids(viewer)` is the inverse: the people
whose chain contains the viewer.

- A coaching session: the rep, their chain and the session's coach (a coach the manager named
  reads and writes the notes of the sessions they hold, no others).
- A role play: the rep, their chain, the coach, the partner and every rater. A peer rater sees
  the scores and feedback of the role plays they rate, never the notes of a coaching session.
- The scenario library: everyone in the organisation reads published scenarios; enablement admins
  write it and read drafts. Admins see no rep's sessions, notes or scores unless they are in the
  rep's chain.

Records out of reach answer 404, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.coaching.models import (
    ActionItem,
    CoachingSession,
    RolePlayRating,
    RolePlayScenario,
    RolePlaySession,
)
from uplift.orgs.models import Person, Role, Team
from uplift.orgs.selectors import person_report_ids, team_subtree_ids


def _cached(person: Person, key: str, compute: Callable[[], set[int]]) -> set[int]:
    cache: dict[str, set[int]] = person.__dict__.setdefault("_coaching_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def organisation_id(person: Person) -> int:
    """The person's organisation; people without one reach no coaching record."""
    if person.organisation_id is None:
        raise Http404("You are not a member of an organisation.")
    return person.organisation_id


def chain_report_ids(viewer: Person) -> set[int]:
    """People whose manager chain contains the viewer (the viewer excluded)."""

    def compute() -> set[int]:
        if viewer.organisation_id is None or not viewer.is_active:
            return set()
        ids = person_report_ids(manager=viewer)
        managed = set(
            Team.objects.filter(
                organisation_id=organisation_id(viewer), manager=viewer
            ).values_list("id", flat=True)
        )
        if managed and viewer.organisation is not None:
            teams = team_subtree_ids(roots=managed, organisation=viewer.organisation)
            ids |= set(
                Person.objects.filter(
                    organisation_id=organisation_id(viewer), team_id__in=teams
                ).values_list("id", flat=True)
            )
        ids.discard(viewer.pk)
        return ids

    return _cached(viewer, "coaching-chain", compute)


def in_chain_of(viewer: Person, rep: Person) -> bool:
    return viewer.organisation_id == rep.organisation_id and rep.pk in chain_report_ids(viewer)


def coachees(viewer: Person) -> QuerySet[Person]:
    """The active people the viewer may schedule coaching and role plays for."""
    return Person.objects.filter(id__in=chain_report_ids(viewer), is_active=True).select_related(
        "team"
    )


def access_coachee(viewer: Person, person_id: int) -> Person:
    """Someone in the viewer's chain (whom they may coach), or 404."""
    person = Person.objects.select_related("team").filter(pk=person_id).first()
    if person is None or not in_chain_of(viewer, person):
        raise Http404("No such person among the people you coach.")
    return person


def access_progression_subject(viewer: Person, person_id: int) -> Person:
    """Whose skill progression the viewer may read: themself or someone in their chain."""
    if person_id == viewer.pk:
        return viewer
    return access_coachee(viewer, person_id)


def colleague_in_organisation(viewer: Person, person_id: int) -> Person:
    """Someone the viewer may name as coach, partner or rater (see `colleagues_for_rating`)."""
    person = colleagues_for_rating(viewer).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such colleague can coach or rate in your organisation.")
    return person


# --- Coaching sessions --------------------------------------------------------------------------


def sessions_visible(viewer: Person) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(
        Q(rep=viewer) | Q(coach=viewer) | Q(rep_id__in=chain_report_ids(viewer)),
        organisation_id=organisation_id(viewer),
    ).select_related("rep", "coach", "rep__team")


def access_session(viewer: Person, session_id: int) -> CoachingSession:
    session = sessions_visible(viewer).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such coaching session in your scope.")
    return session


def may_run_session(viewer: Person, session: CoachingSession) -> bool:
    """The coach and the rep's chain change the session, its notes and its action items."""
    return session.coach_id == viewer.pk or in_chain_of(viewer, session.rep)


def may_plan_for(viewer: Person, rep: Person) -> bool:
    """Who may turn an action item into a milestone on the rep's plan: the rep's chain."""
    return in_chain_of(viewer, rep)


def access_action_item(viewer: Person, item_id: int) -> ActionItem:
    item = (
        ActionItem.objects.select_related("session", "session__rep", "session__coach")
        .filter(pk=item_id, session__in=sessions_visible(viewer))
        .first()
    )
    if item is None:
        raise Http404("No such action item in your scope.")
    return item


# --- Scenarios ----------------------------------------------------------------------------------


def scenarios_visible(viewer: Person) -> QuerySet[RolePlayScenario]:
    scenarios = RolePlayScenario.objects.filter(organisation_id=organisation_id(viewer))
    if viewer.role != Role.ADMIN:
        scenarios = scenarios.filter(status=RolePlayScenario.Status.PUBLISHED)
    return scenarios.select_related("practice")


def access_scenario(viewer: Person, scenario_id: int) -> RolePlayScenario:
    scenario = scenarios_visible(viewer).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario in your library.")
    return scenario


def may_curate_scenarios(viewer: Person) -> bool:
    return viewer.role == Role.ADMIN


# --- Role plays ---------------------------------------------------------------------------------


def roleplays_visible(viewer: Person) -> QuerySet[RolePlaySession]:
    rated = RolePlayRating.objects.filter(rater=viewer).values("session_id")
    return RolePlaySession.objects.filter(
        Q(rep=viewer)
        | Q(coach=viewer)
        | Q(partner=viewer)
        | Q(pk__in=rated)
        | Q(rep_id__in=chain_report_ids(viewer)),
        organisation_id=organisation_id(viewer),
    ).select_related("rep", "coach", "partner", "scenario")


def access_roleplay(viewer: Person, roleplay_id: int) -> RolePlaySession:
    roleplay = roleplays_visible(viewer).filter(pk=roleplay_id).first()
    if roleplay is None:
        raise Http404("No such role play in your scope.")
    return roleplay


def may_run_roleplay(viewer: Person, roleplay: RolePlaySession) -> bool:
    """The coach and the rep's chain invite raters and start a retry."""
    return roleplay.coach_id == viewer.pk or in_chain_of(viewer, roleplay.rep)


def may_see_progression(viewer: Person, rep: Person) -> bool:
    return viewer.pk == rep.pk or in_chain_of(viewer, rep)


def colleagues_for_rating(viewer: Person) -> QuerySet[Person]:
    """Who may be named partner or peer rater: active reps, managers and leaders of the viewer's
    organisation (enablement admins curate the library and do not score reps)."""
    return Person.objects.filter(
        organisation_id=organisation_id(viewer),
        is_active=True,
        role__in=(Role.REP, Role.MANAGER, Role.LEADER),
    ).order_by("full_name")
