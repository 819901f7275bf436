"""`uplift report NAME` reads a stored analysis: its process loads neither the analytics engine
nor the statistics that computed it (docs/performance.md, "The command line loads what it
needs"). Checked by the modules a real process holds once it has printed, not by its time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

UPLIFT = [sys.executable, "-m", "uplift.cli"]
# Libraries that computing an analysis needs and printing a stored one does not.
HEAVY = ("scipy", "statsmodels", "networkx", "ibis", "duckdb", "pyarrow", "pandas", "polars")
# Every report read from the stored analysis. `initiative` is read live from the records: it
# computes its gap closure's interval (scipy) as it prints.
STORED_REPORTS = (
    "scorecards",
    "segments",
    "gap",
    "drivers",
    "impact",
    "team-iq",
    "leaders",
    "star-profiles",
    "credit",
)
# Runs `uplift` with the arguments given and, as the process ends (click exits), names the
# heavy libraries it loaded on stderr.
REPORT_THEN_NAME_LOADED = (
    "import runpy, sys\n"
    "sys.argv = ['uplift', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('uplift.cli', run_name='__main__')\n"
    "finally:\n"
    f"    loaded = [name for name in {HEAVY!r} if name in sys.modules]\n"
    "    print('LOADED:' + ','.join(loaded), file=sys.stderr)\n"
)


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    return env


def uplift(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603
        [*UPLIFT, *args],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"uplift {' '.join(args)}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installation with a small generated export imported and analysed."""
    home = tmp_path_factory.mktemp("home")
    export = tmp_path_factory.mktemp("export")
    small = ("--reps", "30", "--months", "12", "--seed", "5", "--force")
    uplift(home, "generate", str(export), *small)
    uplift(home, "init")
    uplift(home, "import", "salesforce", str(export))
    uplift(home, "analyze")
    return home


def report_loading(home: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", REPORT_THEN_NAME_LOADED, "report", *args],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED:"))
    return done, set(filter(None, line.removeprefix("LOADED:").split(",")))


@pytest.mark.parametrize("name", STORED_REPORTS)
def test_a_stored_report_as_json_loads_no_engine_and_no_statistics(
    analysed: Path, name: str
) -> None:
    done, loaded = report_loading(analysed, name, "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)  # the document itself, printed whole
    assert loaded == set(), f"`uplift report {name} --json` loaded {sorted(loaded)}"


def test_a_stored_report_as_a_table_loads_no_engine_and_no_statistics(analysed: Path) -> None:
    done, loaded = report_loading(analysed, "gap")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "gap" in done.stdout.lower()
    assert loaded == set()


def test_the_check_sees_what_an_analysis_loads(analysed: Path) -> None:
    """The same watch on `uplift report gap --as-of` a day not analysed yet, which analyses
    first: the engine and the statistics are there, so an empty set above means they were not
    loaded, not that the watch is blind."""
    done, loaded = report_loading(analysed, "gap", "--json", "--as-of", "2020-01-31")
    assert {"ibis", "scipy"} <= loaded, done.stderr[-3000:]
