"""The roles x endpoints matrix, split by capability: the core rows are in
tests/test_access_matrix.py, each capability's in its own module here (`CASES`), named like its
pages' module in `uplift/web/routes/` (tests/test_capability_registration.py checks the pair)."""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from tests.conftest import World

ROLES = ("anonymous", "rep", "manager", "leader", "admin")


def capability_names() -> list[str]:
    """Every capability module of this package (found, not listed), by name."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__))


@dataclass(frozen=True)
class Case:
    """One request and the status each role must get, in ROLES order:
    (anonymous, rep, manager, leader, admin). `path` is formatted with the world as `w` and with
    what `objects(world)` returns (e.g. `{"practice": a_draft}` for `/practices/{practice.pk}/`):
    a capability creates the objects its rows need there, in the world's organisations. `data` is
    the form or JSON body of a write."""

    name: str
    path: str
    statuses: tuple[int, int, int, int, int]
    method: str = "get"
    objects: Callable[[World], dict[str, Any]] | None = None
    data: dict[str, Any] | None = None

    def url(self, world: World, objects: dict[str, Any] | None = None) -> str:
        return self.path.format(w=world, **(objects or {}))

    def expected(self, role: str) -> int:
        return self.statuses[ROLES.index(role)]


def capability_cases() -> list[Case]:
    cases: list[Case] = []
    for name in capability_names():
        cases.extend(import_module(f"{__name__}.{name}").CASES)
    return cases
