"""Showing a sync on a terminal: what was read from each object, then the import's summary."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from uplift.crm.sync.engine import SyncResult
from uplift.crm.terminal import print_import_summary


def print_sync_summary(result: SyncResult) -> None:
    console = Console(width=None if sys.stdout.isatty() else 160)
    kind = "full sync" if result.full else "sync"
    resumed = ", resumed" if result.resumed else ""
    table = Table(title=f"{result.kind.title()} {kind}{resumed}", title_justify="left")
    for column in ("object", "pages", "records read", "deleted", "imported"):
        table.add_column(column, justify="left" if column == "object" else "right")
    for read in result.objects:
        imported = result.records_written.get(read.name)
        table.add_row(
            read.name,
            f"{read.pages:,}",
            f"{read.records:,}",
            f"{read.deleted:,}",
            "—" if imported is None else f"{imported:,}",
        )
    console.print(table)
    if result.api_calls:
        calls = result.api_calls
        console.print(
            f"{calls['used']:,} of {calls['limit']:,} API calls used today; Uplift uses at most "
            f"{calls['share_percent']}%.",
            markup=False,
            highlight=False,
        )
    if result.status == "stopped":
        console.print(f"[yellow]{result.message}[/yellow]")
        return
    if result.summary is None:
        console.print("Nothing changed since the last sync: nothing was written.")
        return
    print_import_summary(result.summary, held_in="what was synced")
    if result.deleted:
        gone = ", ".join(f"{rows:,} {entity}" for entity, rows in result.deleted.items())
        console.print(f"Deleted in the CRM, so removed: {gone}.", markup=False, highlight=False)
    if result.changed:
        console.print("The analysis is queued: pages show the new data once it has run.")
