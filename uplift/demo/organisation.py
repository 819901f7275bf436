"""The demo organisation: a realistic CRM history generated, imported like a real export, and a
few people given demo passwords so that every role can sign in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from uplift.crm.importers.summary import ImportSummary
from uplift.crm.services import crm_import
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.orgs.services import (
    organisation_get_or_create,
    organisation_time_zone_set,
    person_time_zone_set,
    person_upsert,
)
from uplift.practices.adoption_import import AdoptionImportSummary, adoptions_import
from uplift.synthetic import generate_export
from uplift.synthetic.model import DEFAULT_PARAMETERS
from uplift.synthetic.vocabulary import REGIONS

DEMO_PASSWORD = "uplift-demo"  # noqa: S105  (printed on the terminal; demo data only)
# Big enough for the demo's two stories to come out of the unchanged estimators on seed 7:
# 15 stars against 46 core reps, so that what stars do differently (contacts, speed to first
# touch, stage conversions) is significant; and, with 45% of core reps taking up each planted
# practice (the generator's default is 25%), 18 to 27 dated adopters per practice staggered
# over two years, so that every practice gets an impact estimate and a handful of adopters does
# not make the placebo look like a winner by chance. 9 teams of 9 reps in 3 regions.
DEMO_REPS = 81
DEMO_MONTHS = 24
DEMO_ADOPTION_FRACTION = 0.45
ADMIN_NAME = "Priya Natarajan"
ADMIN_EMAIL = "priya.natarajan@example.com"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str
    home: str


def demo_export_path(seed: int) -> Path:
    return Path(settings.UPLIFT_HOME) / "demo" / f"export-seed-{seed}"


def demo_export_write(*, seed: int) -> Path:
    """The demo's synthetic Salesforce export, written once per seed."""
    directory = demo_export_path(seed)
    if not (directory / "truth.json").exists():
        params = replace(DEFAULT_PARAMETERS, adoption_fraction=DEMO_ADOPTION_FRACTION)
        generate_export(directory, reps=DEMO_REPS, months=DEMO_MONTHS, seed=seed, params=params)
    return directory


def demo_import(*, export: Path) -> tuple[Organisation, ImportSummary, AdoptionImportSummary]:
    organisation = organisation_get_or_create(name="Brightwave Software", slug="brightwave")
    summary = crm_import(source="salesforce", location=export, organisation=organisation)
    adoptions = adoptions_import(path=export / "adoptions.csv", organisation=organisation)
    demo_time_zones(organisation=organisation)
    return organisation, summary, adoptions


@transaction.atomic
def demo_time_zones(*, organisation: Organisation) -> str:
    """The organisation's time zone is that of the region most of its people work in (from the
    generator's regions); people in another region get their region's zone as their own, as
    they would choose it on their account page. Returns the organisation's zone."""
    zones = {region.name: region.time_zone for region in REGIONS}
    people = list(
        Person.objects.filter(organisation=organisation).select_related("team", "team__parent")
    )
    region_zone = {
        person.pk: zones.get(person.team.parent.name)
        if person.team is not None and person.team.parent is not None
        else None
        for person in people
    }
    counted = Counter(zone for zone in region_zone.values() if zone)
    main = counted.most_common(1)[0][0] if counted else "UTC"
    organisation_time_zone_set(organisation=organisation, time_zone=main)
    for person in people:
        zone = region_zone[person.pk]
        if zone and zone != main and not person.time_zone:
            person_time_zone_set(person=person, time_zone=zone)
    return main


def _with_password(person: Person) -> Person:
    if not person.check_password(DEMO_PASSWORD):
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    return person


@transaction.atomic
def demo_logins_create(*, organisation: Organisation) -> list[DemoLogin]:
    """Demo passwords for the leader, each first-line manager and one rep; plus an admin.

    The rep is the first by team and name: the one whose practice plans the demo seeds."""
    people = Person.objects.filter(organisation=organisation, is_active=True)
    logins: list[DemoLogin] = []
    leader = people.filter(role=Role.LEADER, manager__isnull=True).order_by("crm_user_id").first()
    if leader is not None:
        _with_password(leader)
        logins.append(DemoLogin("Leader", leader.full_name, leader.email, "/leader/"))
    admin = person_upsert(
        organisation=organisation,
        email=ADMIN_EMAIL,
        full_name=ADMIN_NAME,
        role=Role.ADMIN,
        title="Sales Enablement Lead",
        manager=leader,
        password=DEMO_PASSWORD,
        hire_date=date(2019, 9, 16),
    )
    logins.append(DemoLogin("Enablement admin", admin.full_name, admin.email, "/enablement/"))
    teams = Team.objects.filter(
        organisation=organisation, kind=Team.Kind.TEAM, manager__isnull=False
    )
    for team in teams.select_related("manager").order_by("name"):
        manager = team.manager
        if manager is None or manager.role != Role.MANAGER:
            continue
        _with_password(manager)
        logins.append(
            DemoLogin(f"Manager, {team.name}", manager.full_name, manager.email, "/team/")
        )
    rep = people.filter(role=Role.REP, team__in=teams).order_by("team__name", "full_name").first()
    if rep is not None:
        _with_password(rep)
        logins.append(DemoLogin("Rep", rep.full_name, rep.email, "/me/"))
    return logins
