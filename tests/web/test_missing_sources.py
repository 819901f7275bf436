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
    assert f'<td class="num" title="{ACTIVITIES}">—</td>' in row
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
