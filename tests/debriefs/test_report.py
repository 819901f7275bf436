"""`uplift report star-profiles`: the stored document, a team's stars only, and the table."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.debriefs.builders import profiles_store
from uplift.pipeline.analyses.star_profiles import star_profiles_print
from uplift.pipeline.reports import UnknownTeam, report_document, report_names

pytestmark = pytest.mark.django_db


def test_the_report_filters_by_team_and_prints(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    run = profiles_store(world.org, [world.ann, world.gil])
    assert "star-profiles" in report_names()
    everyone = report_document(name="star-profiles", run=run)
    assert [p["name"] for p in everyone["profiles"]] == ["Ann Test", "Gil Test"]
    gamma = report_document(name="star-profiles", run=run, team="gamma")
    assert [p["name"] for p in gamma["profiles"]] == ["Gil Test"]
    with pytest.raises(UnknownTeam):
        report_document(name="star-profiles", run=run, team="Nowhere")
    star_profiles_print(gamma)
    out = capsys.readouterr().out
    assert "Gil Test" in out
    assert "Meetings per opportunity" in out
    assert "Ann Test" not in out
