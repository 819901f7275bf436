"""Packages that load each public name only when it is first used, so that a command which
needs one small piece (a report reading a stored snapshot) does not import the engine and the
statistics libraries behind every other piece."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(
    package: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A package's module-level `__getattr__`: each name in `where` is imported from the module
    named beside it on first use and kept in the package's `namespace` (its globals())."""

    def attribute(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    return attribute
