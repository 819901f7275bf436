"""The snapshots the impact pages read, from the latest finished analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots.store import SnapshotKind, snapshots_json
from uplift.orgs.models import Organisation

IMPACT_KINDS = ("impact", "credit", "team-iq", "summary")


@dataclass(frozen=True)
class ImpactSnapshots:
    as_of: str
    parts: dict[str, Any]

    def part(self, kind: str) -> dict[str, Any]:
        return dict(self.parts.get(kind) or {})

    @property
    def currency(self) -> str:
        return str(
            self.part("summary").get("currency") or self.part("credit").get("currency") or ""
        )


def impact_snapshots(
    *, organisation: Organisation, kinds: tuple[str, ...] = IMPACT_KINDS
) -> ImpactSnapshots | None:
    """The wanted parts of the latest analysis (a part older runs lack is simply absent), or
    None before the first analysis. Each kind is a `SnapshotKind` value (another raises
    ValueError)."""
    run = analysis_latest(organisation=organisation)
    if run is None:
        return None
    wanted = [SnapshotKind(kind) for kind in kinds]
    parts = {kind.value: data for kind, data in snapshots_json(run=run, kinds=wanted).items()}
    return ImpactSnapshots(as_of=str(run.as_of), parts=parts)
