"""Showing an import on a terminal: a progress bar while it runs, a summary table at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from uplift.crm.importers.staging import quiet
from uplift.crm.importers.summary import ImportSummary

MAX_IDS_SHOWN = 10


@contextmanager
def import_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback: a live bar on a terminal, nothing when output is piped."""
    if not sys.stderr.isatty():
        yield quiet
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("Importing", total=1)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        yield update


def print_import_summary(summary: ImportSummary, *, held_in: str = "the export") -> None:
    """The summary table and notes; `held_in` names where missing references were looked for
    ("the export", or for a sync "what was synced")."""
    console = Console(width=None if sys.stdout.isatty() else 160)
    verb = "Checked (dry run, nothing written)" if summary.dry_run else "Imported"
    table = Table(
        title=f"{verb}: {summary.source} export from {summary.location}", title_justify="left"
    )
    for column in ("entity", "file(s)", "read", "inserted", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="left" if column in ("entity", "file(s)") else "right")
    for e in summary.entities:
        table.add_row(
            e.entity,
            e.file,
            *(f"{n:,}" for n in (e.read, e.inserted, e.updated, e.unchanged, e.rejected)),
        )
    console.print(table)
    for read in summary.files:
        console.print(f"Read {read.describe()}.", markup=False, highlight=False)
    for note in summary.notes:
        console.print(f"{note}.", markup=False, highlight=False)
    if summary.people:
        p = summary.people
        console.print(
            f"People: {p.get('created', 0)} created, {p.get('updated', 0)} updated, "
            f"{p.get('unchanged', 0)} unchanged, in {p.get('teams', 0)} teams."
        )
        if p.get("email_elsewhere"):
            console.print(
                f"[yellow]{p['email_elsewhere']} CRM user(s) have an e-mail address that belongs "
                "to someone outside this organisation[/yellow]: they were added without it, and "
                "cannot be invited until an enablement admin gives them their own address."
            )
    _print_system_accounts(console, summary)
    for ref in summary.missing_references:
        ids = ", ".join(ref.ids[:MAX_IDS_SHOWN]) + (" …" if len(ref.ids) > MAX_IDS_SHOWN else "")
        console.print(
            f"[yellow]Kept, but refers to records not in {held_in}[/yellow] — {ref.meaning}: "
            f"{ref.rows:,} rows, {len(ref.ids)} ids ({ids}). `--json` lists them all."
        )
    if summary.skip_invalid:
        console.print(_rejected_line(summary), markup=False, highlight=False)
    rate = f", {summary.rows_read / summary.seconds:,.0f} rows/s" if summary.seconds else ""
    console.print(f"{summary.rows_read:,} rows in {summary.seconds:.1f} s{rate}.")


def _print_system_accounts(console: Console, summary: ImportSummary) -> None:
    """The CRM system accounts set aside (not people, not ranked) and those kept for their deals."""
    aside = summary.system_accounts_set_aside
    if aside:
        console.print(
            f"Set aside {len(aside)} CRM system account{'' if len(aside) == 1 else 's'} "
            "(integration, automation or API users that own no deals): they are not people, "
            "and are never ranked, picked or recognised.",
            markup=False,
            highlight=False,
        )
        for account in aside[:MAX_IDS_SHOWN]:
            console.print(
                f"  {account.name} ({account.rep_id}): {account.reason}",
                markup=False,
                highlight=False,
            )
        if len(aside) > MAX_IDS_SHOWN:
            console.print(f"  … and {len(aside) - MAX_IDS_SHOWN} more (`--json` lists them all).")
    for account in summary.system_accounts_kept:
        console.print(
            f"[yellow]Kept {account.name} ({account.rep_id})[/yellow]: it reads as a system "
            f"account ({account.reason}) but owns {account.deals:,} deals, so it stays among "
            "the people; reassign its deals in the CRM to set it aside.",
            highlight=False,
        )


def _rejected_line(summary: ImportSummary) -> str:
    """'Rejected 3 rows (deals.xlsx: 2, users.csv: 1), written to /x/rejects.csv.'"""
    files = ", ".join(f"{name}: {rows:,}" for name, rows in summary.rejected.items() if rows)
    rows = summary.rows_rejected
    line = f"Rejected {rows:,} row{'' if rows == 1 else 's'}" + (f" ({files})" if files else "")
    if summary.rejects_file:
        return f"{line}, written to {summary.rejects_file}."
    return f"{line}."
