"""The main navigation, by role: the core entries here, each capability's own in its routes module
(`uplift.web.routes.<capability>.nav_items`), sorted by `position`."""

from __future__ import annotations

from dataclasses import dataclass

from uplift.orgs.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str]
    position: int = 50  # the core entries below take multiples of 10; capabilities slot between


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Organisation", "leader_home", "diagram-3", frozenset({Role.LEADER}), 10),
    NavItem("Stars & gap", "leader_performance", "stars", frozenset({Role.LEADER}), 20),
    NavItem("My team", "manager_home", "people", frozenset({Role.MANAGER}), 10),
    NavItem("Team performance", "team_performance", "bar-chart", frozenset({Role.MANAGER}), 20),
    NavItem("Enablement", "enablement_home", "sliders", frozenset({Role.ADMIN}), 10),
    NavItem("Imports", "imports", "cloud-arrow-up", frozenset({Role.ADMIN}), 90),
    NavItem("Me", "my_home", "person-circle", frozenset(Role.values), 0),
    NavItem("My performance", "my_performance", "graph-up", frozenset({Role.REP}), 20),
)

HOME_BY_ROLE: dict[str, str] = {
    Role.LEADER: "leader_home",
    Role.MANAGER: "manager_home",
    Role.ADMIN: "enablement_home",
    Role.REP: "my_home",
}


def all_nav_items() -> list[NavItem]:
    from uplift.web.routes import capability_modules  # the routes import NavItem from here

    items = list(NAV_ITEMS)
    for module in capability_modules():
        items.extend(module.nav_items)
    return items


def nav_items_for(role: str) -> list[NavItem]:
    """The role's entries in `position` order."""
    return sorted(
        (item for item in all_nav_items() if role in item.roles), key=lambda item: item.position
    )
