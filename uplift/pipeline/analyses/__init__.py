"""Analyses beyond performance plug in here: one module per analysis in this package.

A module calls `register(AnalysisPart(...))` at import. `uplift analyze` runs every registered
part after the performance analysis, stores its JSON as a snapshot of the part's `kind`, and
`uplift report <kind>` prints it. Modules are discovered; besides its module, a part adds its
kind to `SnapshotKind` and a typed reader (docs/architecture.md, "Analysis snapshots").
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from uplift.insights.snapshots.store import SnapshotKind

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from uplift.orgs.models import Organisation


@dataclass(frozen=True)
class AnalysisContext:
    backend: BaseBackend  # the analytics engine, connected
    organisation: Organisation
    as_of: date
    performance: dict[str, Any]  # the performance analysis' to_dict(): segments, gap, …
    # The documents of the parts computed before this one in the same run, by kind (a part with a
    # higher `order` reads those of lower order, e.g. `leaders` reads `impact`).
    earlier: dict[SnapshotKind, dict[str, Any]] = field(default_factory=dict)
    # Inputs that several parts read from the engine, computed once per run (see
    # `behaviour_inputs.run_behaviour_table`).
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalysisPart:
    kind: SnapshotKind  # snapshot kind and report name, e.g. "drivers"
    title: str
    compute: Callable[[AnalysisContext], dict[str, Any]]  # JSON-ready
    print_table: Callable[[dict[str, Any]], None]  # the report on a terminal
    for_team: Callable[[dict[str, Any], str], dict[str, Any]] | None = None  # --team filter
    order: int = 100


PARTS: dict[SnapshotKind, AnalysisPart] = {}


def register(part: AnalysisPart) -> AnalysisPart:
    PARTS[part.kind] = part
    return part


def discover() -> dict[SnapshotKind, AnalysisPart]:
    """Import every module of this package (each registers its part); return the parts."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(PARTS.items(), key=lambda item: (item[1].order, item[0])))
