"""The REST API: one router per capability, one module each in this package.

Routers are found, not listed: every module of this package that defines a `router` (a ninja
`Router`) is mounted by `uplift.api.urls`, so a new capability adds its module and edits no
shared list. `orgs` (the caller, people and teams) is mounted first."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from ninja import Router

FIRST = "orgs"


def capability_routers() -> list[Router]:
    """The router of every capability module but `orgs`, by module name."""
    routers = []
    for name in sorted(module.name for module in pkgutil.iter_modules(__path__)):
        if name == FIRST:
            continue
        router = getattr(import_module(f"{__name__}.{name}"), "router", None)
        if isinstance(router, Router):
            routers.append(router)
    return routers
