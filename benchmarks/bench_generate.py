"""Throughput of `uplift generate`: a synthetic Salesforce export of N reps over M months.

Writes into a throw-away directory (or --directory), then prints wall time, rows, rows per
second, bytes written and the peak memory of the writing process. The generator must finish
10,000 reps x 24 months within a few minutes on 2 cores.

    .venv/bin/python -m benchmarks.bench_generate [--reps 10000] [--months 24] [--workers N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from uplift.synthetic import generate_export


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="processes simulating batches")
    parser.add_argument("--directory", type=Path, default=None, help="keep the export here")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()

    directory = args.directory or Path(tempfile.mkdtemp(prefix="uplift-bench-generate-"))
    try:
        began = time.perf_counter()
        summary = generate_export(
            directory, reps=args.reps, months=args.months, seed=args.seed, workers=args.workers
        )
        seconds = time.perf_counter() - began
        written = sum(path.stat().st_size for path in directory.iterdir())
    finally:
        if args.directory is None:
            shutil.rmtree(directory, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    headline = (
        f"{args.reps:,} reps x {args.months} months, seed {args.seed}: "
        f"{summary.total_rows:,} rows, {written / 1e9:.2f} GB in {seconds:.1f} s"
    )
    rates = (
        f"{summary.total_rows / seconds:,.0f} rows/s, {written / 1e6 / seconds:.0f} MB/s; "
        f"peak memory {peak_mb:.0f} MB (writer), {children_peak_mb:.0f} MB (largest worker)"
    )
    lines = [
        headline,
        rates,
        "",
        "| file | rows |",
        "|---|---:|",
        *(f"| {name} | {rows:,} |" for name, rows in summary.row_counts.items()),
    ]
    print("\n".join(lines))
    if args.record:
        from benchmarks.record import record

        record("generate", "Synthetic export generation (`uplift generate`)", "\n".join(lines))


if __name__ == "__main__":
    main()
