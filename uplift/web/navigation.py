"""The main navigation, by role. Each capability adds its own entries here."""

from __future__ import annotations

from dataclasses import dataclass

from uplift.orgs.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Organisation", "leader_home", "diagram-3", frozenset({Role.LEADER})),
    NavItem("Stars & gap", "leader_performance", "stars", frozenset({Role.LEADER})),
    NavItem("My team", "manager_home", "people", frozenset({Role.MANAGER})),
    NavItem("Team performance", "team_performance", "bar-chart", frozenset({Role.MANAGER})),
    NavItem("Enablement", "enablement_home", "sliders", frozenset({Role.ADMIN})),
    NavItem("Imports", "imports", "cloud-arrow-up", frozenset({Role.ADMIN})),
    NavItem("Me", "my_home", "person-circle", frozenset(Role.values)),
    NavItem("My performance", "my_performance", "graph-up", frozenset({Role.REP})),
)

HOME_BY_ROLE: dict[str, str] = {
    Role.LEADER: "leader_home",
    Role.MANAGER: "manager_home",
    Role.ADMIN: "enablement_home",
    Role.REP: "my_home",
}


def nav_items_for(role: str) -> list[NavItem]:
    return [item for item in NAV_ITEMS if role in item.roles]
