"""Import throughput and peak memory: `uplift import salesforce` on a large synthetic export.

Generates the export once (cached under benchmarks/data/, git-ignored), then runs the import in a
fresh process against a throw-away UPLIFT_HOME (embedded DuckDB), and again to time an
idempotent re-import. Peak memory is the importing process's maximum resident set size.

    .venv/bin/python -m benchmarks.bench_import [--reps 5600] [--months 24] [--record]
    .venv/bin/python -m benchmarks.bench_import --source hubspot [--record]

The default size gives about 1,000,000 opportunities and 6,000,000 activities (plus stage
history and contact roles). Goal: at least 300,000 rows/s overall, peak memory under 2 GB.
Afterwards `uplift analyze` runs once on the imported data; its time and peak are reported too.
`--source hubspot` imports the same organisation written as a HubSpot export
(`benchmarks/hubspot_export.py`; HubSpot has no contact roles).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.hubspot_export import hubspot_from_salesforce
from benchmarks.record import record
from uplift.synthetic import generate_export

DATA = Path(__file__).resolve().parent / "data"

# Runs one CLI command in this process and reports its peak memory on stderr.
MEASURE = (
    "import resource, sys\n"
    "from uplift.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exit_:\n"
    "    code = exit_.code or 0\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "sys.stderr.write(f'PEAK_KB={peak}\\n')\n"
    "sys.exit(code)\n"
)


def run_command(home: Path, *argv: str) -> tuple[float, int, str]:
    """(wall seconds, peak KB, standard output) of one `uplift` command in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    began = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE, *argv], env=env, capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - began
    peak_kb = int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0])
    return seconds, peak_kb, done.stdout


def run_import(source: str, export: Path, home: Path) -> tuple[float, int, dict[str, object]]:
    seconds, peak_kb, out = run_command(home, "import", source, str(export), "--json")
    return seconds, peak_kb, json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5_600)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--source", choices=("salesforce", "hubspot"), default="salesforce")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()

    export = DATA / f"salesforce-{args.reps}x{args.months}"
    if not (export / "truth.json").exists():
        print(f"generating {export} …", flush=True)
        generate_export(export, reps=args.reps, months=args.months, seed=1)
    if args.source == "hubspot":
        salesforce, export = export, DATA / f"hubspot-{args.reps}x{args.months}"
        if not (export / "all-deals.csv").exists():
            print(f"writing {export} …", flush=True)
            hubspot_from_salesforce(salesforce, export)
    home = Path(tempfile.mkdtemp(prefix="uplift-bench-import-"))
    env = {**os.environ, "UPLIFT_HOME": str(home), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("UPLIFT_ANALYTICS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "uplift.cli", "init"], env=env, check=True, capture_output=True
    )

    load_before = os.getloadavg()[0]
    first_s, first_kb, summary = run_import(args.source, export, home)
    again_s, again_kb, _ = run_import(args.source, export, home)
    analyse_s, analyse_kb, _ = run_command(home, "analyze")
    load_after = os.getloadavg()[0]
    entities = summary["entities"]
    if not isinstance(entities, list):
        raise TypeError("the import summary has no entities")
    rows = sum(int(e["read"]) for e in entities)
    size_mb = sum(p.stat().st_size for p in export.glob("*.csv")) / 2**20
    lines = [
        "| entity | rows |",
        "|---|---:|",
        *(f"| {e['entity']} | {int(e['read']):,} |" for e in entities),
        "",
        "| run | wall time | rows/s | peak memory |",
        "|---|---:|---:|---:|",
        f"| first import | {first_s:.1f} s | {rows / first_s:,.0f} | {first_kb / 2**20:.2f} GB |",
        (
            f"| re-import (nothing changes) | {again_s:.1f} s | {rows / again_s:,.0f} "
            f"| {again_kb / 2**20:.2f} GB |"
        ),
        "",
        (
            f"Then `uplift analyze` on the imported data (every analysis, stored): "
            f"{analyse_s:.1f} s, peak {analyse_kb / 2**20:.2f} GB."
        ),
    ]
    body = (
        f"`uplift import {args.source}` of a synthetic export ({args.reps:,} reps x {args.months} "
        f"months, {size_mb:,.0f} MB of CSV, {rows:,} rows) into the embedded DuckDB store, in a "
        "fresh process each time (start-up included). Every row is type-checked before anything "
        "is written; the whole import is one transaction. Load average (1 minute) "
        f"{load_before:.1f} before the runs and {load_after:.1f} after (the import itself keeps "
        "about 2 busy; more means other work shared the cores and the figures are a floor)."
        "\n\n" + "\n".join(lines)
    )
    print(body)
    if args.record:
        if args.source == "salesforce":
            record("import", "Import throughput", body)
        else:
            record("import-hubspot", "Import throughput: HubSpot", body)


if __name__ == "__main__":
    main()
