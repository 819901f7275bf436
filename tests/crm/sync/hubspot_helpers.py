"""What the HubSpot connector's tests share: a fake HubSpot serving a synthetic portal, a
connector pointed at it, and the engine's way from pages to an export the file importer reads."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from tests.crm.sync.hubspot_fake import FakeHubSpot
from tests.crm.sync.hubspot_portal import Portal, hubspot_portal
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.runner import import_export
from uplift.crm.sync.connector import Page, SourceObject
from uplift.crm.sync.hubspot import HubSpotConnector
from uplift.crm.sync.hubspot_api import HubSpotApi, HubSpotAuth, NewTokens, OAuthApp

TABLES = ("crm_reps", "crm_accounts", "crm_opportunities", "crm_stage_history", "crm_activities")


@dataclass
class Waits:
    """Records the waits the retries ask for instead of sleeping."""

    seconds: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def connector(
    fake: FakeHubSpot,
    *,
    token: str = "pat-test",  # noqa: S107 (the fake's own test token)
    oauth: OAuthApp | None = None,
    waits: Waits | None = None,
    tokens: list[NewTokens] | None = None,
    **limits: int,
) -> HubSpotConnector:
    api = HubSpotApi(
        HubSpotAuth(token, oauth),
        base_url=fake.url,
        wait=waits if waits is not None else Waits(),
        on_tokens=tokens.append if tokens is not None else None,
    )
    return HubSpotConnector(api, now=fake.now, **limits)


def source(con: HubSpotConnector, name: str) -> SourceObject:
    return next(obj for obj in con.objects() if obj.name == name)


def read(
    con: HubSpotConnector, name: str, *, since: datetime | None = None, cursor: str | None = None
) -> list[Page]:
    return list(con.pages(source(con, name), since=since, cursor=cursor))


def ids(pages: list[Page], name: str) -> list[str]:
    field_name = {"owners": "id", "deal_stage_history": "History ID"}.get(name, "hs_object_id")
    return [str(row[field_name]) for page in pages for row in page.records]


def high_water(pages: list[Page]) -> datetime | None:
    marks = [page.high_water for page in pages if page.high_water is not None]
    return max(marks) if marks else None


def write_export(con: HubSpotConnector, landed: dict[str, list[Page]], directory: Path) -> Path:
    """What the engine does with landed pages: one file per object, its fields as columns, the
    last copy of a record winning, deleted records left out."""
    directory.mkdir(parents=True, exist_ok=True)
    for obj in con.objects():
        rows: dict[str, dict[str, Any]] = {}
        for page in landed.get(obj.name, []):
            for row in page.records:
                rows[str(row[obj.id_field])] = row
            for gone in page.deleted_ids:
                rows.pop(gone, None)
        with (directory / obj.export_file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(obj.fields))
            writer.writeheader()
            writer.writerows(rows.values())
    return directory


def import_tables(export: Path, store: Path) -> dict[str, list[tuple[Any, ...]]]:
    import_export(stager=stage_hubspot_export, location=export, analytics_url=f"duckdb://{store}")
    with duckdb.connect(str(store), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def fake_hubspot(tmp_path: Path, **options: Any) -> Iterator[FakeHubSpot]:
    portal: Portal = hubspot_portal(tmp_path / "synthetic")
    fake = FakeHubSpot(portal, **options).start()
    try:
        yield fake
    finally:
        fake.stop()
