"""A generated organisation with adoptions, contributors and manager assessments, analysed once
per test (the impact, credit and Team Sales IQ parts read all of them)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.factories import OrganisationFactory
from uplift.crm.services import crm_import
from uplift.development.models import Assessment
from uplift.development.services import assessment_create, competency_framework_ensure
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation, Person, Role
from uplift.pipeline.services import analysis_run
from uplift.practices.adoption_import import adoptions_import
from uplift.practices.models import Practice
from uplift.synthetic import generate_export

EARLY, LATE = date(2025, 12, 10), date(2026, 6, 10)


def _assess(reps: list[Person], on: date, level: int) -> None:
    for rep in reps:
        framework = competency_framework_ensure(organisation=rep.organisation)  # type: ignore[arg-type]
        assessment_create(
            subject=rep,
            rater=rep.manager,
            kind=Assessment.Kind.MANAGER,
            assessed_on=on,  # type: ignore[arg-type]
            ratings={c.pk: (level, "") for c in framework},
        )


@pytest.fixture
def organisation(settings: SettingsWrapper, tmp_path: Path) -> Organisation:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    export = tmp_path / "export"
    generate_export(export, reps=120, months=18, seed=5)
    outcomes = tmp_path / "outcomes"
    outcomes.mkdir()
    for name in ("User.csv", "Account.csv", "Opportunity.csv"):
        shutil.copy(export / name, outcomes / name)
    org = OrganisationFactory(name="Generated", slug="generated")
    crm_import(source="salesforce", location=outcomes, organisation=org)
    summary = adoptions_import(path=export / "adoptions.csv", organisation=org)
    assert summary.rejected == 0
    return org


@pytest.fixture
def contributors(organisation: Organisation) -> dict[str, list[Person]]:
    """Two contributors on the first practice, one on each of the others (reps who did not
    adopt it)."""
    reps = list(
        Person.objects.filter(
            organisation=organisation,
            role=Role.REP,
            manager__isnull=False,
            is_active=True,
            team__isnull=False,
        ).order_by("email")
    )
    credited: dict[str, list[Person]] = {}
    for i, practice in enumerate(Practice.objects.filter(organisation=organisation)):
        adopters = set(practice.adoptions.values_list("person_id", flat=True))
        free = [r for r in reps if r.pk not in adopters]
        chosen = free[i * 2 : i * 2 + (2 if i == 0 else 1)]
        practice.contributors.set(chosen)
        credited[practice.title] = chosen
    return credited


@pytest.fixture
def assessed(organisation: Organisation) -> list[Person]:
    """Twenty reps assessed by their managers twice: level 2 in December, 3 in June."""
    reps = list(
        Person.objects.filter(
            organisation=organisation,
            role=Role.REP,
            manager__isnull=False,
            is_active=True,
            team__isnull=False,
        ).order_by("email")[:20]
    )
    _assess(reps, EARLY, 2)
    _assess(reps, LATE, 3)
    return reps


@pytest.fixture
def analysed(organisation: Organisation, contributors: object, assessed: object) -> AnalysisRun:
    return analysis_run(organisation=organisation)
