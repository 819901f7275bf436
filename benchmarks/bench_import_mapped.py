"""Import throughput of the mapped importer (`uplift import csv --mapping`), CSV and spreadsheet.

From one generated Salesforce export (cached under benchmarks/data/, git-ignored) the same rows
are written as a mapped export (benchmarks/mapped_export.py: users, accounts, deals, stage
history, activities and contact roles under a CRM's own headers, with a mapping.toml), once as
CSV files and once as one .xlsx workbook with a sheet per file. Each run then measures, each in
a fresh process (start-up included) and into a fresh store:

- `uplift import salesforce` of the generated export (the baseline for the CSV files);
- `uplift import csv --mapping` of the CSV files: the same rows;
- `uplift import csv --mapping` of the workbook;
- python-calamine alone reading the workbook (the baseline for the workbook): open it, iterate
  every row of every sheet, nothing else.

Peak memory is that of the whole process tree (the import and its spreadsheet readers, which
run in processes of their own): the larger of its resident set sampled every 50 ms and the
process's own peak plus its largest child's. Runs
are repeated (`--runs`); the best wall time is reported with the spread of all runs. On a
machine shared with other work each run first waits (`--wait` seconds at most) for the load
average to fall below `--quiet-load`.

    .venv/bin/python -m benchmarks.bench_import_mapped [--reps 700] [--months 24] [--runs 3]
        [--xlsx-reps N] [--no-xlsx] [--quiet-load 1.0] [--wait 300] [--record]

The default size, 700 reps over 24 months, is 1.7 million rows (130,000 deals, 810,000
activities); the workbook (58 MB) holds the same rows, its largest sheet 810,000 of them.

Goals: the mapped CSV import at 300,000 rows/s or more; the workbook's import no slower than
calamine alone reading it; every peak under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.mapped_export import (
    FILES,
    MAPPING,
    WORKBOOK,
    XLSX_MAPPING,
    mapped_from_salesforce,
)
from benchmarks.record import record
from uplift.synthetic import generate_export

DATA = Path(__file__).resolve().parent / "data"

# Runs a command in this process (an `uplift` one, or the reader alone) and reports on stderr its
# wall time (after start-up, for the reader) and the peak resident sets of itself and of its
# largest child.
MEASURE = (
    "import resource, sys, time\n"
    "began = time.perf_counter()\n"
    "code = 0\n"
    "if sys.argv[1] == 'calamine':\n"
    "    from python_calamine import CalamineWorkbook\n"
    "    began = time.perf_counter()\n"
    "    rows = 0\n"
    "    with CalamineWorkbook.from_path(sys.argv[2]) as book:\n"
    "        for name in book.sheet_names:\n"
    "            for _ in book.get_sheet_by_name(name).iter_rows():\n"
    "                rows += 1\n"
    "    print(rows)\n"
    "else:\n"
    "    from uplift.cli import main\n"
    "    try:\n"
    "        main(sys.argv[1:])\n"
    "    except SystemExit as exit_:\n"
    "        code = exit_.code or 0\n"
    "seconds = time.perf_counter() - began\n"
    "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'MEASURED={seconds} {own} {child}\\n')\n"
    "sys.exit(code)\n"
)


@dataclass
class Measured:
    label: str
    walls: list[float] = field(default_factory=list)  # the whole process, start-up included
    inner: list[float] = field(default_factory=list)  # after start-up
    peaks_kb: list[int] = field(default_factory=list)  # own + largest child
    rows: int = 0

    @property
    def best(self) -> float:
        return min(self.walls)

    def spread(self) -> str:
        return f"{min(self.walls):.1f} to {max(self.walls):.1f} s"


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(pid: int) -> int:
    """The resident set of a process and all its descendants, now (0 once it has ended)."""
    total, stack = 0, [pid]
    while stack:
        process = stack.pop()
        try:
            total += int(Path(f"/proc/{process}/statm").read_text().split()[1]) * PAGE_KB
            for task in Path(f"/proc/{process}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_measured(home: Path | None, *argv: str) -> tuple[float, float, int, str]:
    """(wall seconds, seconds after start-up, peak KB, stdout) of one command. The peak is the
    larger of the process tree's resident set sampled every 50 ms (the import and its readers,
    together) and the process's own peak plus its largest child's (which a sample may miss)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if home is not None:
        env["UPLIFT_HOME"] = str(home)
    began = time.perf_counter()
    with subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", MEASURE, *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        peaks: list[int] = []
        sampler = threading.Thread(target=_sample, args=(process, peaks), daemon=True)
        sampler.start()
        out, err = process.communicate()
        sampler.join()
        sampled = max(peaks, default=0)
    wall = time.perf_counter() - began
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{err[-3000:]}")
    seconds, own, child = err.rsplit("MEASURED=", 1)[1].split()[:3]
    return wall, float(seconds), max(sampled, int(own) + int(child)), out


def _sample(process: subprocess.Popen[str], peaks: list[int]) -> None:
    while process.poll() is None:
        peaks.append(tree_rss_kb(process.pid))
        time.sleep(0.05)


def _exports(reps: int, months: int, *, workbook: bool) -> tuple[Path, Path]:
    salesforce = DATA / f"salesforce-{reps}x{months}"
    if not (salesforce / "truth.json").exists():
        print(f"generating {salesforce} …", flush=True)
        generate_export(salesforce, reps=reps, months=months, seed=1)
    mapped = DATA / f"mapped-{reps}x{months}"
    wanted = mapped / (XLSX_MAPPING if workbook else MAPPING)
    if not wanted.exists():
        print(f"writing {mapped} …", flush=True)
        mapped_from_salesforce(salesforce, mapped, workbook=workbook)
    return salesforce, mapped


def _fresh_home(template: Path) -> Path:
    home = Path(tempfile.mkdtemp(prefix="uplift-bench-mapped-"))
    shutil.rmtree(home)
    shutil.copytree(template, home)
    return home


def _import(measured: Measured, template: Path, *argv: str) -> dict[str, object]:
    home = _fresh_home(template)
    try:
        wall, inner, peak, out = run_measured(home, "import", *argv, "--json")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    measured.walls.append(wall)
    measured.inner.append(inner)
    measured.peaks_kb.append(peak)
    summary: dict[str, object] = json.loads(out)
    measured.rows = int(summary["rows_read"])  # type: ignore[call-overload]
    return summary


def _counts(summary: dict[str, object]) -> dict[str, int]:
    entities = summary["entities"]
    if not isinstance(entities, list):
        raise TypeError("the import summary has no entities")
    return {str(e["entity"]): int(e["read"]) for e in entities}


def _row(m: Measured, note: str = "") -> str:
    rate = f"{m.rows / m.best:,.0f}" if m.rows else ""
    peak = max(m.peaks_kb) / 2**20
    return (
        f"| {m.label} | {m.best:.1f} s | {m.spread()} | {min(m.inner):.1f} s | {rate} "
        f"| {peak:.2f} GB |{note}"
    )


def _quiet(below: float, wait: float) -> float:
    """Wait (at most `wait` seconds) for the 1-minute load average to fall below `below`;
    returns the load average when the run starts."""
    until = time.monotonic() + wait
    while os.getloadavg()[0] >= below and time.monotonic() < until:
        time.sleep(5)
    return os.getloadavg()[0]


@dataclass
class Results:
    sf: Measured
    csv: Measured
    xlsx: Measured
    reader: Measured
    counts: dict[str, int]
    loads: list[float]


def _measure(
    args: argparse.Namespace, salesforce: Path, mapped: Path, book: Path | None
) -> Results:
    template = Path(tempfile.mkdtemp(prefix="uplift-bench-mapped-template-"))
    env = {**os.environ, "UPLIFT_HOME": str(template), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("UPLIFT_ANALYTICS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "uplift.cli", "init"], env=env, check=True, capture_output=True
    )
    found = Results(
        Measured("`import salesforce`, CSV"),
        Measured("`import csv --mapping`, CSV files"),
        Measured("`import csv --mapping`, .xlsx workbook"),
        Measured("python-calamine alone reading the workbook"),
        {},
        [],
    )
    try:
        for run in range(args.runs):
            found.loads.append(_quiet(args.quiet_load, args.wait))
            sf_counts = _counts(_import(found.sf, template, "salesforce", str(salesforce)))
            mapping = str(mapped / MAPPING)
            found.counts = _counts(_import(found.csv, template, "csv", "--mapping", mapping))
            if found.counts != sf_counts:
                raise RuntimeError(f"the rows differ: {found.counts} vs {sf_counts}")
            if book is not None:
                _import(found.xlsx, template, "csv", "--mapping", str(book.parent / XLSX_MAPPING))
                wall, inner, peak, out = run_measured(None, "calamine", str(book))
                found.reader.walls.append(wall)
                found.reader.inner.append(inner)
                found.reader.peaks_kb.append(peak)
                found.reader.rows = int(out.split()[0]) - len(FILES)  # less the header rows
            print(f"run {run + 1} of {args.runs} done (load {found.loads[-1]:.1f})", flush=True)
    finally:
        shutil.rmtree(template, ignore_errors=True)
    return found


def _report(args: argparse.Namespace, found: Results, mapped: Path, book: Path | None) -> str:
    sf, csv, xlsx, reader = found.sf, found.csv, found.xlsx, found.reader
    csv_mb = sum(p.stat().st_size for p in mapped.glob("*.csv")) / 2**20
    lines = [
        "| entity | rows |",
        "|---|---:|",
        *(f"| {entity} | {rows:,} |" for entity, rows in found.counts.items()),
        "",
        "| run | best wall time | spread | after start-up | rows/s | peak memory |",
        "|---|---:|---:|---:|---:|---:|",
        _row(sf),
        _row(csv),
    ]
    if book is not None:
        lines += [_row(xlsx), _row(reader)]
    lines += [
        "",
        (
            f"The mapped CSV import runs at {csv.rows / csv.best:,.0f} rows/s, "
            f"{sf.best / csv.best:.2f}x the speed of the Salesforce import of the same rows."
        ),
    ]
    if book is not None:
        lines.append(
            f"The workbook ({book.stat().st_size / 2**20:,.0f} MB, {reader.rows:,} rows in "
            f"{len(FILES)} sheets) imports in {xlsx.best / reader.best:.2f}x the time calamine "
            "alone takes to read it (whole processes, start-up included)."
        )
    xlsx_reps = args.xlsx_reps or args.reps
    workbook = (
        "the same rows as one .xlsx workbook"
        if xlsx_reps == args.reps
        else f"a smaller organisation ({xlsx_reps:,} reps) as one .xlsx workbook"
    )
    loads = ", ".join(f"{x:.1f}" for x in found.loads)
    return (
        f"A synthetic organisation ({args.reps:,} reps x {args.months} months, generated as a "
        f"Salesforce export) written as a mapped export: {csv_mb:,.0f} MB of CSV in "
        f"{len(FILES)} files, {csv.rows:,} rows, and {workbook} of {len(FILES)} sheets "
        f"(`benchmarks/bench_import_mapped.py`). Each import runs {args.runs} times in a fresh "
        "process into a fresh embedded DuckDB store (start-up included); the best wall time is "
        "shown with the spread of the runs. Peak memory is the whole process tree's (the "
        "import and its spreadsheet readers). Load average (1 minute) at the start of each run: "
        f"{loads} (the imports keep about 2 busy; more means other work shared the cores)."
        "\n\n" + "\n".join(lines)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=700)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--xlsx-reps", type=int, default=None, help="a smaller workbook")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-xlsx", action="store_true")
    parser.add_argument(
        "--quiet-load", type=float, default=1.0, help="start a run once the load is below this"
    )
    parser.add_argument("--wait", type=float, default=300, help="seconds to wait for it, at most")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()

    xlsx_reps = args.xlsx_reps or args.reps
    salesforce, mapped = _exports(args.reps, args.months, workbook=xlsx_reps == args.reps)
    book = None
    if not args.no_xlsx:
        _, book_folder = _exports(xlsx_reps, args.months, workbook=True)
        book = book_folder / WORKBOOK
    found = _measure(args, salesforce, mapped, book)
    body = _report(args, found, mapped, book)
    print(body)
    if args.record:
        record("import-mapped", "Import throughput: mapped CSV files and spreadsheets", body)


if __name__ == "__main__":
    main()
