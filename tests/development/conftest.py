from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import World
from uplift.development.models import Assessment, Competency
from uplift.development.services import assessment_create, competency_framework_ensure
from uplift.orgs.models import Person


@pytest.fixture
def framework(world: World) -> dict[str, Competency]:
    return {c.slug: c for c in competency_framework_ensure(organisation=world.org)}


@pytest.fixture
def rate(framework: dict[str, Competency]) -> Any:
    """Record an assessment from {slug: level}; unnamed competencies get `rest`."""

    def record(
        subject: Person,
        rater: Person,
        kind: str,
        levels: dict[str, int],
        *,
        rest: int = 3,
        on: date = date(2026, 10, 1),
    ) -> Assessment:
        ratings = {c.pk: (levels.get(slug, rest), "") for slug, c in framework.items()}
        return assessment_create(
            subject=subject, rater=rater, kind=kind, assessed_on=on, ratings=ratings
        )

    return record
