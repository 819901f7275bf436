"""The roster's hire dates reach the star analysis: after a roster import the next analysis
counts a rep's selling time from the day HR says they started, ramp included, whatever the CRM
export said, and a CRM import after the roster does not undo it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings

from uplift.cli import main
from uplift.crm.roster import roster_import
from uplift.crm.services import crm_import
from uplift.orgs.services import organisation_get_or_create
from uplift.pipeline.services import analysis_run
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)


def _segments() -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(main, ["report", "segments", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return {rep["email"]: rep for rep in document["reps"]}


def test_hire_dates_from_the_roster_change_the_tenure_the_analysis_uses(
    settings: Settings, tmp_path: Path
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    export = generate_export(tmp_path / "export", reps=24, months=12, seed=5).directory
    organisation = organisation_get_or_create(name="Acme", slug="acme")
    crm_import(source="salesforce", location=export, organisation=organisation)
    as_of = analysis_run(organisation=organisation).as_of
    assert as_of is not None
    before = _segments()
    full_year = [e for e, rep in before.items() if rep["exposure_months"] >= 11.5]
    assert full_year
    email = full_year[0]
    hired = as_of - timedelta(days=120)  # four months before: all of it ramp
    roster = tmp_path / "hr.csv"
    roster.write_text(f"Email,Hire date\n{email},{hired.isoformat()}\n", encoding="utf-8")
    roster_import(path=roster, organisation=organisation)
    crm_import(source="salesforce", location=export, organisation=organisation)
    analysis_run(organisation=organisation)
    after = _segments()
    assert after[email]["exposure_months"] < before[email]["exposure_months"] - 6
    assert "ramp" in (after[email]["tenure"] or "")
    others = [e for e in full_year[1:] if e in after]
    assert all(after[e]["exposure_months"] == before[e]["exposure_months"] for e in others)
