"""Roles x endpoints rows for the printable PDFs: each answers exactly as its page does.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.access_cases.development import plans
from tests.access_cases.initiatives import objects as initiatives
from tests.conftest import World
from tests.insights.snapshots import analysis_store, link_crm_ids


def analysed(world: World) -> dict[str, Any]:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return {}


PLAN_PDF = "/development/plans/{%s.pk}/plan.pdf"

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case(
        "leader_performance_pdf",
        "/leader/performance/stars-and-gap.pdf",
        (302, 403, 403, 200, 403),
        objects=analysed,
    ),
    Case(
        "leader_performance_pdf (no analysis)",
        "/leader/performance/stars-and-gap.pdf",
        (302, 403, 403, 404, 403),
    ),
    Case("development_plan_pdf", PLAN_PDF % "plan", (302, 200, 200, 200, 404), objects=plans),
    Case(
        "development_plan_pdf (teammate)",
        PLAN_PDF % "art_plan",
        (302, 404, 200, 200, 404),
        objects=plans,
    ),
    Case(
        "development_plan_pdf (other team)",
        PLAN_PDF % "gil_plan",
        (302, 404, 404, 200, 404),
        objects=plans,
    ),
    Case(
        "development_plan_pdf (other firm)",
        PLAN_PDF % "otto_plan",
        (302, 404, 404, 404, 404),
        objects=plans,
    ),
    Case(
        "initiatives_health_pdf",
        "/initiatives/{i.pk}/health.pdf",
        (302, 403, 403, 200, 200),
        objects=initiatives,
    ),
    Case(
        "initiatives_health_pdf (other firm)",
        "/initiatives/{foreign.pk}/health.pdf",
        (302, 403, 403, 404, 404),
        objects=initiatives,
    ),
]
