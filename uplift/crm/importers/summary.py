from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from uplift.crm.importers.staging import FileRead, MissingReference
from uplift.crm.importers.system_accounts import SystemAccount


@dataclass
class EntityCounts:
    entity: str
    file: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportSummary:
    source: str
    location: str
    dry_run: bool
    entities: list[EntityCounts] = field(default_factory=list)
    missing_references: list[MissingReference] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    files: list[FileRead] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows left out per file read: the earlier copies of repeated records and, with
    # skip_invalid, the rows with a bad value; the file that gives them back, when one was asked.
    rejected: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    skip_invalid: bool = False
    # CRM integration, automation and API users: set aside (not people, not ranked), or kept
    # because they own deals (uplift.crm.importers.system_accounts).
    system_accounts: list[SystemAccount] = field(default_factory=list)

    @property
    def system_accounts_set_aside(self) -> list[SystemAccount]:
        return [a for a in self.system_accounts if not a.kept]

    @property
    def system_accounts_kept(self) -> list[SystemAccount]:
        return [a for a in self.system_accounts if a.kept]

    @property
    def rows_read(self) -> int:
        return sum(e.read for e in self.entities)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def changed(self) -> bool:
        return any(e.inserted or e.updated for e in self.entities)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rows_read"] = self.rows_read
        data["rows_rejected"] = self.rows_rejected
        data["rows_per_second"] = round(self.rows_read / self.seconds) if self.seconds else None
        data["files_read"] = [read.describe() for read in self.files]  # in words, for the pages
        data["system_accounts_set_aside"] = [asdict(a) for a in self.system_accounts_set_aside]
        data["system_accounts_kept"] = [asdict(a) for a in self.system_accounts_kept]
        return data
