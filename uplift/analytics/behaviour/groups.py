"""Who is compared: the ranked reps with their band and deal mix, and the mix as covariates.

The bands come from the performance analysis (organisation-wide star / core / tail); the mix is
each rep's share of closed deals in each mix cell (by default the account segment). Behaviour
depends on the mix as much as on the rep (an Enterprise deal gets six times the meetings of an
SMB deal), so the comparisons hold it fixed by using the shares as regression covariates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from uplift.analytics.stats._arrays import FloatArray

Band = Literal["star", "core", "tail"]
RepKey = tuple[str, str]


@dataclass(frozen=True)
class RepGroup:
    """A ranked rep: identity, band, and ``mix`` = {cell: share of the rep's closed deals}."""

    source: str
    rep_id: str
    band: Band
    mix: Mapping[str, float] = field(default_factory=dict)
    email: str | None = None
    name: str | None = None
    team: str | None = None

    @property
    def key(self) -> RepKey:
        return (self.source, self.rep_id)


def rep_groups_from_segments(segments: Mapping[str, Any]) -> tuple[RepGroup, ...]:
    """The reps of a performance analysis' ``segments`` document (its ``to_dict()``)."""
    return tuple(
        RepGroup(
            source=str(rep["source"]),
            rep_id=str(rep["rep_id"]),
            band=rep["segment"],
            mix={str(cell): float(share) for cell, share in (rep.get("mix") or {}).items()},
            email=rep.get("email"),
            name=rep.get("name"),
            team=rep.get("team"),
        )
        for rep in segments["reps"]
    )


def mix_cells(reps: Iterable[RepGroup]) -> list[str]:
    """Every cell in the reps' mixes, the most common (largest total share) first."""
    totals: dict[str, float] = {}
    for rep in reps:
        for cell, share in rep.mix.items():
            totals[cell] = totals.get(cell, 0.0) + share
    return sorted(totals, key=lambda cell: (-totals[cell], cell))


def mix_matrix(reps: Sequence[RepGroup], cells: Sequence[str]) -> FloatArray:
    """One row per rep, one column per cell: the rep's share of deals in the cell."""
    return np.array(
        [[rep.mix.get(cell, 0.0) for cell in cells] for rep in reps], dtype=np.float64
    ).reshape(len(reps), len(cells))


def mix_covariates(
    reps: Sequence[RepGroup], fixed: FloatArray, *, spare: int = 2
) -> tuple[list[str], FloatArray]:
    """The mix cells to use as covariates next to the ``fixed`` design columns, and their matrix.

    The most common cell is the reference and left out (the shares sum to one, so it is implied
    by the intercept). The other cells are added from the most common down while each one adds
    information (keeps the design full rank) and ``spare`` residual degrees of freedom remain.
    """
    cells = mix_cells(reps)[1:]
    shares = mix_matrix(reps, cells)
    design = fixed.reshape(len(reps), -1)
    kept: list[int] = []
    for index in range(len(cells)):
        trial = np.column_stack([design, shares[:, index]])
        if trial.shape[1] + spare >= len(reps):
            break
        if np.linalg.matrix_rank(trial) == trial.shape[1]:
            design, kept = trial, [*kept, index]
    return [cells[i] for i in kept], shares[:, kept]
