"""Writes for the charter: launching an initiative, inviting partners, their answers, the
commitments of partners and leaders, and closing it with a retrospective. Each write leaves an
`InitiativeEvent` in the initiative's history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.initiatives import access
from uplift.initiatives.errors import InitiativeConflict, InitiativeError
from uplift.initiatives.kinds import (
    LEADER_KINDS,
    PARTNER_KINDS,
    PERIOD_MONTHS,
    SPECS,
    Kind,
    KindSpec,
)
from uplift.initiatives.models import Commitment, Initiative, InitiativeEvent, Partner
from uplift.initiatives.periods import add_months, periods
from uplift.initiatives.proposal import baseline_frozen
from uplift.insights.models import AnalysisRun
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify as notify_person
from uplift.orgs.models import Person, Role, Team

MAX_NAME = 120
MAX_PURPOSE = 2000
MAX_RETROSPECTIVE = 10_000
MAX_QUARTERS = 12


@dataclass(frozen=True)
class CharterInput:
    """What a leader states when launching: the target is to close `close_fraction` of the
    star-core gap within `quarters` quarters from `starts_on` (the initiative's period)."""

    name: str
    purpose: str
    sponsor: Person
    owner: Person
    scope_team: Team | None
    starts_on: date
    quarters: int = 4
    close_fraction: float = 0.25
    cadence: str = Initiative.Cadence.FORTNIGHTLY


def _event(initiative: Initiative, kind: str, actor: Person | None, note: str = "") -> None:
    InitiativeEvent.objects.create(initiative=initiative, kind=kind, actor=actor, note=note[:300])


def _member(person: Person, organisation_id: int | None, role: str) -> bool:
    return person.organisation_id == organisation_id and person.role == role and person.is_active


def _check_charter(launched_by: Person, charter: CharterInput) -> tuple[str, str]:
    organisation_id = launched_by.organisation_id
    name = " ".join(charter.name.split())
    purpose = charter.purpose.strip()
    if not name:
        raise InitiativeError("Give the initiative a name.", field="name")
    if len(name) > MAX_NAME:
        raise InitiativeError(f"A name has at most {MAX_NAME} characters.", field="name")
    if not purpose:
        raise InitiativeError(
            "Say what the initiative is for, in a sentence or two.", field="purpose"
        )
    if len(purpose) > MAX_PURPOSE:
        raise InitiativeError(f"The purpose has at most {MAX_PURPOSE} characters.", field="purpose")
    sponsor, owner = charter.sponsor, charter.owner
    if (
        sponsor.organisation_id != organisation_id
        or sponsor.role != Role.LEADER
        or not sponsor.is_active
    ):
        raise InitiativeError(
            "The sponsor is an active leader of your organisation.", field="sponsor"
        )
    if owner.organisation_id != organisation_id or owner.role != Role.ADMIN or not owner.is_active:
        raise InitiativeError(
            "The owner is an active enablement admin of your organisation.", field="owner"
        )
    team = charter.scope_team
    if team is not None and team.organisation_id != organisation_id:
        raise InitiativeError("Choose a team of your organisation.", field="scope_team")
    if not 1 <= charter.quarters <= MAX_QUARTERS:
        raise InitiativeError(
            f"The target is set over 1 to {MAX_QUARTERS} quarters.", field="quarters"
        )
    if not 0 < charter.close_fraction <= 1:
        raise InitiativeError(
            "The share of the gap to close is above 0% and at most 100%.", field="close_fraction"
        )
    if charter.cadence not in Initiative.Cadence.values:
        raise InitiativeError("Choose how often sessions are held.", field="cadence")
    return name, purpose


@transaction.atomic
def initiative_launch(
    *, launched_by: Person, charter: CharterInput, run: AnalysisRun | None
) -> Initiative:
    """Launch an initiative. Only a leader launches; the baseline is the star-core gap of `run`
    (the latest analysis, at launch), frozen."""
    if launched_by.role != Role.LEADER or launched_by.organisation is None:
        raise NotAllowed("Only a leader launches a sharing initiative.")
    name, purpose = _check_charter(launched_by, charter)
    baseline = baseline_frozen(
        organisation=launched_by.organisation, scope_team=charter.scope_team, run=run
    )
    if baseline is None:
        raise InitiativeError(
            "The baseline is the star-core gap of the latest analysis, and there is none yet: "
            "import CRM data and run the analysis first."
        )
    if Initiative.objects.filter(organisation=launched_by.organisation, name__iexact=name).exists():
        raise InitiativeError(f"An initiative called {name!r} exists already.", field="name")
    initiative = Initiative.objects.create(
        organisation=launched_by.organisation,
        name=name,
        purpose=purpose,
        sponsor=charter.sponsor,
        owner=charter.owner,
        scope_team=charter.scope_team,
        starts_on=charter.starts_on,
        ends_on=add_months(charter.starts_on, 3 * charter.quarters) - timedelta(days=1),
        target_close_fraction=charter.close_fraction,
        target_quarters=charter.quarters,
        target_metric=baseline["primary_metric"],
        baseline=baseline,
        cadence=charter.cadence,
        created_by=launched_by,
    )
    _event(initiative, InitiativeEvent.Kind.LAUNCHED, launched_by, f"Sponsor: {charter.sponsor}")
    return initiative


def _running(initiative: Initiative) -> None:
    if not initiative.is_running:
        raise InitiativeConflict("This initiative is closed.", code="closed")


def _invitation_notify(partner: Partner) -> None:
    initiative = partner.initiative
    inviter = partner.invited_by.full_name if partner.invited_by else "A leader"
    notify_person(
        recipient=partner.person,
        kind=NotificationKind.INITIATIVE_INVITATION,
        text=f"{inviter} invites you to partner in “{initiative.name}”",
        body="\n".join(
            [
                f"{inviter} invites you to partner in the sharing initiative “{initiative.name}”:",
                "",
                initiative.purpose,
                "",
                "Accept with what you can commit to each quarter, or decline, here:",
            ]
        ),
        link=reverse("initiatives_invitation", args=[initiative.pk]),
        key=f"initiative-invitation:{initiative.pk}",
    )


@transaction.atomic
def partners_invite(
    *,
    initiative: Initiative,
    invited_by: Person,
    people: Iterable[Person],
    evidence: Mapping[int, dict[str, Any]] | None = None,
    notify: bool = True,
) -> list[Partner]:
    """Invite people to partner (the stars the analysis proposes, usually); someone invited
    before keeps their invitation and answer. Each new partner is notified (and e-mailed as they
    chose), unless `notify` is off: a history recorded after the fact."""
    if not access.can_lead_initiative(invited_by, initiative):
        raise NotAllowed("Only the initiative's sponsor and the leader who launched it invite.")
    _running(initiative)
    chosen = list(dict.fromkeys(people))
    for person in chosen:
        if person.organisation_id != initiative.organisation_id or not person.is_active:
            raise InitiativeError(f"{person} is not an active member of your organisation.")
        if person.role == Role.ADMIN:
            raise InitiativeError(f"{person} is an enablement admin; partners are sellers.")
    known = set(
        Partner.objects.filter(initiative=initiative, person__in=chosen).values_list(
            "person_id", flat=True
        )
    )
    invited = [
        Partner.objects.create(
            initiative=initiative,
            person=person,
            invited_by=invited_by,
            evidence=(evidence or {}).get(person.pk, {}),
        )
        for person in chosen
        if person.pk not in known
    ]
    if invited:
        _event(
            initiative,
            InitiativeEvent.Kind.INVITED,
            invited_by,
            ", ".join(p.person.full_name for p in invited),
        )
        if notify:
            for partner in invited:
                _invitation_notify(partner)
    return invited


def _clean_counts(counts: Mapping[Kind, int], allowed: tuple[KindSpec, ...]) -> dict[Kind, int]:
    kinds = {spec.kind: spec for spec in allowed}
    cleaned = {}
    for kind, count in counts.items():
        spec = kinds.get(Kind(kind))
        if spec is None:
            raise InitiativeError(f"{SPECS[Kind(kind)].label} is not a commitment you make here.")
        if not 0 <= count <= spec.most:
            raise InitiativeError(
                f"{spec.label}: from 0 to {spec.most} {spec.per}.", field=spec.field
            )
        cleaned[spec.kind] = count
    return cleaned


def commitments_set(
    *,
    initiative: Initiative,
    person: Person,
    counts: Mapping[Kind, int],
    set_by: Person,
    today: date,
) -> list[Commitment]:
    """Set the person's number of each kind for every period that has not ended by `today` (the
    current one included); 0 removes it. Ended periods stay as they were: they are history."""
    kept: list[Commitment] = []
    for kind, count in counts.items():
        spec = SPECS[kind]
        for start, end in periods(
            starts_on=initiative.starts_on,
            ends_on=initiative.ends_on,
            months=PERIOD_MONTHS[spec.period],
        ):
            if end < today:
                continue
            existing = Commitment.objects.filter(
                initiative=initiative, person=person, kind=kind.value, starts_on=start
            )
            if count == 0:
                existing.delete()
                continue
            commitment, _ = Commitment.objects.update_or_create(
                initiative=initiative,
                person=person,
                kind=kind.value,
                starts_on=start,
                defaults={"target": count, "ends_on": end, "created_by": set_by},
            )
            kept.append(commitment)
    return kept


def _pledge_note(counts: Mapping[Kind, int]) -> str:
    return ", ".join(f"{SPECS[k].label}: {n} {SPECS[k].per}" for k, n in counts.items() if n)


@transaction.atomic
def invitation_answer(
    *,
    partner: Partner,
    actor: Person,
    accept: bool,
    counts: Mapping[Kind, int] | None = None,
    note: str = "",
    today: date | None = None,
) -> Partner:
    """The invited person accepts with their quarterly commitments, or declines."""
    if actor.pk != partner.person_id:
        raise NotAllowed("Only the person invited answers the invitation.")
    initiative = partner.initiative
    _running(initiative)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status != Partner.Status.INVITED:
        raise InitiativeConflict(
            f"You {partner.get_status_display().lower()} already.", code="answered"
        )
    day = today or timezone.localdate()
    if accept:
        cleaned = _clean_counts(counts or {}, PARTNER_KINDS)
        if not any(cleaned.values()):
            raise InitiativeError("Commit to at least one thing a quarter to accept.")
        commitments_set(
            initiative=initiative, person=actor, counts=cleaned, set_by=actor, today=day
        )
        _event(initiative, InitiativeEvent.Kind.ACCEPTED, actor, _pledge_note(cleaned))
    else:
        _event(initiative, InitiativeEvent.Kind.DECLINED, actor, note)
    partner.status = Partner.Status.ACCEPTED if accept else Partner.Status.DECLINED
    partner.answered_at = timezone.now()
    partner.answer_note = note.strip()[:300]
    partner.save(update_fields=["status", "answered_at", "answer_note"])
    return partner


@transaction.atomic
def partner_commitments_change(
    *, initiative: Initiative, partner: Person, counts: Mapping[Kind, int], today: date
) -> list[Commitment]:
    """An accepted partner changes what they commit to from the current quarter on."""
    _running(initiative)
    if not access.is_partner(partner, initiative):
        raise NotAllowed("Only the initiative's partners commit as partners.")
    cleaned = _clean_counts(counts, PARTNER_KINDS)
    found = commitments_set(
        initiative=initiative, person=partner, counts=cleaned, set_by=partner, today=today
    )
    _event(initiative, InitiativeEvent.Kind.COMMITTED, partner, _pledge_note(cleaned))
    return found


@transaction.atomic
def leader_commitments_set(
    *, initiative: Initiative, leader: Person, counts: Mapping[Kind, int], today: date
) -> list[Commitment]:
    """A leader commits to spotlights a month, recognition events a year and sessions attended
    a quarter, from the current period on."""
    if not access.can_commit_as_leader(leader, initiative):
        raise NotAllowed("Leaders commit to a running initiative.")
    if leader.organisation_id != initiative.organisation_id:
        raise NotAllowed("This initiative is not your organisation's.")
    cleaned = _clean_counts(counts, LEADER_KINDS)
    found = commitments_set(
        initiative=initiative, person=leader, counts=cleaned, set_by=leader, today=today
    )
    _event(initiative, InitiativeEvent.Kind.COMMITTED, leader, _pledge_note(cleaned))
    return found


@transaction.atomic
def initiative_close(
    *, initiative: Initiative, actor: Person, retrospective: str, today: date | None = None
) -> Initiative:
    """Close the initiative with a written retrospective. Its history stays; commitments of
    periods not started yet are dropped and the current ones end today."""
    if not access.can_lead_initiative(actor, initiative):
        raise NotAllowed("Only the initiative's sponsor and the leader who launched it close it.")
    _running(initiative)
    text = retrospective.strip()
    if len(text) < 20:
        raise InitiativeError(
            "Write the retrospective: what worked, what did not, what comes next.",
            field="retrospective",
        )
    if len(text) > MAX_RETROSPECTIVE:
        raise InitiativeError(
            f"The retrospective has at most {MAX_RETROSPECTIVE:,} characters.",
            field="retrospective",
        )
    day = today or timezone.localdate()
    initiative.commitments.filter(starts_on__gt=day).delete()
    initiative.commitments.filter(ends_on__gt=day).update(ends_on=day)
    initiative.status = Initiative.Status.CLOSED
    initiative.retrospective = text
    initiative.closed_at = timezone.now()
    initiative.ends_on = min(initiative.ends_on, max(day, initiative.starts_on))
    initiative.save(update_fields=["status", "retrospective", "closed_at", "ends_on"])
    _event(initiative, InitiativeEvent.Kind.CLOSED, actor)
    return initiative
