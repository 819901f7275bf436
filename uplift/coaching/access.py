"""Who may see and change coaching records, on top of the one access layer (`uplift.orgs.access`).

Coaching is stricter than the rest of a rep's private data: a session's notes are for the rep,
the people in the rep's manager chain and the session's coach — not peers, not enablement admins,
not a leader whose part of the organisation includes the rep but who is not in the rep's chain.

A rep's manager chain is the one of `uplift.orgs.access.report_ids_visible`: everyone above them
by the `manager` links, plus the managers of their team and of every team it is nested in.

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

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.audit.models import PrivateRecord
from uplift.audit.services import audit_private_view
from uplift.coaching.models import (
    ActionItem,
    CoachingSession,
    RolePlayRating,
    RolePlayScenario,
    RolePlaySession,
)
from uplift.orgs.access import report_ids_visible
from uplift.orgs.models import Person, Role


def organisation_id(person: Person) -> int:
    """The person's organisation; people without one reach no coaching record."""
    if person.organisation_id is None:
        raise Http404("You are not a member of an organisation.")
    return person.organisation_id


def can_coach_person(viewer: Person, person: Person) -> bool:
    """Is the viewer in the person's manager chain (and so may coach them)?"""
    return viewer.organisation_id == person.organisation_id and person.pk in report_ids_visible(
        viewer
    )


def coachees_visible(viewer: Person) -> QuerySet[Person]:
    """The active people the viewer may schedule coaching and role plays for."""
    return Person.objects.filter(id__in=report_ids_visible(viewer), is_active=True).select_related(
        "team"
    )


def access_coachee(viewer: Person, person_id: int) -> Person:
    """Someone in the viewer's chain (whom they may coach), or 404."""
    person = Person.objects.select_related("team").filter(pk=person_id).first()
    if person is None or not can_coach_person(viewer, person):
        raise Http404("No such person among the people you coach.")
    return person


def access_progression_subject(viewer: Person, person_id: int) -> Person:
    """Whose skill progression the viewer may read: themself or someone in their chain."""
    if person_id == viewer.pk:
        return viewer
    return access_coachee(viewer, person_id)


def access_coaching_colleague(viewer: Person, person_id: int) -> Person:
    """Someone the viewer may name as coach, partner or rater (see `coaching_colleagues_visible`),
    or 404."""
    person = coaching_colleagues_visible(viewer).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such colleague can coach or rate in your organisation.")
    return person


# --- Coaching sessions --------------------------------------------------------------------------


def sessions_visible(viewer: Person) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(
        Q(rep=viewer) | Q(coach=viewer) | Q(rep_id__in=report_ids_visible(viewer)),
        organisation_id=organisation_id(viewer),
    ).select_related("rep", "coach", "rep__team")


def access_session(viewer: Person, session_id: int) -> CoachingSession:
    session = sessions_visible(viewer).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such coaching session in your scope.")
    # Opening another person's coaching notes is on their audit trail (docs/audit.md).
    audit_private_view(
        viewer=viewer,
        subject=session.rep,
        record=PrivateRecord.COACHING_SESSION,
        record_id=session.pk,
    )
    return session


def can_run_session(viewer: Person, session: CoachingSession) -> bool:
    """The coach and the rep's chain change the session, its notes and its action items."""
    return session.coach_id == viewer.pk or can_coach_person(viewer, session.rep)


def can_plan_for_rep(viewer: Person, rep: Person) -> bool:
    """Who may turn an action item into a milestone on the rep's plan: the rep's chain."""
    return can_coach_person(viewer, rep)


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


def can_curate_scenarios(viewer: Person) -> bool:
    return viewer.role == Role.ADMIN


# --- Role plays ---------------------------------------------------------------------------------


def roleplays_visible(viewer: Person) -> QuerySet[RolePlaySession]:
    rated = RolePlayRating.objects.filter(rater=viewer).values("session_id")
    return RolePlaySession.objects.filter(
        Q(rep=viewer)
        | Q(coach=viewer)
        | Q(partner=viewer)
        | Q(pk__in=rated)
        | Q(rep_id__in=report_ids_visible(viewer)),
        organisation_id=organisation_id(viewer),
    ).select_related("rep", "coach", "partner", "scenario")


def access_roleplay(viewer: Person, roleplay_id: int) -> RolePlaySession:
    roleplay = roleplays_visible(viewer).filter(pk=roleplay_id).first()
    if roleplay is None:
        raise Http404("No such role play in your scope.")
    return roleplay


def can_run_roleplay(viewer: Person, roleplay: RolePlaySession) -> bool:
    """The coach and the rep's chain invite raters and start a retry."""
    return roleplay.coach_id == viewer.pk or can_coach_person(viewer, roleplay.rep)


def coaching_colleagues_visible(viewer: Person) -> QuerySet[Person]:
    """Who may be named partner or peer rater: active reps, managers and leaders of the viewer's
    organisation (enablement admins curate the library and do not score reps)."""
    return Person.objects.filter(
        organisation_id=organisation_id(viewer),
        is_active=True,
        role__in=(Role.REP, Role.MANAGER, Role.LEADER),
    ).order_by("full_name")
