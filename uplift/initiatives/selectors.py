"""Reads for the initiative pages and the API, each already limited to what the viewer may see
(`uplift.initiatives.access`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from uplift.initiatives import access
from uplift.initiatives.kinds import LEADER_KINDS, PARTNER_KINDS, SPECS, Kind, KindSpec
from uplift.initiatives.models import (
    Commitment,
    Initiative,
    InitiativeEvent,
    MentoringPair,
    Partner,
    SharingSession,
)
from uplift.initiatives.progress import CommitmentStatus, commitment_statuses, state_counts
from uplift.initiatives.proposal import ProposedStar, stars_proposed
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Person


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    partners: int
    my_invitation: Partner | None
    my_commitments: dict[str, int] | None


@dataclass(frozen=True)
class Overview:
    running: list[InitiativeRow]
    closed: list[InitiativeRow]
    invitations: list[Partner]
    pairs_to_agree: list[MentoringPair]


def _mine(viewer: Person, initiative: Initiative, today: date) -> dict[str, int] | None:
    commitments = Commitment.objects.filter(initiative=initiative, person=viewer).select_related(
        "person"
    )
    if not commitments.exists():
        return None
    return state_counts(commitment_statuses(initiative, commitments, today=today))


def pairs_to_agree(viewer: Person) -> list[MentoringPair]:
    """Mentoring pairs waiting for the viewer, as the mentee's manager, to agree."""
    from uplift.orgs.access import report_ids_visible

    reports = report_ids_visible(viewer)
    if not reports:
        return []
    return list(
        MentoringPair.objects.filter(
            status=MentoringPair.Status.PROPOSED,
            mentee_id__in=reports,
            initiative__organisation=viewer.organisation,
        ).select_related("initiative", "mentor", "mentee")
    )


def initiatives_overview(*, viewer: Person, today: date) -> Overview:
    rows: dict[str, list[InitiativeRow]] = defaultdict(list)
    mine = {p.initiative_id: p for p in Partner.objects.filter(person=viewer)}
    for initiative in access.initiatives_visible(viewer):
        row = InitiativeRow(
            initiative=initiative,
            partners=initiative.partners.filter(status=Partner.Status.ACCEPTED).count(),
            my_invitation=mine.get(initiative.pk),
            my_commitments=_mine(viewer, initiative, today),
        )
        rows[initiative.status].append(row)
    invitations = [
        p for p in mine.values() if p.status == Partner.Status.INVITED and p.initiative.is_running
    ]
    return Overview(
        running=rows[Initiative.Status.RUNNING],
        closed=rows[Initiative.Status.CLOSED],
        invitations=invitations,
        pairs_to_agree=pairs_to_agree(viewer),
    )


@dataclass(frozen=True)
class HistoryRow:
    event: InitiativeEvent
    note: str  # blank where the viewer may not read it


@dataclass(frozen=True)
class PledgeField:
    """One kind of commitment on a form: its declaration and the viewer's current number."""

    spec: KindSpec
    current: int


@dataclass
class InitiativePage:
    initiative: Initiative
    partners: list[Partner]
    proposed: list[ProposedStar]
    my_invitation: Partner | None
    my_statuses: list[CommitmentStatus]
    upcoming: list[SharingSession]
    past: list[SharingSession]
    pairs: list[MentoringPair]
    history: list[HistoryRow]
    may_lead: bool
    may_run: bool
    may_schedule: bool
    may_commit_as_leader: bool
    is_partner: bool
    may_view_health: bool
    accepted: int
    partner_pledge: list[PledgeField] = field(default_factory=list)
    leader_pledge: list[PledgeField] = field(default_factory=list)


def _current_counts(
    initiative: Initiative, person: Person, specs: tuple[KindSpec, ...], today: date
) -> list[PledgeField]:
    """Each kind with the number the person committed to for the period running today."""
    current = {
        c.kind: c.target
        for c in Commitment.objects.filter(
            initiative=initiative, person=person, starts_on__lte=today, ends_on__gte=today
        )
    }
    return [PledgeField(spec, current.get(spec.kind.value, 0)) for spec in specs]


def initiative_page(
    *, viewer: Person, initiative: Initiative, run: AnalysisRun | None, today: date
) -> InitiativePage:
    partners = list(access.partners_visible(viewer, initiative))
    invited = set(initiative.partners.values_list("person_id", flat=True))
    may_lead = access.can_lead_initiative(viewer, initiative)
    proposed = (
        [
            star
            for star in stars_proposed(
                organisation=initiative.organisation, scope_team=initiative.scope_team, run=run
            )
            if star.person_id not in invited
        ]
        if may_lead and initiative.is_running
        else []
    )
    now = timezone.now()
    sessions = list(initiative.sessions.select_related("host", "practice"))
    mine = Commitment.objects.filter(initiative=initiative, person=viewer).select_related("person")
    partner = access.is_partner(viewer, initiative)
    return InitiativePage(
        initiative=initiative,
        partners=partners,
        proposed=proposed,
        my_invitation=Partner.objects.filter(initiative=initiative, person=viewer).first(),
        my_statuses=commitment_statuses(initiative, mine, today=today),
        upcoming=sorted(
            (s for s in sessions if s.ends_at >= now and s.status == SharingSession.Status.PLANNED),
            key=lambda s: s.scheduled_at,
        ),
        past=[
            s
            for s in sessions
            if not (s.ends_at >= now and s.status == SharingSession.Status.PLANNED)
        ],
        pairs=list(access.pairs_visible(viewer, initiative).prefetch_related("check_ins")),
        history=[
            HistoryRow(
                event, event.note if access.can_read_event_note(viewer, initiative, event) else ""
            )
            for event in initiative.events.select_related("actor")[:30]
            if access.can_see_event(viewer, initiative, event)
        ],
        may_lead=may_lead,
        may_run=access.can_run_initiative(viewer, initiative),
        may_schedule=access.can_schedule_session(viewer, initiative),
        may_commit_as_leader=access.can_commit_as_leader(viewer, initiative),
        is_partner=partner,
        may_view_health=access.can_view_health(viewer, initiative),
        accepted=initiative.partners.filter(status=Partner.Status.ACCEPTED).count(),
        partner_pledge=_current_counts(initiative, viewer, PARTNER_KINDS, today) if partner else [],
        leader_pledge=_current_counts(initiative, viewer, LEADER_KINDS, today)
        if access.can_commit_as_leader(viewer, initiative)
        else [],
    )


@dataclass(frozen=True)
class PersonCommitments:
    person_id: int
    name: str
    statuses: list[CommitmentStatus]
    counts: dict[str, int]


def commitments_by_person(
    *, viewer: Person, initiative: Initiative, today: date
) -> list[PersonCommitments]:
    """The commitments the viewer may see, person by person, each period in order."""
    visible = access.commitments_visible(viewer, initiative)
    statuses = commitment_statuses(initiative, visible, today=today)
    by_person: dict[int, list[CommitmentStatus]] = defaultdict(list)
    for status in statuses:
        by_person[status.person_id].append(status)
    found = [
        PersonCommitments(
            person_id=person_id,
            name=items[0].person_name,
            statuses=sorted(items, key=lambda s: (s.starts_on, list(SPECS).index(s.kind))),
            counts=state_counts(items),
        )
        for person_id, items in by_person.items()
    ]
    return sorted(found, key=lambda row: (row.person_id != viewer.pk, row.name))


def kind_of(value: str) -> KindSpec:
    return SPECS[Kind(value)]
