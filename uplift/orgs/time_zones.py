"""Time zones: times are stored in UTC and shown in the viewer's zone — their own when they chose
one, else their organisation's, else the installation's (settings.TIME_ZONE)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache

from django.conf import settings

from uplift.orgs.models import Organisation, Person

# The zones offered first in the pickers, by where sales teams usually sit; all others follow.
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
)


@cache
def time_zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def time_zone_valid(name: str) -> bool:
    return name in time_zone_names()


def time_zone_choices(*, blank: str | None = None) -> list[tuple[str, str]]:
    """(value, label) for a select: the common zones first, then every other one by name, each
    labelled with its current offset ("Europe/Paris (UTC+01:00)"); `blank` labels an empty
    first choice."""
    rest = sorted(time_zone_names() - set(COMMON_ZONES))
    choices = [(name, _label(name)) for name in (*COMMON_ZONES, *rest)]
    return [("", blank), *choices] if blank is not None else choices


def _label(name: str) -> str:
    offset = datetime.now(zoneinfo.ZoneInfo(name)).strftime("%z")
    return f"{name} (UTC{offset[:3]}:{offset[3:]})"


def organisation_time_zone(organisation: Organisation | None) -> str:
    zone = organisation.time_zone if organisation is not None else ""
    return zone if zone and time_zone_valid(zone) else str(settings.TIME_ZONE)


def person_time_zone(person: Person) -> str:
    """The zone every time is shown in to `person`: their own, else their organisation's."""
    if person.time_zone and time_zone_valid(person.time_zone):
        return person.time_zone
    return organisation_time_zone(person.organisation)


def zone_info(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name if time_zone_valid(name) else str(settings.TIME_ZONE))


def moment_for(person: Person, moment: datetime) -> str:
    """A moment as `person` reads it, in their time zone with the zone named, for texts that
    leave the page (notifications, e-mails): "Tue 03 Mar 2026 at 09:00 CET"."""
    local = moment.astimezone(zone_info(person_time_zone(person)))
    return f"{local:%a %d %b %Y at %H:%M} {zone_abbreviation(local)}"


def zone_abbreviation(moment: datetime) -> str:
    """The zone's short name at that moment ("CET", "EST"), or its offset where the zone has
    no letters of its own ("UTC+08")."""
    name = moment.tzname() or "UTC"
    return f"UTC{name}" if name[:1] in "+-" else name
