"""The shape of the house: every package has a place in the one layer order that import-linter
enforces (pyproject.toml, docs/architecture.md), and no two packages import each other."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LAYERS_CONTRACT = "One layer order"


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    contract = next(c for c in contracts if c["name"].startswith(LAYERS_CONTRACT))
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]


def _packages() -> set[str]:
    found = set()
    for path in (ROOT / "uplift").iterdir():
        if path.name.startswith(("_", ".")):
            continue
        if (path / "__init__.py").exists() or path.suffix == ".py":
            found.add(f"uplift.{path.stem}")
    return found


def test_every_package_has_a_place_in_the_layer_order() -> None:
    placed = {name for layer in _layers() for name in layer}
    unplaced = _packages() - placed
    assert not unplaced, (
        f"{sorted(unplaced)} not in the layer order: add each to the layers contract in "
        "pyproject.toml and to the layer table of docs/architecture.md"
    )
    assert placed <= _packages(), (
        f"the layer order names packages that are gone: {placed - _packages()}"
    )


def test_the_layer_order_is_written_down_in_the_architecture_doc() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text()
    missing = [name for layer in _layers() for name in layer if f"`{name}`" not in doc]
    assert not missing, f"docs/architecture.md does not name {missing} in its layer table"


def test_no_two_packages_import_each_other() -> None:
    graph = grimp.build_graph("uplift", include_external_packages=False, cache_dir=None)
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        source = ".".join(module.split(".")[:2])
        for imported in graph.find_modules_directly_imported_by(module):
            target = ".".join(imported.split(".")[:2])
            if target != source:
                edges[source].add(target)
    both_ways = sorted(
        f"{a} <-> {b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, set())
    )
    assert not both_ways, f"packages importing each other: {both_ways}"


def test_no_capability_reaches_another_through_get_model() -> None:
    """`apps.get_model` hides an import from import-linter: import the other capability's typed
    facts instead (uplift/coaching/facts.py, uplift/recognition/facts.py)."""
    found = []
    for path in sorted((ROOT / "uplift").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "get_model(" in line:
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found, f"get_model used in {found}: import the owning app's facts function"
