"""The HR roster import: headers matched by name or by a mapping, managers, teams and tenure
from HR, leave dates that end sign-in, all or nothing with the file, row and column named, and
the same roster twice changing nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.cli import main
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.roster import roster_import
from uplift.orgs.models import Person
from uplift.provisioning.services import scim_token_rotate

pytestmark = pytest.mark.django_db


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_sets_people_managers_teams_and_dates_and_is_idempotent(
    world: World, tmp_path: Path
) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    roster = _write(
        tmp_path / "roster.csv",
        "Work Email,Full Name,Job Title,Manager Email,Team,Start Date,Leaving date\n"
        "ann@acme.test,Ann Test,Senior AE,mia@acme.test,Alpha,2021-03-01,\n"
        "new@acme.test,Nia New,SDR,ann@acme.test,Delta,2026-01-05,\n"
        f"art@acme.test,Art Test,AE,mia@acme.test,Alpha,2020-01-01,{yesterday}\n",
    )
    summary = roster_import(path=roster, organisation=world.org)
    assert (summary.rows, summary.created, summary.departed) == (3, 1, 1)
    nia = Person.objects.get(email="new@acme.test")
    assert (nia.full_name, nia.title, nia.manager, nia.team.name) == (
        "Nia New",
        "SDR",
        world.ann,
        "Delta",
    )
    world.ann.refresh_from_db()
    assert (world.ann.title, world.ann.hire_date) == ("Senior AE", date(2021, 3, 1))
    world.art.refresh_from_db()
    assert not world.art.is_active
    assert not Client().login(
        request=HttpRequest(), username=world.art.email, password=TEST_PASSWORD
    )
    again = roster_import(path=roster, organisation=world.org)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_where_the_directory_provisions_people_a_roster_never_lets_them_back_in(
    world: World, tmp_path: Path
) -> None:
    """With a SCIM token the identity provider decides who may sign in: a roster still listing
    someone it switched off does not undo that, while a leave date still ends sign-in."""
    scim_token_rotate(admin=world.ada)
    Person.objects.filter(pk=world.bob.pk).update(is_active=False)  # the directory's SCIM call
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    roster_import(
        path=_write(
            tmp_path / "roster.csv",
            "Work Email,Full Name,Job Title,Manager Email,Team,Start Date,Leaving date\n"
            "bob@acme.test,Bob Test,AE,max@acme.test,Beta,2020-01-01,\n"
            f"art@acme.test,Art Test,AE,mia@acme.test,Alpha,2020-01-01,{yesterday}\n",
        ),
        organisation=world.org,
    )
    world.bob.refresh_from_db()
    world.art.refresh_from_db()
    assert (world.bob.is_active, world.art.is_active) == (False, False)
    assert not Client().login(
        request=HttpRequest(), username=world.bob.email, password=TEST_PASSWORD
    )


def test_a_bad_value_refuses_the_whole_roster_naming_file_row_and_column(
    world: World, tmp_path: Path
) -> None:
    roster = _write(
        tmp_path / "hr.csv",
        "Email,Name,Hire date\nnew@acme.test,Nia New,2026-01-05\nann@acme.test,Ann,05 Jan 2026\n",
    )
    with pytest.raises(MalformedInputError) as refused:
        roster_import(path=roster, organisation=world.org)
    assert str(refused.value).startswith("hr.csv, row 3, column Hire date")
    assert not Person.objects.filter(email="new@acme.test").exists()
    no_email = _write(tmp_path / "x.csv", "Name,Team\nNia,Alpha\n")
    with pytest.raises(MalformedInputError, match="no e-mail column"):
        roster_import(path=no_email, organisation=world.org)


def test_a_spreadsheet_with_a_mapping_from_the_command_line(world: World, tmp_path: Path) -> None:
    book_path = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet()
    for row, values in enumerate(
        [["Mail pro", "Nom", "Chef"], ["bob@acme.test", "Bob Test", "lou@acme.test"]]
    ):
        sheet.write_row(row, 0, values)
    book.close()
    mapping = _write(
        tmp_path / "roster.toml",
        '[columns]\nemail = "Mail pro"\nname = "Nom"\nmanager_email = "Chef"\n',
    )
    result = CliRunner().invoke(
        main,
        [
            "import",
            "roster",
            str(book_path),
            "--mapping",
            str(mapping),
            "--organisation",
            "acme",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"updated": 1' in result.output
    world.bob.refresh_from_db()
    assert world.bob.manager == world.lou
    bad = CliRunner().invoke(main, ["import", "roster", str(tmp_path / "missing.csv")])
    assert bad.exit_code == 1
    assert "nothing was written" in bad.output


def test_hr_dates_start_and_end_a_reps_selling_time(world: World) -> None:
    """The roster's hire date starts a rep's selling time (with its ramp) and a leave date
    inside the window ends it, over what the CRM export says."""
    import pyarrow as pa

    from uplift.analytics.metrics import trailing_window
    from uplift.analytics.performance.exposure import exposures
    from uplift.crm.roster import hr_dates_of

    window = trailing_window(date(2026, 10, 31))
    world.ann.crm_user_id, world.ann.hire_date = "005A", date(2026, 6, 1)
    world.ann.save()
    world.art.crm_user_id, world.art.leave_date = "005B", date(2026, 4, 30)
    world.art.save()
    table = pa.table(
        {
            "source": ["sf", "sf"],
            "rep_id": ["005A", "005B"],
            "hire_date": pa.array([None, None], type=pa.date32()),
            "active": [True, True],
            "first_deal": [window.start, window.start],
            "last_deal": [window.end, window.end],
        }
    )
    crm_only = exposures(table, window=window, ramp_months=6)
    with_hr = exposures(
        table, window=window, ramp_months=6, hr_dates=hr_dates_of(organisation=world.org)
    )
    assert crm_only[("sf", "005A")].months == pytest.approx(12, abs=0.05)
    assert with_hr[("sf", "005A")].start == date(2026, 6, 1)
    assert with_hr[("sf", "005A")].ramping
    assert with_hr[("sf", "005B")].end == date(2026, 4, 30)
    assert with_hr[("sf", "005B")].left
    assert with_hr[("sf", "005B")].calendar_months < crm_only[("sf", "005B")].calendar_months
