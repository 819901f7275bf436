"""`uplift import roster --skip-invalid --rejects FILE`: the valid rows are imported, every row left
out is written as the roster had it with its file, row, column and reason, a repeated address
keeps its last copy, the summary counts the rejected rows, and the run is in the import history.
Without the flag a roster stays all or nothing."""

from __future__ import annotations

import csv
import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from tests.conftest import World
from uplift.cli import main
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.models import ImportRecord
from uplift.crm.roster import roster_import
from uplift.orgs.models import Person

pytestmark = pytest.mark.django_db

ROSTER = (
    "Work Email,Full Name,Start Date,Notes\n"
    "nia@acme.test,Nia New,2026-01-05,ok\n"  # row 2
    "ned@acme.test,Ned New,05 Jan 2026,bad date\n"  # row 3
    "not-an-address,Nobody,,bad address\n"  # row 4
    "zoe@acme.test,Zoe First,2025-02-01,earlier copy\n"  # row 5
    "otto@other.test,Otto Test,,another company's\n"  # row 6
    "zoe@acme.test,Zoe Last,2025-03-01,last copy\n"  # row 7
)
REJECTED = [
    ["ned@acme.test", "Ned New", "05 Jan 2026", "bad date", "hr.csv", "3", "Start Date"],
    ["not-an-address", "Nobody", "", "bad address", "hr.csv", "4", "Work Email"],
    ["zoe@acme.test", "Zoe First", "2025-02-01", "earlier copy", "hr.csv", "5", "Work Email"],
    ["otto@other.test", "Otto Test", "", "another company's", "hr.csv", "6", "Work Email"],
]


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def _rejects(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def test_the_valid_rows_are_imported_and_the_others_written_with_their_reasons(
    world: World, tmp_path: Path
) -> None:
    steps: list[str] = []
    rejects = tmp_path / "out" / "rejects.csv"
    summary = roster_import(
        path=_roster(tmp_path),
        organisation=world.org,
        skip_invalid=True,
        rejects=rejects,
        progress=lambda step, _done, _total: steps.append(step),
    )
    assert (summary.rows, summary.created, summary.rejected) == (2, 2, {"hr.csv": 4})
    assert Person.objects.get(email="zoe@acme.test").full_name == "Zoe Last"
    assert not Person.objects.filter(email="ned@acme.test").exists()
    assert Person.objects.get(email="otto@other.test").organisation == world.other_org
    lines = _rejects(rejects)
    assert lines[0] == [
        "Work Email",
        "Full Name",
        "Start Date",
        "Notes",
        "rejected_file",
        "rejected_row",
        "rejected_column",
        "rejected_reason",
    ]
    assert [line[:-1] for line in lines[1:]] == REJECTED
    reasons = [line[-1] for line in lines[1:]]
    assert reasons[0] == "'05 Jan 2026' is not a date (YYYY-MM-DD)"
    assert reasons[1] == "'not-an-address' is not an e-mail address"
    assert "repeated in row 7" in reasons[2]
    assert reasons[3] == "'otto@other.test' belongs to another organisation"
    assert steps[0] == "Reading hr.csv"
    assert "Writing people" in steps
    assert steps[-1] == "Writing the rejected rows"
    record = ImportRecord.objects.get(organisation=world.org)
    assert (record.source, record.skip_invalid, record.rows_read, record.rows_rejected) == (
        "roster",
        True,
        6,
        4,
    )
    assert (record.rejected, record.rejects_file) == ({"hr.csv": 4}, str(rejects))


def test_without_the_flag_a_repeated_address_or_another_companys_refuses_the_roster(
    world: World, tmp_path: Path
) -> None:
    repeated = tmp_path / "repeated.csv"
    repeated.write_text("Email\nnia@acme.test\nnia@acme.test\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"repeated.csv, row 3, column Email: .*row 2"):
        roster_import(path=repeated, organisation=world.org)
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("Email\nnia@acme.test\notto@other.test\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"row 3, column Email: .*another organisation"):
        roster_import(path=theirs, organisation=world.org)
    assert not Person.objects.filter(email="nia@acme.test").exists()
    failed = ImportRecord.objects.filter(organisation=world.org, result="failed").count()
    assert failed == 2


def test_the_command_line_skips_invalid_rows_and_the_imports_page_lists_the_run(
    world: World, tmp_path: Path, client: Client
) -> None:
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(
        main,
        [
            "import",
            "roster",
            str(_roster(tmp_path)),
            "--organisation",
            "acme",
            "--skip-invalid",
            "--rejects",
            str(rejects),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["rows_rejected"], summary["rejected"]) == (4, {"hr.csv": 4})
    assert summary["rejects_file"] == str(rejects)
    assert [line[:-1] for line in _rejects(rejects)[1:]] == REJECTED
    words = CliRunner().invoke(
        main, ["import", "roster", str(_roster(tmp_path)), "--organisation", "acme"]
    )
    assert words.exit_code == 1
    assert "hr.csv, row 3, column Start Date" in words.output
    alone = CliRunner().invoke(
        main, ["import", "roster", str(_roster(tmp_path)), "--rejects", str(rejects)]
    )
    assert alone.exit_code == 2
    assert "--rejects FILE goes with --skip-invalid" in alone.output
    client.force_login(world.ada)
    page = client.get("/enablement/imports/").text
    assert f"command line ({getpass.getuser()})" in page
    assert "6 rows read, 2 new, 0 updated, 4 rejected" in page
    assert f"written to <code>{rejects}</code>" in page


def test_a_dry_run_writes_the_rejects_as_its_report_and_no_one(
    world: World, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = roster_import(
        path=_roster(tmp_path),
        organisation=world.org,
        skip_invalid=True,
        rejects=rejects,
        dry_run=True,
    )
    assert (summary.created, summary.rows_rejected) == (2, 4)
    assert len(_rejects(rejects)) == 5
    assert not Person.objects.filter(email__in=["nia@acme.test", "zoe@acme.test"]).exists()
