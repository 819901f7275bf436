"""The printable PDFs: a real PDF, named for what it holds, that says which organisation, which
analysis and who may see it on every page, with the page's names, numbers and charts in it; and
nothing for anyone the page refuses (roles x endpoints: tests/access_cases/printouts.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.access_cases.development import plans
from tests.access_cases.initiatives import objects as initiatives
from tests.conftest import World
from tests.insights.snapshots import AS_OF, analysis_store, link_crm_ids
from uplift.web.printouts.charts import chart_svg

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages_of(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_stars_and_gap_for_a_leader(client: Client, world: World) -> None:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    client.force_login(world.lou)
    page = client.get("/leader/performance/")
    assert 'href="/leader/performance/stars-and-gap.pdf"' in page.text
    response = client.get("/leader/performance/stars-and-gap.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-stars-and-the-gap-{AS_OF}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Stars and the gap" in text
    assert f"Analysis as of {AS_OF}" in text
    assert "For the leaders of Acme only" in text
    for name in ("Art Test", "Bob Test", "Ann Test", "Gil Test"):
        assert name in text
    # The charts are drawn, their text searchable: the index chart's axis, the gap's rows.
    assert "Mix-adjusted index" in text
    assert "Stars against core (95% interval" in text
    assert "Rank (1 = best), with its 90% interval" in text
    for text_of_page in pages_of(response.content):
        assert "Acme · Stars and the gap" in text_of_page
        assert "For the leaders of Acme only" in text_of_page


def test_a_reps_plan_for_the_rep_and_their_manager(client: Client, world: World) -> None:
    plan = plans(world)["plan"]
    for reader in (world.ann, world.mia):
        client.force_login(reader)
        page = client.get(f"/development/plans/{plan.pk}/")
        assert f'href="/development/plans/{plan.pk}/plan.pdf"' in page.text
        response = client.get(f"/development/plans/{plan.pk}/plan.pdf")
        assert response.status_code == 200
        assert 'filename="acme-development-plan-ann-test-' in response["Content-Disposition"]
        text = pdf_text(response.content)
        assert "Development plan" in text
        assert "Ann Test" in text
        assert "Better discovery" in text
        assert "Three discovery calls" in text
        assert "overdue" in text
        assert "Analysis" in text
        assert "none yet" in text  # no analysis in this world
        assert "Ann Test, their managers and the leaders over them at Acme" in text
    client.force_login(world.art)
    assert client.get(f"/development/plans/{plan.pk}/plan.pdf").status_code == 404


def test_an_initiatives_health_for_its_sponsor_and_the_admin(client: Client, world: World) -> None:
    initiative = initiatives(world)["i"]
    address = f"/initiatives/{initiative.pk}/health.pdf"
    client.force_login(world.lou)
    assert f'href="{address}"' in client.get(f"/initiatives/{initiative.pk}/health/").text
    sponsor = pdf_text(client.get(address).content)
    assert "Initiative health" in sponsor
    assert "Share what works" in sponsor
    assert "From commitment to measured impact" in sponsor
    assert "Partners, one by one" in sponsor
    assert "Art Test" in sponsor
    client.force_login(world.ada)  # the owner, not the sponsor: no partner one by one
    admin = pdf_text(client.get(address).content)
    assert "Initiative health" in admin
    assert "enablement admins of Acme" in admin
    client.force_login(world.mia)
    assert client.get(address).status_code == 403


def test_every_chart_kind_draws_as_svg() -> None:
    charts: list[dict[str, Any]] = [
        {
            "kind": "scatter",
            "currency": "USD",
            "x": {"label": "Raw win rate", "unit": "fraction"},
            "y": {"label": "Index", "unit": "index"},
            "points": [{"label": "A", "x": 0.3, "y": 1.2, "band": "star"}],
        },
        {
            "kind": "ranks",
            "n": 3,
            "cuts": [1.5, 2.5],
            "points": [
                {"label": "A", "rank": 1, "low": 1, "high": 2, "band": "star", "p_star": 0.9},
                {"label": "B", "rank": 2, "low": 1, "high": 3, "band": "core", "p_star": 0.2},
            ],
        },
        {
            "kind": "forest",
            "unit": "change",
            "rows": [{"label": "Win rate", "estimate": 0.2, "low": None, "high": None}],
        },
        {
            "kind": "lines",
            "unit": "currency",
            "currency": "EUR",
            "labels": ["2026-01", "2026-02"],
            "series": [{"key": "star", "label": "Stars", "values": [1000.0, None]}],
        },
        {
            "kind": "bars",
            "unit": "count",
            "rows": [{"label": "Partners", "value": 3, "band": "core"}],
            "references": [{"key": "team", "label": "Scope", "value": 2}],
        },
    ]
    for chart in charts:
        svg = chart_svg(chart)
        assert svg.startswith("<svg")
        assert svg == chart_svg(chart)  # the same chart draws the same SVG
    assert chart_svg(None) == ""
    assert chart_svg({"kind": "radar"}) == ""
