"""Who signs in and which pages they read, for the page benchmark (benchmarks/bench_pages.py).

Run as `python -m benchmarks.pages_plan` with the served installation's settings and UPLIFT_HOME,
in a process of its own; prints JSON: for each role, the people who sign in (each with the demo
password, one hash for all) and every entry of that role's menu, as the menu lists it.
"""

from __future__ import annotations

import json
import os
from typing import Any

import django

# How many people of each role sign in: the benchmark's users take turns with their sessions,
# so that a page's cache serves several viewers, as it would in a team.
PEOPLE_PER_ROLE = {"leader": 3, "manager": 6, "rep": 12, "admin": 1}
# Pages a role reaches from its own pages rather than from the menu: the leader opens the Team
# IQ series from the impact board.
BEYOND_THE_MENU = {"leader": [{"label": "Team IQ", "path": "/team/iq/"}]}


def plan() -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db.models import F

    from uplift.demo.organisation import DEMO_PASSWORD
    from uplift.orgs.models import Person, Role, Team
    from uplift.web.navigation import nav_items_for

    chosen: dict[str, list[str]] = {}
    for role, count in PEOPLE_PER_ROLE.items():
        people = Person.objects.filter(role=role, is_active=True)
        if role == Role.MANAGER:
            people = people.filter(managed_teams__kind=Team.Kind.TEAM).distinct()
        if role == Role.LEADER:
            people = people.order_by(F("manager").asc(nulls_first=True), "email")
        else:
            people = people.order_by("email")
        chosen[role] = list(people.values_list("email", flat=True)[:count])
    emails = [email for group in chosen.values() for email in group]
    Person.objects.filter(email__in=emails).update(password=make_password(DEMO_PASSWORD))
    return {
        "password": DEMO_PASSWORD,
        "roles": {
            role: {
                "emails": chosen[role],
                "pages": [
                    *({"label": item.label, "path": item.url} for item in nav_items_for(role)),
                    *BEYOND_THE_MENU.get(role, []),
                ],
            }
            for role in PEOPLE_PER_ROLE
        },
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(plan()))


if __name__ == "__main__":
    main()
