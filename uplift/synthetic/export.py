"""`generate_export`: write the whole synthetic Salesforce export and its truth file."""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import numpy.typing as npt

from uplift.synthetic.accounts import ACCOUNT_COLUMNS
from uplift.synthetic.activity_rows import CONTACT_ROLE_COLUMNS, EVENT_COLUMNS, TASK_COLUMNS
from uplift.synthetic.batch import BatchOutput, batch_run
from uplift.synthetic.deal_rows import HISTORY_COLUMNS, OPPORTUNITY_COLUMNS
from uplift.synthetic.model import DEFAULT_PARAMETERS, ModelParameters
from uplift.synthetic.people import organisation_build
from uplift.synthetic.practices import practices_plan
from uplift.synthetic.reps import RepBatch, random_stream, rep_batches
from uplift.synthetic.timeline import build_timeline, months_before
from uplift.synthetic.truth import truth_build
from uplift.synthetic.user_rows import (
    ADOPTION_COLUMNS,
    USER_COLUMNS,
    adoption_lines,
    users_render,
)
from uplift.synthetic.writer import BOM, CsvFiles, header_line

# A fixed default, not "last month": the same seed must give the same files on any day.
DEFAULT_END = date(2026, 10, 31)
ADOPTIONS_FILE = "adoptions.csv"
TRUTH_FILE = "truth.json"
CSV_HEADERS: dict[str, Sequence[str]] = {
    "User.csv": USER_COLUMNS,
    "Account.csv": ACCOUNT_COLUMNS,
    "Opportunity.csv": OPPORTUNITY_COLUMNS,
    "OpportunityHistory.csv": HISTORY_COLUMNS,
    "Task.csv": TASK_COLUMNS,
    "Event.csv": EVENT_COLUMNS,
    "OpportunityContactRole.csv": CONTACT_ROLE_COLUMNS,
}

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class GenerationSummary:
    directory: Path
    row_counts: dict[str, int]  # CSV file name -> data rows (header excluded)
    files: tuple[str, ...]  # every file written, CSVs first, then truth.json
    seed: int
    reps: int
    months: int
    start: date
    end: date
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


def _outputs_in_order(batches: list[RepBatch], workers: int) -> Iterator[BatchOutput]:
    """Batch outputs in batch order; a bounded number in flight keeps memory flat."""
    if workers <= 1:
        yield from map(batch_run, batches)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending: deque[Future[BatchOutput]] = deque()
        upcoming = iter(batches)
        for batch in upcoming:
            pending.append(pool.submit(batch_run, batch))
            if len(pending) >= 2 * workers:
                break
        while pending:
            output = pending.popleft().result()
            next_batch = next(upcoming, None)
            if next_batch is not None:
                pending.append(pool.submit(batch_run, next_batch))
            yield output


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress goes nowhere unless someone listens."""


def generate_export(
    directory: Path,
    *,
    reps: int = 120,
    months: int = 18,
    seed: int = 7,
    end: date | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    params: ModelParameters = DEFAULT_PARAMETERS,
) -> GenerationSummary:
    """Write a synthetic Salesforce export of `reps` reps over `months` months ending on `end`.

    The same arguments always give byte-identical files, whatever `workers` is. With
    `workers` above 1 batches are simulated in that many spawned processes (the calling
    script needs the usual `if __name__ == "__main__":` guard); one process is the default
    because shipping the rendered rows between processes costs about as much CPU as it saves
    on two cores, and a library should not start processes unasked.
    """
    if reps < 1 or months < 1:
        raise ValueError("an export needs at least one rep and one month")
    began = time.perf_counter()
    report = progress or _no_progress
    end = end or DEFAULT_END
    start = months_before(end, months - 1)
    timeline = build_timeline(start=start, end=end, warmup_months=params.warmup_months)
    org = organisation_build(
        reps=reps, timeline=timeline, params=params, rng=random_stream(seed, 0)
    )
    plan = practices_plan(
        reps=org.reps, timeline=timeline, months=months, params=params, rng=random_stream(seed, 1)
    )
    batches = rep_batches(
        reps=org.reps, adoption_day=plan.adoption_day, seed=seed, params=params, timeline=timeline
    )
    directory.mkdir(parents=True, exist_ok=True)
    stats: dict[str, list[npt.NDArray[np.float64]]] = {}
    with CsvFiles(directory, CSV_HEADERS) as files:
        users = users_render(
            org.users,
            short_own=params.short_id_fraction_own,
            short_reference=params.short_id_fraction_reference,
            rng=random_stream(seed, 3),
        )
        files.append("User.csv", users, len(org.users))
        # Former reps missing from User.csv are simulated last; progress counts the real ones.
        report("reps", 0, reps)
        done = 0
        for output in _outputs_in_order(batches, workers):
            for name, (lines, rows) in output.chunks.items():
                files.append(name, lines, rows)
            for key, values in output.stats.items():
                stats.setdefault(key, []).append(values)
            done += len(batches[output.index])
            report("reps", min(done, reps), reps)
        row_counts = dict(files.rows)

    adoptions = [
        (org.reps.email[a.rep], params.practices[a.practice].name, a.adopted_on.isoformat())
        for a in plan.adoptions
    ]
    (directory / ADOPTIONS_FILE).write_bytes(
        BOM + header_line(ADOPTION_COLUMNS) + adoption_lines(adoptions)
    )
    row_counts[ADOPTIONS_FILE] = len(adoptions)
    truth = truth_build(
        seed=seed,
        months=months,
        timeline=timeline,
        org=org,
        plan=plan,
        params=params,
        stats={key: np.concatenate(parts) for key, parts in stats.items()},
        row_counts=row_counts,
    )
    (directory / TRUTH_FILE).write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n")
    return GenerationSummary(
        directory=directory,
        row_counts=row_counts,
        files=(*row_counts, TRUTH_FILE),
        seed=seed,
        reps=reps,
        months=months,
        start=start,
        end=end,
        seconds=time.perf_counter() - began,
    )
