"""Linking CRM users to Uplift people: matched by CRM id, then e-mail; created when missing,
with teams and regions from the manager chain (``uplift.crm.chain``: Department → team,
Division → region, else "<manager>'s team").

Once the organisation has imported an HR roster (``uplift.crm.roster.roster_owns_people``) the
roster owns the people: a CRM import still links CRM ids and creates the people the roster lacks,
but of an existing person it only fills in a name, title, hire date, manager or team that is
blank, and never changes whether they are active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from uplift.crm.chain import ChainTeam, chain_reports, chain_team_of, chain_teams
from uplift.crm.roster import roster_owns_people
from uplift.orgs.invitations import UNDELIVERABLE_DOMAIN
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.orgs.services import team_get_or_create


@dataclass(frozen=True)
class CrmUser:
    rep_id: str
    name: str
    email: str | None
    manager_id: str | None
    team: str | None
    region: str | None
    title: str | None
    hire_date: date | None
    active: bool


def crm_users_from_rows(rows: list[dict[str, Any]]) -> list[CrmUser]:
    return [
        CrmUser(
            rep_id=row["rep_id"],
            name=row["name"] or row["rep_id"],
            email=row["email"],
            manager_id=row["manager_id"],
            team=row["team"],
            region=row["region"],
            title=row["title"],
            hire_date=row["hire_date"],
            active=bool(row["active"]),
        )
        for row in rows
    ]


def _undeliverable_address(rep_id: str, organisation: Organisation) -> str:
    # People need a unique e-mail; a CRM user without one (or whose address belongs to someone
    # in another organisation) gets an address that can never receive mail, so they can be
    # invited only once someone fills in the real one. It names the organisation: two companies'
    # CRMs may use the same ids.
    return f"crm-{organisation.pk}-{rep_id.lower()}@{UNDELIVERABLE_DOMAIN}"


def _role_for_new(user: CrmUser, *, has_reports: bool, known: dict[str, CrmUser]) -> str:
    if not has_reports:
        return Role.REP
    return Role.MANAGER if user.manager_id in known else Role.LEADER


def _roster_values_kept(person: Person, changes: dict[str, Any]) -> dict[str, Any]:
    """The CRM's changes less what the roster owns: its values stay unless blank."""
    blank = {
        "full_name": person.full_name in ("", person.email),
        "title": not person.title,
        "hire_date": person.hire_date is None,
        "is_active": False,  # never blank: HR decides who is here
    }
    return {k: v for k, v in changes.items() if blank.get(k, True)}


def _person_update(
    person: Person,
    user: CrmUser,
    *,
    organisation: Organisation,
    has_reports: bool,
    roster_owned: bool,
) -> bool:
    changes: dict[str, Any] = {
        "organisation": organisation,
        "full_name": user.name,
        "crm_user_id": user.rep_id,
        "title": user.title or person.title,
        "hire_date": user.hire_date or person.hire_date,
        "is_active": user.active,
    }
    if roster_owned:
        changes = _roster_values_kept(person, changes)
    if has_reports and person.role == Role.REP:
        changes["role"] = Role.MANAGER  # promoted; hand-set roles are never demoted
    if person.erased_at is not None:
        # An erased person keeps their pseudonym and stays out, whatever the CRM still says
        # (docs/privacy.md).
        changes |= {"full_name": person.full_name, "title": person.title, "is_active": False}
    changed = [k for k, v in changes.items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, changes[key])
    if changed:
        person.save(update_fields=changed)
    return bool(changed)


def _match(
    users: list[CrmUser],
    emails: dict[str, str],
    by_crm: dict[str, Person],
    by_email: dict[str, Person],
) -> dict[str, Person]:
    """The existing person of each CRM user: by CRM id, else by address.

    One exception keeps a second import equal to the first: a CRM id that the export now gives
    to someone else. When a user with no person of their own carries the address of the person
    who holds an id, the address wins: that person becomes theirs, and the id's new owner gets
    a person of their own (the person's old id is released first, as ids are unique)."""
    claims: dict[int, str] = {}
    for user in users:
        person = by_email.get(emails[user.rep_id])
        if person is not None and user.rep_id not in by_crm:
            claims.setdefault(person.pk, user.rep_id)
    matched: dict[str, Person] = {}
    for user in users:
        person = by_crm.get(user.rep_id)
        if person is not None and claims.get(person.pk, user.rep_id) != user.rep_id:
            person = None  # the id changed hands; its old holder goes by the address
        person = person or by_email.get(emails[user.rep_id])
        if person is not None:
            matched[user.rep_id] = person
    for crm_id, holder in by_crm.items():
        if matched.get(crm_id) is not holder:  # another user of this export takes the id
            holder.crm_user_id = ""
            holder.save(update_fields=["crm_user_id"])
    return matched


def crm_people_link(*, organisation: Organisation, users: list[CrmUser]) -> dict[str, int]:
    """Create or update a Person per CRM user; returns counts. Idempotent; call in a transaction."""
    by_id = {u.rep_id: u for u in users}
    reports = chain_reports(users)

    members = Person.objects.filter(organisation=organisation)
    emails = {
        u.rep_id: (u.email or _undeliverable_address(u.rep_id, organisation)).lower() for u in users
    }
    # One instance per person, whether found by CRM id or by address.
    addresses = set(emails.values())
    known = list(members.filter(Q(crm_user_id__in=list(by_id)) | Q(email__in=addresses)))
    existing_by_crm = {p.crm_user_id: p for p in known if p.crm_user_id in by_id}
    existing_by_email = {p.email: p for p in known if p.email in addresses}
    # People are matched within the importing organisation only. An address that belongs to
    # someone outside it (another company, or nobody's organisation) is never touched or moved.
    elsewhere = set(
        Person.objects.filter(email__in=emails.values())
        .exclude(organisation=organisation)
        .values_list("email", flat=True)
    )

    matched = _match(users, emails, existing_by_crm, existing_by_email)
    roster_owned = roster_owns_people(organisation=organisation)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "email_elsewhere": 0}
    people: dict[str, Person] = {}
    for user in users:
        email = emails[user.rep_id]
        person = matched.get(user.rep_id)
        if person is None and email in elsewhere:
            email = _undeliverable_address(user.rep_id, organisation)
            counts["email_elsewhere"] += 1
            person = members.filter(email=email).first()
        has_reports = bool(reports.get(user.rep_id))
        if person is None:
            person = Person.objects.create_user(
                email,
                organisation=organisation,
                full_name=user.name,
                role=_role_for_new(user, has_reports=has_reports, known=by_id),
                title=user.title or "",
                crm_user_id=user.rep_id,
                hire_date=user.hire_date,
                is_active=user.active,
            )
            counts["created"] += 1
        elif _person_update(
            person,
            user,
            organisation=organisation,
            has_reports=has_reports,
            roster_owned=roster_owned,
        ):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        people[user.rep_id] = person

    planned = chain_teams(users)
    teams = _link_teams(organisation=organisation, planned=planned, people=people)
    for user in users:
        in_team = chain_team_of(user, planned)
        team = teams[in_team.manager_id] if in_team else None
        _place(people[user.rep_id], user, people=people, team=team, roster_owned=roster_owned)
    return {**counts, "teams": len(teams)}


def _place(
    person: Person,
    user: CrmUser,
    *,
    people: dict[str, Person],
    team: Team | None,
    roster_owned: bool,
) -> None:
    """Put the person under their manager and in their team (see ``uplift.crm.chain``); when
    the roster owns the people, only someone without a manager or a team gets one."""
    manager = people.get(user.manager_id) if user.manager_id else None
    fields = []
    free_manager = not roster_owned or person.manager_id is None
    free_team = not roster_owned or person.team_id is None
    if manager is not None and manager.pk not in (person.pk, person.manager_id) and free_manager:
        person.manager = manager
        fields.append("manager")
    if team is not None and person.team_id != team.pk and free_team:
        person.team = team
        fields.append("team")
    if fields:
        person.save(update_fields=fields)


def _link_teams(
    *, organisation: Organisation, planned: dict[str, ChainTeam], people: dict[str, Person]
) -> dict[str, Team]:
    """The application's team for each first-line manager's team in the chain, in its region."""
    teams: dict[str, Team] = {}
    for manager_id, plan in planned.items():
        region = None
        if plan.region:
            region = team_get_or_create(
                organisation=organisation, name=plan.region, kind=Team.Kind.REGION
            )
        teams[manager_id] = team_get_or_create(
            organisation=organisation, name=plan.name, parent=region, manager=people[manager_id]
        )
    return teams


def crm_system_accounts_retire(*, organisation: Organisation, rep_ids: list[str]) -> int:
    """People an earlier import made of CRM system accounts (uplift.crm.importers.system_accounts)
    are no longer people: they are deactivated, so they sign in nowhere and appear in no picker,
    ranking or recognition. Returns how many were."""
    if not rep_ids:
        return 0
    return Person.objects.filter(
        organisation=organisation, crm_user_id__in=rep_ids, is_active=True
    ).update(is_active=False)
