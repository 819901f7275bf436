"""Speed of the whole `uplift analyze`, part by part, on DuckDB and on Spark in local mode.

Uses the canonical tables of `bench_analyze_data` (cached under the temporary directory). Each
engine runs in its own process against a throw-away installation (SQLite application database)
whose one organisation points at the tables: a DuckDB store file built from them once (cached
beside them), or, for Spark, the Parquet files themselves as the store version. The clock runs
from `analysis_run` to its stored snapshots; each part's time and the process's resident memory
(sampled every 50 ms, and its peak from getrusage) are reported, beside the hand-written DuckDB
SQL and pandas scorecards of `bench_analyze` measured in the same run.

    .venv/bin/python -m benchmarks.bench_analyze_whole [--reps N] [--opportunities N]
        [--activities N] [--engines duckdb,spark] [--baselines sql,pandas] [--record]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_analyze import measure as measure_baseline
from benchmarks.bench_analyze_data import AS_OF, dataset

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("duckdb", "spark")
BASELINES = ("sql", "pandas")


class MemorySampler(threading.Thread):
    """The process's resident set size, sampled; the highest seen since the last `mark`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.highest = 0
        self.stopped = threading.Event()

    @staticmethod
    def resident() -> int:
        with Path("/proc/self/statm").open() as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            self.highest = max(self.highest, self.resident())

    def mark(self) -> int:
        """The highest resident size since the previous mark (bytes), and start again."""
        highest, self.highest = max(self.highest, self.resident()), 0
        return highest


def _duckdb_store(data: Path) -> Path:
    """The tables as an Uplift DuckDB store, built once beside the Parquet files."""
    import duckdb

    from uplift.analytics.spark_store import spark_version_load

    path = data / "store.duckdb"
    if not path.exists():
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        with duckdb.connect(str(building)) as duck:
            spark_version_load(duck, data)
            duck.execute("CHECKPOINT")
        building.rename(path)
    return path


def run_whole(engine: str, data: Path, out: Path) -> None:
    """In this process: an installation whose organisation reads `data`; `analysis_run` timed."""
    home = Path(tempfile.mkdtemp(prefix="uplift-bench-whole-"))
    os.environ.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.pop("DATABASE_URL", None)
    if engine == "spark":
        os.environ["UPLIFT_ANALYTICS_URL"] = f"spark://{home / 'spark'}?master=local[2]"
    else:
        os.environ["UPLIFT_ANALYTICS_URL"] = f"duckdb://{home / 'analytics.duckdb'}"
        store = _duckdb_store(data)
    import django

    django.setup()
    from django.core.management import call_command

    from uplift.analytics.versions import version_new
    from uplift.orgs.analytics_stores import organisation_store_switch, organisation_stores
    from uplift.orgs.services import organisation_get_or_create
    from uplift.pipeline.services import analysis_run

    call_command("migrate", interactive=False, verbosity=0)
    organisation = organisation_get_or_create(name="Benchmark", slug="benchmark")
    stores, version = organisation_stores(organisation), version_new()
    stores.folder.mkdir(parents=True, exist_ok=True)
    if engine == "spark":
        (stores.folder / version).symlink_to(data, target_is_directory=True)
    else:
        (stores.folder / f"{version}.duckdb").symlink_to(store)
    organisation_store_switch(organisation=organisation, version=version)

    sampler = MemorySampler()
    sampler.start()
    parts: list[dict[str, Any]] = []
    current: list[tuple[str, float]] = []  # the step under way: its title and start

    def step(title: str, _done: int, _total: int) -> None:
        now, peak = time.perf_counter(), sampler.mark() / 2**20
        if current:
            (previous, started) = current.pop()
            parts.append({"part": previous, "seconds": now - started, "peak_mb": peak})
        current.append((title, now))

    began = time.perf_counter()
    run = analysis_run(organisation=organisation, as_of=AS_OF, progress=step)
    seconds = time.perf_counter() - began
    sampler.stopped.set()
    from uplift.insights.snapshots.store import SnapshotKind, snapshot_json

    segments = snapshot_json(run=run, kind=SnapshotKind.SEGMENTS) or {}
    report = {
        "seconds": seconds,
        "parts": parts,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ranked": len(segments.get("reps", [])),
    }
    out.write_text(json.dumps(report))


def measure_whole(engine: str, data: Path, work: Path) -> dict[str, Any]:
    out = work / f"whole-{engine}.json"
    command = [sys.executable, "-m", "benchmarks.bench_analyze_whole", "--engine", engine]
    command += ["--data", str(data), "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603
    result: dict[str, Any] = json.loads(out.read_text())
    return result


LABELS = {
    "Connecting to the analytics store": "connecting to the store",
    "Scorecards, stars, gap and trend": "performance: scorecards, stars, gap, trend",
    "Storing the results": "storing the snapshots",
}


def report(args: argparse.Namespace, path: Path, results: dict[str, dict[str, Any]]) -> str:
    size = sum(p.stat().st_size for p in path.glob("*.parquet")) / 1e9
    engines = [e for e in ENGINES if e in results]
    lines = [
        (
            f"{args.reps:,} reps, {args.opportunities:,} opportunities, {args.activities:,} "
            f"activities ({size:.2f} GB of Parquet). The whole `uplift analyze` (every part, "
            "snapshots stored in SQLite) in its own process per engine, once; load average "
            f"{args.load_before:.1f} before and {os.getloadavg()[0]:.1f} after (2 cores shared "
            "with other work: read every figure as a floor). The organisation has no people, "
            "practices or adoptions in the application database, so the impact, credit, habits "
            "and future-leaders parts only read the CRM tables and find nothing to estimate."
        ),
        "",
        "| part | " + " | ".join(f"{e} s | {e} peak MB" for e in engines) + " |",
        "|---|" + "---:|---:|" * len(engines),
    ]
    titles = [p["part"] for p in results[engines[0]]["parts"]] if engines else []
    for title in titles:
        cells = []
        for engine in engines:
            part = next((p for p in results[engine]["parts"] if p["part"] == title), None)
            cells += [f"{part['seconds']:.1f}", f"{part['peak_mb']:,.0f}"] if part else ["-", "-"]
        lines.append(f"| {LABELS.get(title, title)} | " + " | ".join(cells) + " |")
    totals = []
    for engine in engines:
        totals += [
            f"**{results[engine]['seconds']:.1f}**",
            f"**{results[engine]['peak_mb']:,.0f}**",
        ]
    lines.append("| **whole analyze** | " + " | ".join(totals) + " |")
    baselines = [b for b in BASELINES if b in results]
    if baselines:
        lines += [
            "",
            "Baselines in the same run (per-rep scorecards of the trailing 12 months only):",
        ]
        names = {"sql": "hand-written DuckDB SQL", "pandas": "pandas"}
        for name in baselines:
            r = results[name]
            lines.append(f"- {names[name]}: {r['seconds']:.1f} s, peak {r['peak_mb']:,.0f} MB")
    if "sql" in results:
        # On shared cores the absolute times stretch with the load; the ratio to the hand-written
        # query measured in the same run stretches much less.
        sql = results["sql"]["seconds"]
        ratios = ", ".join(f"{e} {results[e]['seconds'] / sql:.1f}x" for e in engines)
        lines += ["", f"The whole analyze against the hand-written scorecard query: {ratios}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=10_000_000)
    parser.add_argument("--activities", type=int, default=50_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--baselines", default=",".join(BASELINES))
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        run_whole(args.engine, args.data, args.out)
        return
    args.load_before = os.getloadavg()[0]
    path = dataset(args.reps, args.opportunities, args.activities, args.seed)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="uplift-bench-whole-") as work:
        for name in filter(None, args.baselines.split(",")):
            results[name] = measure_baseline(name, path, Path(work), 1)
            results[name].pop("table", None)
        for engine in filter(None, args.engines.split(",")):
            results[engine] = measure_whole(engine, path, Path(work))
    print(json.dumps(results, indent=2))
    body = report(args, path, results)
    print(body)
    if args.record:
        from benchmarks.record import record

        record(
            f"analyze-whole-{args.opportunities}",
            f"the whole analyze at {args.opportunities:,} opportunities",
            body,
        )


if __name__ == "__main__":
    main()
