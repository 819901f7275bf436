"""The snapshots the impact pages read, from the latest finished analysis."""

from __future__ import annotations

from dataclasses import dataclass

from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import SnapshotKind, SnapshotSet, snapshots_of
from uplift.orgs.models import Organisation

IMPACT_KINDS = ("impact", "credit", "team-iq", "summary")


@dataclass(frozen=True)
class ImpactSnapshots:
    """The typed parts of the latest analysis the impact pages asked for (`documents`); a part
    that was not asked for, or that the analysis lacks, is None."""

    as_of: str
    documents: SnapshotSet

    @property
    def currency(self) -> str:
        summary, credit = self.documents.summary, self.documents.credit
        return str(
            (summary.currency if summary else None) or (credit.currency if credit else None) or ""
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
    documents = snapshots_of(run, [SnapshotKind(kind) for kind in kinds])
    return ImpactSnapshots(as_of=str(run.as_of), documents=documents)
