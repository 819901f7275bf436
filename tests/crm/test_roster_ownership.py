"""Once a roster has been imported, the roster owns the people: a CRM import, before or after,
leaves their names, titles, teams, managers, hire dates and active state as HR gave them, links
their CRM ids, and fills in only what the roster left blank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.crm.salesforce_fixtures import write_export
from uplift.crm.models import ImportRecord
from uplift.crm.roster import roster_import, roster_owns_people
from uplift.crm.services import crm_import
from uplift.orgs.models import Organisation, Person
from uplift.orgs.services import organisation_get_or_create

RITA_CRM_ID = "0055g00000CCCCCAA5"
# Rita: another title, manager, team and hire date than the CRM's (AE under Mo, Enterprise
# East, created 2022-03-15). Sam: the CRM says inactive, HR says he works here; his title and
# hire date are blank here.
ROSTER = (
    "Email,Name,Title,Manager Email,Team,Hire date\n"
    "lena.boss@example.com,Lena Boss,VP Sales,,,2019-09-01\n"
    "rita@example.com,Rita Roster,Senior AE,lena.boss@example.com,Field Sales,2021-06-01\n"
    "sam@example.com,Sam Seller,,mo@example.com,Field Sales,\n"
)


@pytest.fixture
def organisation(db: None, settings: Settings, tmp_path: Path) -> Organisation:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return organisation_get_or_create(name="Acme", slug="acme")


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def _crm(tmp_path: Path, organisation: Organisation) -> None:
    crm_import(
        source="salesforce", location=write_export(tmp_path / "sf"), organisation=organisation
    )


def _person(email: str) -> tuple[str, str, str | None, str | None, date | None, bool]:
    p = Person.objects.select_related("manager", "team").get(email=email)
    manager = p.manager.email if p.manager else None
    return (
        p.full_name,
        p.title,
        manager,
        p.team.name if p.team else None,
        p.hire_date,
        p.is_active,
    )


AS_HR_GAVE = {
    "rita@example.com": (
        "Rita Roster",
        "Senior AE",
        "lena.boss@example.com",
        "Field Sales",
        date(2021, 6, 1),
        True,
    ),
    # The title and hire date the roster left blank come from the CRM; the rest is HR's.
    "sam@example.com": (
        "Sam Seller",
        "AE",
        "mo@example.com",
        "Field Sales",
        date(2022, 5, 2),
        True,
    ),
}


def test_roster_then_crm_keeps_what_hr_gave_and_links_the_crm_ids(
    organisation: Organisation, tmp_path: Path
) -> None:
    roster_import(path=_roster(tmp_path), organisation=organisation)
    assert roster_owns_people(organisation=organisation)
    _crm(tmp_path, organisation)
    assert {email: _person(email) for email in AS_HR_GAVE} == AS_HR_GAVE
    assert Person.objects.get(email="rita@example.com").crm_user_id == RITA_CRM_ID
    # People the roster does not list come from the CRM as before.
    mo = Person.objects.select_related("manager").get(email="mo@example.com")
    assert (mo.full_name, mo.title, mo.manager.email if mo.manager else None) == (
        "Mo Manager",
        "Sales Manager",
        "lena.boss@example.com",
    )


def test_crm_then_roster_then_crm_again_keeps_what_hr_gave(
    organisation: Organisation, tmp_path: Path
) -> None:
    _crm(tmp_path, organisation)
    assert not roster_owns_people(organisation=organisation)
    crm_rita = _person("rita@example.com")
    assert crm_rita[1:4] == ("AE", "mo@example.com", "Enterprise East")
    assert not _person("sam@example.com")[5]  # inactive, as the CRM says
    roster_import(path=_roster(tmp_path), organisation=organisation)
    assert {email: _person(email) for email in AS_HR_GAVE} == AS_HR_GAVE
    _crm(tmp_path, organisation)
    assert {email: _person(email) for email in AS_HR_GAVE} == AS_HR_GAVE
    assert Person.objects.get(email="rita@example.com").crm_user_id == RITA_CRM_ID


def test_until_a_roster_import_succeeds_the_crm_keeps_the_people(
    organisation: Organisation, tmp_path: Path
) -> None:
    """A dry run or a refused roster does not hand the people to the roster; both are in the
    import history beside the CRM's imports."""
    roster_import(path=_roster(tmp_path), organisation=organisation, dry_run=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("Email,Hire date\nrita@example.com,someday\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad\.csv, row 2, column Hire date"):
        roster_import(path=bad, organisation=organisation)
    assert not roster_owns_people(organisation=organisation)
    _crm(tmp_path, organisation)
    assert _person("rita@example.com")[1] == "AE"
    results = list(
        ImportRecord.objects.filter(organisation=organisation)
        .order_by("started_at", "id")
        .values_list("source", "result")
    )
    assert results == [
        ("roster", ImportRecord.Result.DRY_RUN),
        ("roster", ImportRecord.Result.FAILED),
        ("salesforce", ImportRecord.Result.SUCCEEDED),
    ]
