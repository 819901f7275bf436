"""Roles x endpoints rows for the impact pages and API operations (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin); the rep is Ann, the manager
Mia (Alpha), the leader Lou (whole organisation), the admin Ada. The impact dashboard and summary
are for leaders. A practice's impact reading is for whoever may see the practice card (approved
cards: everyone in the organisation). The Team Sales IQ is for managers (their own teams only)
and leaders (every team in their part of the organisation, and everyone: "all").
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from tests.factories import PersonFactory
from tests.impact.builders import stored_analysis
from tests.practices.builders import approved, draft
from uplift.orgs.models import Role


def _analysed(world: World) -> dict[str, Any]:
    card = approved(world.art, world.lou)
    stored_analysis(world, [card])
    return {"practice": card}


def _arts_draft(world: World) -> dict[str, Any]:
    card = draft(world.art, title="Discovery agenda")
    stored_analysis(world, [approved(world.art, world.lou), card])
    return {"practice": card}


def _other_firm(world: World) -> dict[str, Any]:
    boss = PersonFactory(organisation=world.other_org, role=Role.LEADER, email="oz@other.test")
    return {"practice": approved(world.otto, boss)}


def _practice_only(world: World) -> dict[str, Any]:
    return {"practice": approved(world.art, world.lou)}


P = "/practices/{practice.pk}/impact/"
A = "/api/impact/practices/{practice.pk}"

CASES: list[Case] = [
    # statuses: anonymous, rep, manager, leader, admin
    Case("impact_dashboard", "/leader/impact/", (302, 403, 403, 200, 403), objects=_analysed),
    Case("impact_dashboard (before any analysis)", "/leader/impact/", (302, 403, 403, 200, 403)),
    Case(
        "impact_dashboard (bad sort)",
        "/leader/impact/?sort=salary",
        (302, 403, 403, 400, 403),
        objects=_analysed,
    ),
    # The page's tables as CSV and XLSX: leaders only, like the page.
    Case(
        "impact_download",
        "/leader/impact/impact-table.csv",
        (302, 403, 403, 200, 403),
        objects=_analysed,
    ),
    Case(
        "impact_download (credit, XLSX)",
        "/leader/impact/credit-table.xlsx",
        (302, 403, 403, 200, 403),
        objects=_analysed,
    ),
    Case(
        "impact_download (before any analysis)",
        "/leader/impact/impact-table.csv",
        (302, 403, 403, 404, 403),
    ),
    Case("team_iq", "/team/iq/", (302, 403, 200, 200, 403), objects=_analysed),
    Case("team_iq (before any analysis)", "/team/iq/", (302, 403, 200, 200, 403)),
    Case(
        "team_iq_fragment", "/impact/iq/?team=Alpha", (302, 403, 200, 200, 403), objects=_analysed
    ),
    Case(
        "team_iq_fragment (another team)",
        "/impact/iq/?team=Beta",
        (302, 403, 404, 200, 403),
        objects=_analysed,
    ),
    Case(
        "team_iq_fragment (everyone)",
        "/impact/iq/?team=all",
        (302, 403, 404, 200, 403),
        objects=_analysed,
    ),
    Case("practice_impact", P, (302, 200, 200, 200, 200), objects=_analysed),
    Case(
        "practice_impact (before any analysis)",
        P,
        (302, 200, 200, 200, 200),
        objects=_practice_only,
    ),
    Case("practice_impact (someone's draft)", P, (302, 404, 404, 200, 200), objects=_arts_draft),
    Case("practice_impact (other firm)", P, (302, 404, 404, 404, 404), objects=_other_firm),
    Case(
        "GET /api/impact/summary",
        "/api/impact/summary",
        (401, 403, 403, 200, 403),
        objects=_analysed,
    ),
    Case(
        "GET /api/impact/practices/{practice_id}", A, (401, 200, 200, 200, 200), objects=_analysed
    ),
    Case(
        "GET /api/impact/practices/{practice_id} (someone's draft)",
        A,
        (401, 404, 404, 200, 200),
        objects=_arts_draft,
    ),
    Case(
        "GET /api/impact/practices/{practice_id} (other firm)",
        A,
        (401, 404, 404, 404, 404),
        objects=_other_firm,
    ),
    Case(
        "GET /api/impact/team-iq",
        "/api/impact/team-iq",
        (401, 403, 200, 200, 403),
        objects=_analysed,
    ),
    Case(
        "GET /api/impact/team-iq (another team)",
        "/api/impact/team-iq?team=Gamma",
        (401, 403, 404, 200, 403),
        objects=_analysed,
    ),
]
