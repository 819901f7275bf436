"""One installation holding two companies whose CRM exports collide (see exports.py).

Each company gets a CRM import, an enablement admin, the demo's history (practices, debriefs,
plans, coaching, recognition, awards) made through the same services people use, and one
analysis (B's once A's history exists). Company A's texts then carry MARKER too, so that a leak
of any of A's records shows.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat

from tests.crm.wizard_fixtures import saved_of
from tests.factories import TEST_PASSWORD
from tests.two_companies.crawl import Markers
from tests.two_companies.exports import (
    MARKER,
    CompanyExports,
    company_exports_write,
    user_emails,
)
from uplift.awards.models import AwardEvent
from uplift.coaching.models import CoachingSession, RolePlayScenario
from uplift.core.models import Job
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.models import CrmConnection
from uplift.crm.services import crm_import
from uplift.crm.sync.connections import connection_connect
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.debriefs.models import Debrief
from uplift.demo.steps import DemoState, capability_demo_modules, capability_steps
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.identity.models import IdentityProvider
from uplift.initiatives.models import Initiative, MentoringPair
from uplift.insights.models import AnalysisRun
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.services import api_token_create
from uplift.pipeline.services import analysis_run
from uplift.practices.adoption_import import adoptions_import
from uplift.practices.models import Practice
from uplift.recognition.models import Kudos, Spotlight

A_NAME, A_SLUG = f"Alderbank {MARKER} Holdings", "alderbank"
B_NAME, B_SLUG = "Brookfield Tools", "brookfield"
ROLES = ("rep", "manager", "leader", "admin")

# Company A's free texts, marked after the demo wrote them: (model, organisation path, field).
A_TEXTS = (
    (Practice, "organisation", "title"),
    (DevelopmentPlan, "organisation", "goal"),
    (Milestone, "plan__organisation", "title"),
    (CoachingSession, "organisation", "agenda"),
    (RolePlayScenario, "organisation", "title"),
    (Kudos, "organisation", "message"),
    (Spotlight, "organisation", "message"),
    (AwardEvent, "organisation", "name"),
    (Debrief, "organisation", "notes"),
    (Notification, "organisation", "text"),
)


@dataclass(frozen=True)
class PersonState:
    organisation_id: int | None
    email: str
    is_active: bool
    full_name: str


@dataclass
class Company:
    organisation: Organisation
    export: Path
    imported: ImportSummary
    people: dict[str, Person]  # one signed-in person per role
    run: AnalysisRun | None = None

    def role(self, name: str) -> Person:
        return self.people[name]


@dataclass
class Installation:
    a: Company
    b: Company
    exports: CompanyExports
    a_people_before_b: dict[int, PersonState]  # A's people before B's import, and after it
    a_people_after_b: dict[int, PersonState]

    def a_markers(self) -> Markers:
        """What gives company A away: MARKER (in its name, people, teams, deals and texts), its
        slug (in its admin's address) and the addresses of its people that B's export does not
        hold. (B's export names some of A's addresses itself: those are B's own data.)"""
        own = set(user_emails(self.a.export)) - set(user_emails(self.b.export))
        return Markers(words=(MARKER, A_SLUG), addresses=tuple(sorted(own)))


def people_states(organisation: Organisation) -> dict[int, PersonState]:
    return {
        p.pk: PersonState(p.organisation_id, p.email, p.is_active, p.full_name)
        for p in Person.objects.filter(organisation=organisation)
    }


def _admin(organisation: Organisation, email: str, name: str, leader: Person) -> Person:
    return Person.objects.create_user(
        email,
        password=TEST_PASSWORD,
        organisation=organisation,
        full_name=name,
        role=Role.ADMIN,
        manager=leader,
    )


def _top_leader(organisation: Organisation) -> Person:
    """The leader at the top of the company's CRM chain."""
    return (
        Person.objects.filter(
            organisation=organisation, role=Role.LEADER, manager__isnull=True, is_active=True
        )
        .exclude(direct_reports=None)
        .distinct()
        .get()
    )


def _rep_and_manager(organisation: Organisation, rep_id: str | None) -> tuple[Person, Person]:
    reps = Person.objects.filter(
        organisation=organisation,
        role=Role.REP,
        is_active=True,
        team__isnull=False,
        manager__role=Role.MANAGER,
    )
    rep = (reps.filter(crm_user_id=rep_id).first() if rep_id else None) or reps.order_by("pk")[0]
    assert rep.manager is not None
    return rep, rep.manager


def _signed_in_roles(
    organisation: Organisation, admin: Person, rep_id: str | None
) -> dict[str, Person]:
    rep, manager = _rep_and_manager(organisation, rep_id)
    people = {"rep": rep, "manager": manager, "leader": _top_leader(organisation), "admin": admin}
    for person in people.values():
        person.set_password(TEST_PASSWORD)
        person.save(update_fields=["password"])
    return people


def _history(company: Company) -> None:
    """The demo's history for the company, with its own admin where the demo looks for its
    demo admin (by e-mail, unique in the installation)."""
    state = DemoState(seed=3, export=company.export, organisation=company.organisation)
    with pytest.MonkeyPatch.context() as patch:
        for name in capability_demo_modules():
            module = importlib.import_module(name)
            if hasattr(module, "ADMIN_EMAIL"):
                patch.setattr(module, "ADMIN_EMAIL", company.role("admin").email)
        for _label, step in capability_steps():
            step(state)
    _mentoring_pair(company)


def _mentoring_pair(company: Company) -> None:
    """A mentoring pair in the company's initiative when its history made none (this export's
    short history gives the initiative few stars), so that pair ids are tried too."""
    initiative = Initiative.objects.filter(organisation=company.organisation).first()
    if initiative is None or initiative.mentoring_pairs.exists():
        return
    mentor, mentee = company.role("manager"), company.role("rep")
    MentoringPair.objects.create(
        initiative=initiative, mentor=mentor, mentee=mentee, goal="Pricing"
    )


def _job_and_token(company: Company, label: str) -> None:
    """A finished import job, an API token, a CRM connection, an identity provider and a
    notification for each signed-in person, so that their ids can be tried too."""
    admin = company.role("admin")
    Job.objects.create(
        kind="import",
        title=f"Import {label}",
        organisation=company.organisation,
        created_by=admin,
        status=Job.Status.SUCCEEDED,
        message=f"Imported {label}",
    )
    api_token_create(person=company.role("rep"), name=f"{label} token")
    # An export being mapped in the wizard, and a mapping it saved.
    saved_of(company.organisation, name=f"{label} mapping")
    connection_connect(
        organisation=company.organisation,
        kind=CrmConnection.Kind.HUBSPOT,
        base_url=f"https://{company.organisation.slug}.crm.invalid",
        auth_kind=CrmConnection.AuthKind.HUBSPOT_PRIVATE_APP,
        secrets=ConnectionSecrets(access_token=f"{company.organisation.slug}-private-app"),
        connected_by=admin,
    )
    IdentityProvider.objects.create(
        organisation=company.organisation,
        protocol=IdentityProvider.Protocol.OIDC,
        name=f"{label} sign-in",
        slug="okta",
        issuer=f"https://{company.organisation.slug}.idp.invalid",
        client_id=f"{company.organisation.slug}-uplift",
    )
    for person in company.people.values():
        notify(
            recipient=person,
            kind=Kind.KUDOS,
            text=f"Kudos for you after the {label}",
            link="/recognition/",
            by_email=False,
        )


def _mark_texts(organisation: Organisation) -> None:
    for model, path, field in A_TEXTS:
        model.objects.filter(**{path: organisation}).update(
            **{field: Concat(Value(f"{MARKER} "), F(field))}
        )


def installation_build(directory: Path) -> Installation:
    exports = company_exports_write(directory)
    a_org = Organisation.objects.create(name=A_NAME, slug=A_SLUG, revenue_leaderboards=True)
    b_org = Organisation.objects.create(name=B_NAME, slug=B_SLUG, revenue_leaderboards=True)

    a_summary = crm_import(source="salesforce", location=exports.a, organisation=a_org)
    a_leader = _top_leader(a_org)
    a_admin = _admin(a_org, f"enablement@{A_SLUG}.test", f"Ada Admin-{MARKER}", a_leader)
    a = Company(a_org, exports.a, a_summary, _signed_in_roles(a_org, a_admin, None))
    before = people_states(a_org)

    b_summary = crm_import(source="salesforce", location=exports.b, organisation=b_org)
    b_leader = _top_leader(b_org)
    b_admin = _admin(b_org, f"enablement@{B_SLUG}.test", "Bea Admin", b_leader)
    # B's rep is one whose CRM address is an A rep's: the likeliest to be shown A's records.
    colliding_rep = next(c.b_rep_id for c in exports.collisions[2:] if c.active)
    b = Company(b_org, exports.b, b_summary, _signed_in_roles(b_org, b_admin, colliding_rep))
    after = people_states(a_org)

    # A's history exists before B's analysis runs, so that an analysis reading another
    # company's records would show them in B's snapshots.
    for company in (a, b):
        adoptions_import(path=company.export / "adoptions.csv", organisation=company.organisation)
        company.run = analysis_run(organisation=company.organisation)
        _history(company)
    _job_and_token(a, f"{MARKER} export")
    _job_and_token(b, "Brookfield export")
    _mark_texts(a_org)
    return Installation(a=a, b=b, exports=exports, a_people_before_b=before, a_people_after_b=after)
