"""How `uplift generate` reports progress and its summary: a live bar on a terminal, plain lines
(at most one per tenth of the work) in logs and pipes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from uplift.synthetic.export import GenerationSummary

ProgressCallback = Callable[[str, int, int], None]
STAGE_LABELS = {"reps": "Simulating reps"}


@contextmanager
def generation_progress(*, interactive: bool) -> Iterator[ProgressCallback]:
    if interactive:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskID,
            TimeElapsedColumn,
        )

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGE_LABELS.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            yield update
        return

    reported: dict[str, int] = {}

    def print_line(stage: str, done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if reported.get(stage) == tenth:
            return
        reported[stage] = tenth
        click.echo(f"generate: {STAGE_LABELS.get(stage, stage).lower()}: {done}/{total}")

    yield print_line


def print_generation_summary(summary: GenerationSummary) -> None:
    click.echo(
        f"Wrote {summary.directory}: {summary.reps} reps, {summary.months} months "
        f"({summary.start} to {summary.end}), seed {summary.seed}, "
        f"in {summary.seconds:.1f} s."
    )
    width = max(len(name) for name in summary.files)
    for name in summary.files:
        rows = summary.row_counts.get(name)
        detail = f"{rows:>12,} rows" if rows is not None else "  the planted truth"
        click.echo(f"  {name:<{width}}  {detail}")
    click.echo(f"  {'total':<{width}}  {summary.total_rows:>12,} rows")
