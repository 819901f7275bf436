"""The pages of each capability: one module per capability in this package, each with its
`urlpatterns` and the `nav_items` it adds to the main navigation. The modules are found, not
listed: a new capability adds its module here and edits no shared list (`uplift.web.urls`
includes every module found; the menu places each item by its own section and position)."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from types import ModuleType


def capability_modules() -> list[ModuleType]:
    """Every capability's routes module, by name."""
    names = sorted(module.name for module in pkgutil.iter_modules(__path__))
    return [import_module(f"{__name__}.{name}") for name in names]
