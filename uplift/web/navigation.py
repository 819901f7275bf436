"""The main navigation, by role: the core entries here, each capability's own in its routes module
(`uplift.web.routes.<capability>.nav_items`). Entries are grouped into `SECTIONS` (in that order)
and sorted by `position` within a section."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from uplift.orgs.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str]
    position: int = 50  # the core entries below take multiples of 10; capabilities slot between
    section: str = ""  # a key of SECTIONS; an entry without a known one is listed under "More"

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str  # empty for the home section, which needs no heading
    icon: str


SECTIONS: tuple[NavSection, ...] = (
    NavSection("home", "", "house"),
    NavSection("performance", "Performance", "graph-up"),
    NavSection("practices", "Practices", "journal-bookmark"),
    NavSection("development", "Development", "mortarboard"),
    NavSection("recognition", "Recognition", "heart"),
    NavSection("admin", "Admin", "gear"),
)
MORE = NavSection("more", "More", "three-dots")
SECTION_KEYS = frozenset(section.key for section in SECTIONS)


@dataclass(frozen=True)
class NavGroup:
    """One section of a role's menu with its entries, in order."""

    section: NavSection
    items: tuple[NavItem, ...]

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def label(self) -> str:
        return self.section.label

    @property
    def url_names(self) -> frozenset[str]:
        return frozenset(item.url_name for item in self.items)


REPS = frozenset({Role.REP})
MANAGERS = frozenset({Role.MANAGER})
LEADERS = frozenset({Role.LEADER})
ADMINS = frozenset({Role.ADMIN})

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Me", "my_home", "person-circle", REPS, 0, "home"),
    NavItem("My team", "manager_home", "people", MANAGERS, 0, "home"),
    NavItem("Organisation", "leader_home", "diagram-3", LEADERS, 0, "home"),
    NavItem("Enablement", "enablement_home", "sliders", ADMINS, 0, "home"),
    NavItem("My performance", "my_performance", "graph-up", REPS, 10, "performance"),
    NavItem("Team performance", "team_performance", "bar-chart", MANAGERS, 10, "performance"),
    NavItem("Stars & gap", "leader_performance", "stars", LEADERS, 10, "performance"),
    NavItem("Imports", "imports", "cloud-arrow-up", ADMINS, 90, "admin"),
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
    """The role's entries in menu order: section by section, by `position` within each."""
    return [item for group in nav_sections_for(role) for item in group.items]


def nav_sections_for(role: str) -> list[NavGroup]:
    """The role's menu: the sections that have an entry for the role, in `SECTIONS` order."""
    mine = [item for item in all_nav_items() if role in item.roles]
    groups = []
    for section in (*SECTIONS, MORE):
        items = sorted(
            (item for item in mine if _section_key(item) == section.key),
            key=lambda item: (item.position, item.label),
        )
        if items:
            groups.append(NavGroup(section, tuple(items)))
    return groups


def _section_key(item: NavItem) -> str:
    return item.section if item.section in SECTION_KEYS else MORE.key


def current_entry(groups: list[NavGroup], path: str) -> tuple[str | None, str | None]:
    """The menu entry a page belongs to, and its section: the entry whose address is the longest
    start of the page's path (`/practices/12/` belongs to `/practices/`). A page under no entry
    but in the same area as some (a manager's `/coaching/sessions/3/`) marks only the section."""
    best: tuple[int, NavItem, NavGroup] | None = None
    for group in groups:
        for item in group.items:
            url = item.url
            if path.startswith(url) and (best is None or len(url) > best[0]):
                best = (len(url), item, group)
    if best is not None:
        return best[1].url_name, best[2].key
    area = _first_segment(path)
    for group in groups:
        if area and any(_first_segment(item.url) == area for item in group.items):
            return None, group.key
    return None, None


def _first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]
