"""Exports not built like our generator, run as a person would: `uplift import csv --mapping`,
`uplift analyze`, `uplift report … --json`, on the embedded stores (SQLite and DuckDB).

What a sales leader expects from them (see `tests/realistic_exports.py` for what is planted):
the B2B giant who books the most is a star, the gap is measured on bookings, metrics the export
has no data for are null, every rep is in the team built from the manager chain; in the B2C
export a newcomer with 5 wins out of 31 is not the top star.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.realistic_exports import WrittenExport, write_b2b_export, write_b2c_export

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

UPLIFT = [sys.executable, "-m", "uplift.cli"]
# The B2B export has no activities and no quotas: these metrics have no source data.
WITHOUT_SOURCE_DATA = (
    "calls_per_opportunity",
    "meetings_per_opportunity",
    "emails_per_opportunity",
    "quota_attainment",
    "attainment",
)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(  # noqa: S603
        [*UPLIFT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"uplift {' '.join(args)} failed:\n{result.stderr}"
    return result


@dataclass(frozen=True)
class Analysed:
    export: WrittenExport
    summary: dict[str, Any]
    segments: dict[str, Any]
    gap: dict[str, Any]
    scorecards: dict[str, Any]

    def ranked(self, rep_id: str) -> dict[str, Any]:
        return next(r for r in self.segments["reps"] if r["rep_id"] == rep_id)


@pytest.fixture(scope="module")
def empty_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    run(home, "init")
    return home


def import_and_analyse(
    empty_home: Path, directory: Path, write: Callable[[Path], WrittenExport]
) -> Analysed:
    home = directory / "home"
    shutil.copytree(empty_home, home)
    export = write(directory / "export")
    imported = run(home, "import", "csv", "--mapping", str(export.mapping), "--json")
    run(home, "analyze")
    reports = {
        name: json.loads(run(home, "report", name, "--json").stdout)
        for name in ("segments", "gap", "scorecards")
    }
    return Analysed(export, json.loads(imported.stdout), **reports)


@pytest.fixture(scope="module")
def b2b(empty_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    return import_and_analyse(empty_home, tmp_path_factory.mktemp("b2b"), write_b2b_export)


@pytest.fixture(scope="module")
def b2c(empty_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    return import_and_analyse(empty_home, tmp_path_factory.mktemp("b2c"), write_b2c_export)


def read(summary: dict[str, Any]) -> dict[str, int]:
    return {e["entity"]: e["read"] for e in summary["entities"]}


def assert_scorecards_match_the_export(analysed: Analysed) -> None:
    """Every rep's closed and won deals and bookings are exactly those the export holds."""
    cards = {r["rep_id"]: r for r in analysed.scorecards["reps"]}
    for rep in analysed.export.reps:
        card = cards[rep.rep_id]
        got = (card["deals_closed"], card["deals_won"], card["bookings_cents"])
        assert got == (rep.closed, rep.won, rep.bookings_cents), rep.name


# B2B ----------------------------------------------------------------------------------------


def test_b2b_imports_every_row_and_the_numbers_are_the_exports(b2b: Analysed) -> None:
    assert read(b2b.summary) == {"reps": 41, "accounts": 86, "opportunities": 8800}
    assert b2b.summary["missing_references"] == []
    assert b2b.summary["people"]["teams"] == 6
    assert_scorecards_match_the_export(b2b)
    # The giant, four times the median volume at an average win rate, books the most.
    assert b2b.export.facts["top_booker"] == b2b.export.facts["giant"]


def test_b2b_every_rep_is_in_the_team_built_from_the_manager_chain(b2b: Analysed) -> None:
    expected = {rep.rep_id: rep.team for rep in b2b.export.reps}
    assert {r["rep_id"]: r["team"] for r in b2b.segments["reps"]} == expected
    cards = {r["rep_id"]: r["team"] for r in b2b.scorecards["reps"]}
    assert {rep: cards[rep] for rep in expected} == expected


def test_b2b_metrics_without_source_data_are_null_never_zero(b2b: Analysed) -> None:
    rows = [*b2b.segments["reps"], *b2b.scorecards["reps"]]
    rows += b2b.scorecards.get("monthly", []) + b2b.scorecards.get("quarterly", [])
    for row in rows:
        for metric in WITHOUT_SOURCE_DATA:
            assert row.get(metric) is None, (metric, row.get("rep_id"))
    for entry in b2b.gap["metrics"]:
        if entry["metric"] in WITHOUT_SOURCE_DATA:
            assert (entry["star"], entry["core"], entry["gap_pct"]) == (None, None, None), entry
            assert not any(entry.get("ci") or []), entry


def test_b2b_contacts_per_opportunity_is_null_without_contact_roles(b2b: Analysed) -> None:
    for row in b2b.scorecards["reps"]:
        assert row.get("contacts_per_opportunity") is None, row["rep_id"]
    contacts = [m for m in b2b.gap["metrics"] if m["metric"] == "contacts_per_opportunity"]
    assert all(m["star"] is None and m["core"] is None for m in contacts)


def test_b2b_the_top_booker_is_a_star(b2b: Analysed) -> None:
    top = b2b.ranked(b2b.export.facts["top_booker"])
    assert top["segment"] == "star"
    assert top["p_star"] >= 0.9


def test_b2b_the_gap_is_measured_on_bookings_with_an_interval(b2b: Analysed) -> None:
    assert b2b.gap["primary_metric"] == "bookings"
    assert b2b.segments["metric"] == "bookings"
    bookings = next(m for m in b2b.gap["metrics"] if m["metric"] == "bookings")
    assert bookings["star"] > bookings["core"]
    low, high = bookings["ci"]
    assert 0 < low <= bookings["gap_pct"] <= high


# B2C ----------------------------------------------------------------------------------------


def test_b2c_imports_us_dates_and_dollar_amounts(b2c: Analysed) -> None:
    assert read(b2c.summary) == {"reps": 30, "opportunities": b2c.export.opportunities}
    assert b2c.summary["missing_references"] == []
    assert_scorecards_match_the_export(b2c)


def test_b2c_every_owner_is_in_their_supervisors_team(b2c: Analysed) -> None:
    expected = {rep.rep_id: rep.team for rep in b2c.export.reps}
    listed = [*b2c.segments["reps"], *b2c.segments["excluded"]]
    found = {r["rep_id"]: r["team"] for r in listed if r["rep_id"] in expected}
    assert found == expected


def test_b2c_five_wins_out_of_31_do_not_make_the_top_star(b2c: Analysed) -> None:
    """The owner with 31 closed deals joined weeks before the export ends: she is not ranked
    against a ramp baseline on a few weeks, and says so, instead of topping the stars."""
    small = b2c.export.facts["small_owner"]
    excluded = {r["rep_id"]: r for r in b2c.segments["excluded"]}
    assert excluded[small]["reason"] == "too_new"
    assert "months of the window" in excluded[small]["detail"]
    best = b2c.segments["reps"][0]
    assert best["rep_id"] != small
    assert best["n"] >= 100
