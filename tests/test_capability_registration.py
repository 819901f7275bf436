"""A capability is a slice with the same parts in every layer, each found by name rather than
listed by hand: its access rules (`uplift/<app>/access.py`), its pages and menu entries
(`uplift/web/routes/<app>.py`), its API router (`uplift/api/<app>.py`), its demo history
(`uplift/demo/<app>.py`), its roles x endpoints rows (`tests/access_cases/<app>.py`) and its doc
(`docs/<app>.md`). These tests fail, naming the missing part, when a capability forgets one."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern
from ninja import Router

from tests import access_cases
from uplift import api
from uplift.demo.steps import capability_demo_modules
from uplift.web import routes

ROOT = Path(__file__).resolve().parent.parent
FOUNDATIONS = {"orgs"}  # people and teams: the access scopes every capability builds on


def _capabilities() -> list[str]:
    """The installed apps that guard records of their own: an `access.py` beside their models."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("uplift.") or config.label in FOUNDATIONS:
            continue
        if importlib.util.find_spec(f"{config.name}.access") is not None:
            found.append(config.label)
    return found


def _modules(package: object) -> set[str]:
    return {module.name for module in pkgutil.iter_modules(package.__path__)}  # type: ignore[attr-defined]


def _router_of(name: str) -> object:
    return getattr(importlib.import_module(f"uplift.api.{name}"), "router", None)


def test_the_capabilities_are_found() -> None:
    capabilities = _capabilities()
    assert {"practices", "debriefs", "development", "coaching", "recognition", "awards"} <= set(
        capabilities
    )


@pytest.mark.parametrize("capability", _capabilities())
def test_a_capability_registers_every_part(capability: str) -> None:
    routes_module = importlib.import_module(f"uplift.web.routes.{capability}")
    assert routes_module.urlpatterns, f"uplift/web/routes/{capability}.py has no pages"
    assert all(isinstance(p, URLPattern) for p in routes_module.urlpatterns)
    api_module = importlib.import_module(f"uplift.api.{capability}")
    assert isinstance(getattr(api_module, "router", None), Router), (
        f"uplift/api/{capability}.py defines no `router`"
    )
    assert f"uplift.demo.{capability}" in capability_demo_modules(), (
        f"uplift/demo/{capability}.py (its demo history, DEMO_STEPS) is missing"
    )
    assert capability in access_cases.capability_names(), (
        f"tests/access_cases/{capability}.py (its roles x endpoints rows) is missing"
    )
    assert (ROOT / "docs" / f"{capability}.md").exists(), f"docs/{capability}.md is missing"


def test_every_pages_module_has_its_access_rows() -> None:
    without_rows = _modules(routes) - set(access_cases.capability_names())
    assert not without_rows, f"pages without roles x endpoints rows: {sorted(without_rows)}"


def test_every_api_router_is_mounted_and_has_its_access_rows() -> None:
    routers = {
        name
        for name in _modules(api)
        if isinstance(
            getattr(importlib.import_module(f"uplift.api.{name}"), "router", None), Router
        )
    }
    mounted = {id(router) for router in api.capability_routers()}
    for name in routers - {api.FIRST}:
        router = importlib.import_module(f"uplift.api.{name}").router
        assert id(router) in mounted, f"uplift/api/{name}.py's router is not mounted"
    without_rows = routers - {api.FIRST} - set(access_cases.capability_names())
    assert not without_rows, f"API routers without roles x endpoints rows: {sorted(without_rows)}"


def test_every_demo_module_belongs_to_an_installed_app() -> None:
    labels = {config.label for config in apps.get_app_configs()}
    histories = {
        name
        for name in _modules(importlib.import_module("uplift.demo"))
        if hasattr(importlib.import_module(f"uplift.demo.{name}"), "DEMO_STEPS")
    }
    assert histories - labels == set(), (
        f"demo histories that no installed app names, so `uplift demo` never runs them: "
        f"{sorted(histories - labels)}"
    )
