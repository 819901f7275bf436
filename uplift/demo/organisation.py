"""A demo sales organisation: a leader, three managers with eight reps each, an enablement admin."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.orgs.services import organisation_get_or_create, person_upsert, team_get_or_create

DEMO_PASSWORD = "uplift-demo"  # noqa: S105  (printed on the terminal; demo data only)
DEMO_DOMAIN = "brightwave.example"

FIRST_NAMES = (
    "Ava",
    "Ben",
    "Chloe",
    "Daniel",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Isla",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Rafael",
    "Sofia",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
)
LAST_NAMES = (
    "Adeyemi",
    "Bergström",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Walsh",
    "Yilmaz",
    "Zhou",
)

# (region, team, manager's name) — three teams in two regions.
TEAMS = (
    ("North America", "Enterprise East", "Marcus Reed"),
    ("North America", "Mid-Market West", "Hannah Okafor"),
    ("EMEA", "EMEA Commercial", "Lukas Brandt"),
)
REPS_PER_TEAM = 8


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str
    home: str


def _email(name: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local}@{DEMO_DOMAIN}"


def _rep_names(rng: random.Random, count: int) -> list[str]:
    firsts = list(FIRST_NAMES)
    rng.shuffle(firsts)
    lasts = list(LAST_NAMES)
    rng.shuffle(lasts)
    return [f"{firsts[i % len(firsts)]} {lasts[i % len(lasts)]}" for i in range(count)]


@transaction.atomic
def demo_organisation_build(*, seed: int = 7) -> tuple[Organisation, list[DemoLogin]]:
    """Create (or bring up to date) the demo organisation. Running it twice changes nothing."""
    rng = random.Random(seed)
    org = organisation_get_or_create(name="Brightwave Software", slug="brightwave")

    leader = person_upsert(
        organisation=org,
        email=_email("Dana Whitfield"),
        full_name="Dana Whitfield",
        role=Role.LEADER,
        title="VP Sales",
        password=DEMO_PASSWORD,
        hire_date=date(2017, 3, 1),
    )
    admin = person_upsert(
        organisation=org,
        email=_email("Priya Natarajan"),
        full_name="Priya Natarajan",
        role=Role.ADMIN,
        title="Sales Enablement Lead",
        manager=leader,
        password=DEMO_PASSWORD,
        hire_date=date(2019, 9, 16),
    )
    logins = [
        DemoLogin("Leader", leader.full_name, leader.email, "/leader/"),
        DemoLogin("Enablement admin", admin.full_name, admin.email, "/enablement/"),
    ]
    regions: dict[str, Team] = {}
    rep_names = _rep_names(rng, REPS_PER_TEAM * len(TEAMS))
    first_rep: Person | None = None
    for index, (region_name, team_name, manager_name) in enumerate(TEAMS):
        if region_name not in regions:
            regions[region_name] = team_get_or_create(
                organisation=org, name=region_name, kind=Team.Kind.REGION, manager=leader
            )
        region = regions[region_name]
        manager = person_upsert(
            organisation=org,
            email=_email(manager_name),
            full_name=manager_name,
            role=Role.MANAGER,
            title="Sales Manager",
            manager=leader,
            password=DEMO_PASSWORD,
            hire_date=date(2018 + index, 1 + index * 3, 1),
        )
        team = team_get_or_create(organisation=org, name=team_name, parent=region, manager=manager)
        if manager.team_id != team.pk:
            manager.team = team
            manager.save(update_fields=["team"])
        logins.append(
            DemoLogin(f"Manager, {team_name}", manager.full_name, manager.email, "/team/")
        )
        for n in range(REPS_PER_TEAM):
            name = rep_names[index * REPS_PER_TEAM + n]
            hired = date(2025, 6, 1) - timedelta(days=rng.randint(90, 2200))
            rep = person_upsert(
                organisation=org,
                email=_email(name),
                full_name=name,
                role=Role.REP,
                title="Account Executive",
                team=team,
                manager=manager,
                password=DEMO_PASSWORD,
                hire_date=hired,
            )
            first_rep = first_rep or rep
    if first_rep is not None:
        logins.append(DemoLogin("Rep", first_rep.full_name, first_rep.email, "/me/"))
    return org, logins
