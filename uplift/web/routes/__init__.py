"""The pages of each capability: one module per capability, each with its `urlpatterns` and the
`nav_items` it adds to the main navigation. `uplift.web.urls` includes them all in this order."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

CAPABILITY_ROUTES = (
    "practices",
    "debriefs",
    "development",
    "coaching",
    "recognition",
    "awards",
    "impact",
    "leaders",
    "performance_definition",
)


def capability_modules() -> list[ModuleType]:
    return [import_module(f"{__name__}.{name}") for name in CAPABILITY_ROUTES]
