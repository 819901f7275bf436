"""How long `uplift report NAME --json` takes on a stored analysis, beside Python's own start-up.

Sets up the demo organisation (`uplift demo --no-serve`) in a throw-away UPLIFT_HOME (or uses
--home), then runs each command in a fresh process several times and keeps the best and median
wall time, the processor time it used (user + system: on a machine shared with other work the
wall time grows with the load, the processor time much less), and which heavy libraries
(scipy, statsmodels, ibis, duckdb, pyarrow, pandas, networkx) the command loaded. The baselines
run the same way: `python -c pass`, `uplift --help` (the command line without Django) and, with
`--baseline REV`, each report as the code of commit REV prints it, on the same stored analysis
in the same run. `python -X importtime` names the modules that cost the most for
`uplift report gap --json`.

    .venv/bin/python -m benchmarks.bench_cli [--home DIR] [--runs 5] [--baseline REV] [--record]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from benchmarks.record import record

REPO = Path(__file__).resolve().parent.parent
UPLIFT = [sys.executable, "-m", "uplift.cli"]
REPORTS = ("scorecards", "segments", "gap", "drivers", "impact", "team-iq", "leaders")
HEAVY = ("scipy", "statsmodels", "ibis", "duckdb", "pyarrow", "pandas", "networkx")
# Prints which heavy libraries the command loaded, after it ran.
WATCH = (
    "import atexit, sys, runpy\n"
    f"atexit.register(lambda: print('HEAVY:' + ','.join(m for m in {HEAVY!r} "
    "if m in sys.modules), file=sys.stderr))\n"
    "sys.argv = ['uplift', *sys.argv[1:]]\n"
    "runpy.run_module('uplift.cli', run_name='__main__')\n"
)


def env_for(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("UPLIFT_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: list[str], env: dict[str, str], runs: int, cwd: Path = REPO
) -> tuple[list[float], list[float], str]:
    """Wall and processor times of `runs` fresh processes (one at a time, so the children's
    processor time grows by that process's alone), and the heavy libraries the last one loaded.
    `cwd` is the code that runs: Python puts it first on the import path."""
    times, cpu, heavy = [], [], ""
    for _ in range(runs):
        cpu_before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            command, env=env, cwd=cwd, capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - cpu_before)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command[2:])} failed:\n{done.stderr[-2000:]}")
        found = re.search(r"HEAVY:(.*)", done.stderr)
        heavy = found[1] if found else ""
    return times, cpu, heavy


def checkout(revision: str) -> Path:
    """The code of `revision` in a temporary folder (git archive), to run as a baseline."""
    folder = Path(tempfile.mkdtemp(prefix="uplift-bench-cli-baseline-"))
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", "--format=tar", revision],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def import_costs(env: dict[str, str], top: int = 8) -> list[tuple[float, str]]:
    """The costliest top-level imports of `uplift report gap --json` (cumulative ms)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "uplift.cli", "report", "gap", "--json"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    costs = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if found:  # a top-level import: no indentation before its name
            costs.append((int(found[1]) / 1000, found[2]))
    return sorted(costs, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=None, help="A demo UPLIFT_HOME to reuse.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--baseline", default=None, help="A commit whose reports run beside, on the same data."
    )
    parser.add_argument("--record", action="store_true", help="Write the result to BENCHMARKS.md.")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="uplift-bench-cli-")) / "home"
    env = env_for(home)
    if args.home is None:
        print(f"Setting up the demo in {home} …", flush=True)
        subprocess.run([*UPLIFT, "demo", "--no-serve"], env=env, cwd=REPO, check=True)  # noqa: S603
    baseline = checkout(args.baseline) if args.baseline else None
    baseline_name = (
        subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", args.baseline],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if args.baseline
        else ""
    )
    load_before = os.getloadavg()[0]
    watched = [sys.executable, "-c", WATCH]
    commands: list[tuple[str, list[str], Path]] = [
        ("`python -c pass` (baseline)", [sys.executable, "-c", "pass"], REPO),
        ("`uplift --help` (baseline)", [*watched, "--help"], REPO),
    ]
    for name in REPORTS:
        report = [*watched, "report", name, "--json"]
        if baseline is not None:
            commands.append((f"`uplift report {name} --json` at {baseline_name}", report, baseline))
        commands.append((f"`uplift report {name} --json`", report, REPO))
    rows = [
        "| command | best s | median s | processor s (median) | heavy libraries loaded |",
        "|---|---:|---:|---:|---|",
    ]
    for label, command, code in commands:
        times, cpu, heavy = timed(command, env, args.runs, cwd=code)
        rows.append(
            f"| {label} | {min(times):.2f} | {statistics.median(times):.2f} | "
            f"{statistics.median(cpu):.2f} | {heavy or 'none'} |"
        )
        print(rows[-1], flush=True)
    load_after = os.getloadavg()[0]
    costs = import_costs(env)
    body = (
        f"Each command in a fresh process, {args.runs} times, on the demo organisation's stored "
        "analysis (SQLite, DuckDB); best and median wall time, and the median processor time "
        "(user + system). Load average (1 minute) "
        f"{load_before:.1f} before and {load_after:.1f} after.\n\n" + "\n".join(rows) + "\n\n"
        "Costliest top-level imports of `uplift report gap --json` (`python -X importtime`, "
        "cumulative): "
        + ", ".join(f"`{name}` {ms:.0f} ms" for ms, name in costs)
        + ".\n\nRun with `python -m benchmarks.bench_cli --record`."
    )
    print(body)
    if args.record:
        record("cli", "The command line's reports", body)


if __name__ == "__main__":
    main()
