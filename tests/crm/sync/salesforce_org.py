"""A Salesforce org in memory, filled from the synthetic generator's export, that the tests change.

Records hold their values as Salesforce's REST API gives them in JSON: 18-character ids, booleans,
numbers, date-times as `2024-03-15T14:30:00.000+0000`, plus `IsDeleted` and `SystemModstamp`.
Every record starts modified at the org's creation; each change or deletion moves the org's
clock on by a second and stamps the record with it, as Salesforce does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from uplift.crm.importers.sfids import id18

ID_FIELDS = {"Id", "OwnerId", "AccountId", "ManagerId", "WhatId", "OpportunityId", "ContactId"}
BOOL_FIELDS = {"IsActive", "IsClosed", "IsWon", "IsDeleted", "IsPrimary"}
NUMBER_FIELDS = {"Amount", "NumberOfEmployees", "CallDurationInSeconds", "DurationInMinutes"}
OBJECT_FILES = {
    "User": "User.csv",
    "Account": "Account.csv",
    "Opportunity": "Opportunity.csv",
    "OpportunityHistory": "OpportunityHistory.csv",
    "OpportunityContactRole": "OpportunityContactRole.csv",
    "Task": "Task.csv",
    "Event": "Event.csv",
}
CREATED = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def api_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _json_value(name: str, text: str) -> Any:  # noqa: PLR0911  (one answer per kind)
    if text == "":
        return None
    if name in ID_FIELDS:
        return id18(text)
    if name in BOOL_FIELDS:
        return text.strip().lower() == "true"
    if name in NUMBER_FIELDS:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text else number
    if len(text) >= 20 and text[10:11] == "T" and text.endswith("Z"):
        return text.removesuffix("Z") + "+0000"
    return text


def _stamp(record: dict[str, Any]) -> datetime:
    return datetime.strptime(record["SystemModstamp"], "%Y-%m-%dT%H:%M:%S.000%z")


@dataclass
class FakeOrg:
    records: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=dict
    )  # object -> id -> rec
    clock: datetime = CREATED

    @classmethod
    def from_export(cls, folder: Path) -> FakeOrg:
        org = cls()
        for name, file_name in OBJECT_FILES.items():
            with (folder / file_name).open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            org.records[name] = {}
            for row in rows:
                record = {key: _json_value(key, value) for key, value in row.items()}
                record["IsDeleted"] = False
                record["SystemModstamp"] = api_time(CREATED)
                org.records[name][record["Id"]] = record
        return org

    def change_now(self, object_name: str, record_id: str, **values: Any) -> None:
        """Change a record in the same second as the last change (the clock stays)."""
        self.records[object_name][record_id].update(values, SystemModstamp=api_time(self.clock))

    def tick(self) -> str:
        self.clock += timedelta(seconds=1)
        return api_time(self.clock)

    def change(self, object_name: str, record_id: str, **values: Any) -> None:
        record = self.records[object_name][record_id]
        record.update(values, SystemModstamp=self.tick())

    def add(self, object_name: str, record: dict[str, Any]) -> None:
        self.records[object_name][record["Id"]] = {
            **record,
            "IsDeleted": False,
            "SystemModstamp": self.tick(),
        }

    def delete(self, object_name: str, record_id: str) -> None:
        self.change(object_name, record_id, IsDeleted=True)

    def select(
        self,
        object_name: str,
        fields: list[str],
        *,
        since: datetime | None,
        deleted: bool,
        seen: set[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Records changed from `since` on but those in `seen` changed at `since` itself, with
        the fields asked for (None where the org has no such field), deleted ones only when
        `deleted` (queryAll)."""
        chosen = []
        for record in self.records.get(object_name, {}).values():
            if record["IsDeleted"] and not deleted:
                continue
            if since is not None and _stamp(record) < since:
                continue
            if since is not None and _stamp(record) == since and record["Id"] in (seen or ()):
                continue
            chosen.append({name: record.get(name) for name in fields})
        return chosen

    def live(self, object_name: str) -> list[dict[str, Any]]:
        return [r for r in self.records[object_name].values() if not r["IsDeleted"]]
