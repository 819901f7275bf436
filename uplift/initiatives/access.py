"""Who may see and change what in a sharing initiative, on top of `uplift.orgs.access`.

- The charter, its accepted partners' names and its sessions are the organisation's: every member
  reads them (anyone may come to a session). Who was invited or declined, an answer's note, a
  pledge and a mentoring pair in the history are for the initiative's leaders (and the person).
  Other organisations' initiatives answer 404.
- Commitments are personal: a person sees their own and, through the manager chain, those of
  the people they manage; the initiative's sponsor sees everyone's. A rep never sees another
  rep's commitments; a missed one is raised with the sponsor only.
- The initiative's leaders (its sponsor and the leader who launched it) invite partners and close
  it; the owner (enablement) runs the cadence with them; partners host sessions.
- A mentoring pair is for its mentor and mentee, their manager chains and the sponsor; the
  mentee's manager chain agrees to it.
- The health dashboard is for leaders and enablement admins; its per-person table for the
  sponsor; the engagement pulse on it follows the pulse's own rule (`uplift.pulse.access`).

Records out of reach answer 404, so their existence does not leak.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.initiatives.models import (
    Commitment,
    Initiative,
    InitiativeEvent,
    MentoringPair,
    Partner,
    SharingSession,
)
from uplift.orgs.access import report_ids_visible, team_ids_visible, viewer_organisation
from uplift.orgs.models import Person, Role
from uplift.pulse.access import can_view_pulse_results, whole_organisation_visible

# --- Initiatives --------------------------------------------------------------------------------


def initiatives_visible(viewer: Person) -> QuerySet[Initiative]:
    return Initiative.objects.filter(organisation=viewer_organisation(viewer)).select_related(
        "sponsor", "owner", "scope_team", "created_by"
    )


def access_initiative(viewer: Person, initiative_id: int) -> Initiative:
    initiative = initiatives_visible(viewer).filter(pk=initiative_id).first()
    if initiative is None:
        raise Http404("No such initiative in your organisation.")
    return initiative


def can_lead_initiative(viewer: Person, initiative: Initiative) -> bool:
    """Its sponsor and the leader who launched it invite partners and close it."""
    return viewer.role == Role.LEADER and viewer.pk in (
        initiative.sponsor_id,
        initiative.created_by_id,
    )


def can_run_initiative(viewer: Person, initiative: Initiative) -> bool:
    """Its leaders and its owner run the cadence: schedule sessions, record attendance."""
    return can_lead_initiative(viewer, initiative) or viewer.pk == initiative.owner_id


def can_view_all_commitments(viewer: Person, initiative: Initiative) -> bool:
    return viewer.pk == initiative.sponsor_id


def can_view_health(viewer: Person, initiative: Initiative) -> bool:
    return viewer.role in (Role.LEADER, Role.ADMIN) or viewer.pk == initiative.sponsor_id


def can_view_pulse(viewer: Person) -> bool:
    """The engagement pulse beside participation follows the pulse's own rule."""
    return can_view_pulse_results(viewer)


def pulse_teams_visible(viewer: Person) -> set[int] | None:
    """Whose pulse results the viewer reads: None for every group (a leader of the whole
    organisation), else the teams they may open."""
    return None if whole_organisation_visible(viewer) else team_ids_visible(viewer)


def is_partner(viewer: Person, initiative: Initiative) -> bool:
    return Partner.objects.filter(
        initiative=initiative, person=viewer, status=Partner.Status.ACCEPTED
    ).exists()


def can_commit_as_leader(viewer: Person, initiative: Initiative) -> bool:
    return viewer.role == Role.LEADER and initiative.is_running


# --- Commitments --------------------------------------------------------------------------------


def commitment_people_visible(viewer: Person, initiative: Initiative) -> set[int] | None:
    """Whose commitments the viewer sees: None for everyone's (the sponsor), else themself and
    the people in their manager chain scope."""
    if can_view_all_commitments(viewer, initiative):
        return None
    return {viewer.pk} | report_ids_visible(viewer)


def commitments_visible(viewer: Person, initiative: Initiative) -> QuerySet[Commitment]:
    found = Commitment.objects.filter(initiative=initiative).select_related("person")
    people = commitment_people_visible(viewer, initiative)
    return found if people is None else found.filter(person_id__in=people)


# --- Partners -----------------------------------------------------------------------------------


def partners_visible(viewer: Person, initiative: Initiative) -> QuerySet[Partner]:
    """Who partners: the accepted partners for everyone; who was invited or declined only for
    the initiative's leaders and owner (and each person their own answer)."""
    partners = Partner.objects.filter(initiative=initiative).select_related(
        "person", "person__team"
    )
    if can_run_initiative(viewer, initiative):
        return partners
    return partners.filter(Q(status=Partner.Status.ACCEPTED) | Q(person=viewer))


PRIVATE_NOTES = frozenset({"accepted", "declined", "committed", "paired"})


def can_see_event(viewer: Person, initiative: Initiative, event: InitiativeEvent) -> bool:
    """Who declined is for the initiative's leaders and owner, and the person who did."""
    if event.kind == InitiativeEvent.Kind.DECLINED:
        return event.actor_id == viewer.pk or can_run_initiative(viewer, initiative)
    return True


def can_read_event_note(viewer: Person, initiative: Initiative, event: InitiativeEvent) -> bool:
    """Who was invited is for the initiative's leaders and owner (as the partners they see); an
    answer's note, a pledge and a mentoring pair for the sponsor and their author. The rest of the
    organisation reads that it happened, not what it said."""
    if event.kind == InitiativeEvent.Kind.INVITED:
        return can_run_initiative(viewer, initiative)
    return (
        event.kind not in PRIVATE_NOTES
        or event.actor_id == viewer.pk
        or can_view_all_commitments(viewer, initiative)
    )


def access_invitation(viewer: Person, initiative: Initiative) -> Partner:
    """The viewer's own invitation to the initiative, or 404."""
    partner = Partner.objects.filter(initiative=initiative, person=viewer).first()
    if partner is None:
        raise Http404("You have not been invited to this initiative.")
    return partner


# --- Sessions -----------------------------------------------------------------------------------


def sessions_visible(viewer: Person) -> QuerySet[SharingSession]:
    return SharingSession.objects.filter(
        initiative__organisation=viewer_organisation(viewer)
    ).select_related("initiative", "host", "practice", "draft_practice")


def access_session(viewer: Person, session_id: int) -> SharingSession:
    session = sessions_visible(viewer).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such sharing session in your organisation.")
    return session


def can_schedule_session(viewer: Person, initiative: Initiative) -> bool:
    return initiative.is_running and (
        can_run_initiative(viewer, initiative) or is_partner(viewer, initiative)
    )


def can_run_session(viewer: Person, session: SharingSession) -> bool:
    """The host and the initiative's leaders and owner record attendance and notes."""
    return viewer.pk == session.host_id or can_run_initiative(viewer, session.initiative)


def session_guests_visible(viewer: Person) -> QuerySet[Person]:
    """Who may be put on a session's attendance or host it: active people of the organisation."""
    return Person.objects.filter(organisation=viewer_organisation(viewer), is_active=True).order_by(
        "full_name"
    )


# --- Mentoring ----------------------------------------------------------------------------------


def pairs_visible(viewer: Person, initiative: Initiative) -> QuerySet[MentoringPair]:
    found = MentoringPair.objects.filter(initiative=initiative).select_related(
        "mentor", "mentee", "mentee__team"
    )
    if can_view_all_commitments(viewer, initiative):
        return found
    chain = report_ids_visible(viewer)
    return found.filter(
        Q(mentor=viewer) | Q(mentee=viewer) | Q(mentor_id__in=chain) | Q(mentee_id__in=chain)
    )


def access_pair(viewer: Person, pair_id: int) -> MentoringPair:
    pair = (
        MentoringPair.objects.select_related("initiative", "mentor", "mentee")
        .filter(pk=pair_id, initiative__organisation=viewer_organisation(viewer))
        .first()
    )
    if pair is None or not pairs_visible(viewer, pair.initiative).filter(pk=pair.pk).exists():
        raise Http404("No such mentoring pair in your scope.")
    return pair


def can_agree_pair(viewer: Person, pair: MentoringPair) -> bool:
    """The mentee's manager chain agrees to the pair (or declines it)."""
    return pair.mentee_id in report_ids_visible(viewer)


def can_log_check_in(viewer: Person, pair: MentoringPair) -> bool:
    return viewer.pk in (pair.mentor_id, pair.mentee_id)


def mentees_visible(viewer: Person) -> QuerySet[Person]:
    """Whom a partner may propose to mentor: active reps of the organisation but themself."""
    return (
        Person.objects.filter(
            organisation=viewer_organisation(viewer), is_active=True, role=Role.REP
        )
        .exclude(pk=viewer.pk)
        .select_related("team")
        .order_by("full_name")
    )


def access_mentee(viewer: Person, person_id: int) -> Person:
    person = mentees_visible(viewer).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such rep in your organisation.")
    return person


def access_guest(viewer: Person, person_id: int) -> Person:
    person = session_guests_visible(viewer).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person in your organisation.")
    return person
