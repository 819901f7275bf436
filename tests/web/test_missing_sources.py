"""Cells whose source data the export lacks read "—" on the pages, with the reason beside them.

The analysis is the hand-made one in `tests/insights/snapshots.py`, as an export without
activities and contact roles would have produced it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.insights.snapshots import analysis_store, documents, link_crm_ids
from uplift.analytics.metrics.availability import NO_ROWS, SOURCE_COLUMNS

ACTIVITIES, CONTACTS = NO_ROWS["activities"], NO_ROWS["contact_roles"]


def without_activities_and_contacts() -> dict[str, Any]:
    parts = documents()
    missing = [
        {"columns": list(SOURCE_COLUMNS[s]), "source": s, "reason": NO_ROWS[s]}
        for s in ("activities", "contact_roles")
    ]
    blank = {c: m["reason"] for m in missing for c in m["columns"]}
    for row in parts["gap"]["metrics"]:
        reason = blank.get(row["metric"])
        row["no_data"] = reason
        if reason:
            row.update(star=None, core=None, gap_pct=None, ci=[None, None], n_star=0, n_core=0)
    cards = parts["scorecards"]
    for row in cards["reps"] + cards.get("monthly", []) + cards.get("quarterly", []):
        row.update(dict.fromkeys(c for c in blank if c in row))
    parts["gap"]["missing"] = missing
    cards["missing"] = missing
    return parts


@pytest.fixture
def analysed(world: World) -> World:
    link_crm_ids(world)
    analysis_store(organisation=world.org, parts=without_activities_and_contacts())
    return world


def test_the_gap_table_shows_a_dash_and_the_reason(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    row = html.split('data-metric="calls_per_opportunity"', 1)[1].split("</tr>", 1)[0]
    for column in ("star", "core", "gap"):
        assert f'<td class="num" data-col="{column}" title="{ACTIVITIES}">—</td>' in row
    assert f"(no data: {ACTIVITIES})" in row
    assert "0.00" not in row
    note = html.split('data-testid="gap-missing"', 1)[1].split("</div>", 1)[0]
    assert f"Activities ({ACTIVITIES})" in note
    assert f"Contact roles ({CONTACTS})" in note


def test_the_team_scorecards_show_a_dash_and_the_reason(client: Client, analysed: World) -> None:
    client.force_login(analysed.mia)
    html = client.get("/team/performance/").text
    assert f'title="{CONTACTS}">—</td>' in html
    assert f'title="{ACTIVITIES}">—</td>' in html
    note = html.split('data-testid="scorecards-missing"', 1)[1].split("</div>", 1)[0]
    assert f"Activities ({ACTIVITIES})" in note


def _row(html: str, metric: str) -> str:
    return html.split(f'data-metric="{metric}"', 1)[1].split("</tr>", 1)[0]


def test_a_reps_own_scorecard_says_no_data_and_why(client: Client, analysed: World) -> None:
    client.force_login(analysed.ann)
    html = client.get("/me/performance/").text
    for metric, reason in (
        ("calls_per_opportunity", ACTIVITIES),
        ("contacts_per_opportunity", CONTACTS),
    ):
        row = _row(html.split('data-testid="my-scorecard"', 1)[1], metric)
        assert f"(no data: {reason})" in row
        assert row.count(f'title="{reason}">no data</td>') == 3  # Ann, the core, the stars
        assert "—" not in row
        assert "0.00" not in row
    note = html.split('data-testid="my-scorecard-missing"', 1)[1].split("</div>", 1)[0]
    assert f"No data: Activities ({ACTIVITIES}); Contact roles ({CONTACTS})." in note


def test_a_managers_view_of_a_rep_says_no_data_and_why(client: Client, analysed: World) -> None:
    client.force_login(analysed.mia)
    html = client.get(f"/people/{analysed.ann.pk}/performance/").text
    assert f"(no data: {ACTIVITIES})" in _row(html, "meetings_per_opportunity")


def test_a_rep_with_every_source_keeps_numbers(client: Client, world: World) -> None:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    client.force_login(world.ann)
    html = client.get("/me/performance/").text
    row = _row(html, "calls_per_opportunity")
    assert "no data" not in row
    assert "2.00" in row  # Ann's own calls per opportunity
    assert 'data-testid="my-scorecard-missing"' not in html
