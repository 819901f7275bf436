"""The development pages: forms, their errors, htmx fragments and what each page shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import World
from uplift.development.models import Assessment, Competency, DevelopmentPlan
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _levels(framework: dict[str, Competency], **levels: int) -> dict[str, Any]:
    data: dict[str, Any] = {"assessed_on": "2026-10-01", "summary": ""}
    for slug, competency in framework.items():
        data[f"level_{competency.pk}"] = levels.get(slug, 3)
        data[f"comment_{competency.pk}"] = "Seen on the Acme call" if slug == "closing" else ""
    return data


def test_manager_assessment_form_saves_and_reports_missing_levels(
    world: World, login: Any, framework: dict[str, Competency]
) -> None:
    client = login(world.mia)
    page = client.get(f"/development/people/{world.ann.pk}/assess/")
    assert page.status_code == 200
    assert framework["closing"].levels[2] in page.content.decode()  # the rubric is on the form
    data = _levels(framework, closing=2)
    del data[f"level_{framework['discovery'].pk}"]
    refused = client.post(f"/development/people/{world.ann.pk}/assess/", data)
    assert refused.status_code == 400
    assert "Choose a level for Discovery." in refused.content.decode()
    saved = client.post(
        f"/development/people/{world.ann.pk}/assess/", _levels(framework, closing=2)
    )
    assert saved.status_code == 302
    assessment = Assessment.objects.get(subject=world.ann, kind="manager")
    closing = assessment.ratings.get(competency__slug="closing")
    assert (closing.level, closing.comment) == (2, "Seen on the Acme call")


def test_self_assessment_and_the_difference_on_the_history_page(
    world: World, login: Any, framework: dict[str, Competency]
) -> None:
    login(world.mia).post(
        f"/development/people/{world.ann.pk}/assess/", _levels(framework, closing=2)
    )
    client = login(world.ann)
    assert client.post("/development/me/assess/", _levels(framework, closing=4)).status_code == 302
    page = client.get("/development/me/assessments/").content.decode()
    assert "rates themself 2 levels higher" in page
    assert 'data-chart="hist-chart-closing"' in page


def test_plan_builder_creates_a_plan_around_a_practice(
    world: World, login: Any, framework: dict[str, Competency]
) -> None:
    practice = Practice.objects.create(
        organisation=world.org,
        title="Discovery call agenda",
        status="approved",
        competency_tags=["discovery"],
    )
    Practice.objects.create(organisation=world.org, title="Still a draft", status="draft")
    client = login(world.mia)
    form = client.get(f"/development/people/{world.ann.pk}/plan/new/").content.decode()
    assert "Discovery call agenda" in form
    assert "Still a draft" not in form
    assert "No analysis of the CRM data yet" in form
    refused = client.post(
        f"/development/people/{world.ann.pk}/plan/new/", {"goal": "", "started_on": "2026-10-01"}
    )
    assert refused.status_code == 400
    made = client.post(
        f"/development/people/{world.ann.pk}/plan/new/",
        {
            "goal": "Discovery that finds the pain",
            "started_on": "2026-10-01",
            "competencies": [framework["discovery"].pk],
            "practices": [practice.pk],
            "outcome_metric": "win_rate",
            "outcome_target": "30",
        },
    )
    plan = DevelopmentPlan.objects.get(rep=world.ann)
    assert made.status_code == 302
    assert made["Location"] == f"/development/plans/{plan.pk}/"
    assert plan.outcome_target == pytest.approx(0.30)  # entered in percent
    again = client.get(f"/development/people/{world.ann.pk}/plan/new/")
    assert again.status_code == 302  # one active plan: the builder sends you to it


def test_htmx_comment_and_milestone_answer_their_section(world: World, login: Any) -> None:
    mia = login(world.mia)
    today = timezone.localdate()  # dates far from today ask to be confirmed first
    mia.post(
        f"/development/people/{world.ann.pk}/plan/new/",
        {"goal": "Better discovery", "started_on": today.isoformat()},
    )
    plan = DevelopmentPlan.objects.get(rep=world.ann)
    added = mia.post(
        f"/development/plans/{plan.pk}/milestones/",
        {"title": "Shadow a star", "due_on": (today + timedelta(days=30)).isoformat()},
        **HTMX,
    )
    assert added.status_code == 200
    assert 'data-testid="milestones"' in added.content.decode()
    assert "Shadow a star" in added.content.decode()
    bad = mia.post(
        f"/development/plans/{plan.pk}/milestones/", {"title": "", "due_on": "x"}, **HTMX
    )
    assert bad.status_code == 400
    assert 'data-testid="milestone-error"' in bad.content.decode()
    ann = login(world.ann)
    said = ann.post(
        f"/development/plans/{plan.pk}/comments/", {"body": "Can we review a call?"}, **HTMX
    )
    assert said.status_code == 200
    assert "Can we review a call?" in said.content.decode()
    page = ann.get("/development/me/plan/").content.decode()
    assert "Better discovery" in page
    assert "Shadow a star" in page
    assert 'data-testid="milestone-form"' not in page  # the rep reads, the manager edits


def test_admin_edits_a_competency_and_a_rep_cannot(
    world: World, login: Any, framework: dict[str, Competency]
) -> None:
    closing = framework["closing"]
    url = f"/development/framework/{closing.pk}/edit/"
    data = {
        "name": "Closing deals",
        "description": "Getting to signature",
        **{f"level_{n}": f"behaviour {n}" for n in range(1, 6)},
    }
    assert login(world.ada).post(url, data).status_code == 302
    closing.refresh_from_db()
    assert closing.levels == [f"behaviour {n}" for n in range(1, 6)]
    assert login(world.ada).post(url, {**data, "level_3": ""}).status_code == 400
    assert login(world.ann).post(url, data).status_code == 403
    page = login(world.ann).get("/development/framework/").content.decode()
    assert "Closing deals" in page
    assert "/edit/" not in page


def test_a_leader_opens_one_managers_reps_from_the_rollup(world: World, login: Any) -> None:
    client = login(world.lou)
    rollup = client.get("/development/leader/").content.decode()
    assert f"/development/team/?manager={world.mia.pk}" in rollup
    page = client.get(f"/development/team/?manager={world.mia.pk}").content.decode()
    assert "Development of Mia Test&#x27;s reps" in page
    assert "Ann Test" in page
    assert "Gil Test" not in page
    assert client.get("/development/team/?manager=mia").status_code == 400


def test_admin_adds_a_competency_that_assessments_then_rate(
    world: World, login: Any, framework: dict[str, Competency]
) -> None:
    admin = login(world.ada)
    data = {
        "slug": "product_knowledge",
        "name": "Product knowledge",
        "description": "",
        **{f"level_{n}": f"knows {n}" for n in range(1, 6)},
    }
    assert admin.post("/development/framework/new/", data).status_code == 302
    again = admin.post("/development/framework/new/", data)
    assert again.status_code == 400
    assert "already has a competency with the key" in again.content.decode()
    assert admin.post("/development/framework/new/", {**data, "slug": "Bad Key"}).status_code == 400
    added = Competency.objects.get(organisation=world.org, slug="product_knowledge")
    assert added.position > framework["account_growth"].position
    form = login(world.mia).get(f"/development/people/{world.ann.pk}/assess/").content.decode()
    assert 'data-testid="rate-product_knowledge"' in form
