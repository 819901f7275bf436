"""The OpenAPI document describes each schema once: two classes of one name would share one
component, and clients (and the schema checks) would read one shape for the other."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from uplift.api.urls import api


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_schema_name_belongs_to_one_class() -> None:
    assert api.get_openapi_schema()["components"]["schemas"]
    by_name: defaultdict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("uplift."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}
