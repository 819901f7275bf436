"""Roles x endpoints rows for coaching sessions, the scenario library, role plays, calibration and
progression (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Ann's sessions are coached by Mia; Ann's chain is Mia -> Lea -> Lou; Gil (team Gamma) is coached
by Gus (chain Gus -> Lou); the admin Ada is in no rep's chain, so she sees no session, note or
score. Art rated Ann's role play as a peer, and Ann rated Art's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.coaching.models import RolePlayScenario
from uplift.coaching.services import (
    RubricItemInput,
    ScenarioInput,
    action_item_create,
    coaching_session_create,
    roleplay_create,
    scenario_create,
)
from uplift.development.models import DevelopmentPlan

AT = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def _scenario(world: World, title: str, status: str, organisation: Any = None) -> RolePlayScenario:
    admin = world.ada if organisation is None else world.olga
    return scenario_create(
        organisation=organisation or world.org,
        created_by=admin,
        data=ScenarioInput(
            title=title,
            competency="discovery",
            buyer_persona="A CFO",
            situation="First call",
            objections="Not now",
            success_criteria="Agree a next step",
            rubric=[RubricItemInput("discovery", "Finds the pain", ["a", "b", "c", "d", "e"])],
        ),
        status=status,
    )


def objects(world: World) -> dict[str, Any]:
    published = _scenario(world, "Price objection", "published")
    draft = _scenario(world, "Renewal at risk", "draft")
    foreign = _scenario(world, "Their scenario", "published", world.other_org)
    ann = coaching_session_create(
        rep=world.ann, coach=world.mia, created_by=world.mia, scheduled_at=AT, notes="private"
    )
    art = coaching_session_create(
        rep=world.art, coach=world.mia, created_by=world.mia, scheduled_at=AT
    )
    gil = coaching_session_create(
        rep=world.gil, coach=world.gus, created_by=world.gus, scheduled_at=AT
    )
    otto = coaching_session_create(
        rep=world.otto, coach=world.olga, created_by=world.olga, scheduled_at=AT
    )
    item = action_item_create(session=ann, title="Send recap", due_on=None, created_by=world.mia)
    DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Grow",
        started_on=date(2026, 9, 1),
    )
    roleplay = roleplay_create(
        scenario=published,
        rep=world.ann,
        coach=world.mia,
        partner=world.art,
        created_by=world.mia,
    )
    art_roleplay = roleplay_create(
        scenario=published,
        rep=world.art,
        coach=world.mia,
        partner=world.ann,
        created_by=world.mia,
    )
    gil_roleplay = roleplay_create(
        scenario=published, rep=world.gil, coach=world.gus, partner=None, created_by=world.gus
    )
    return {
        "published": published,
        "draft": draft,
        "foreign": foreign,
        "ann": ann,
        "art": art,
        "gil": gil,
        "otto": otto,
        "item": item,
        "roleplay": roleplay,
        "art_roleplay": art_roleplay,
        "gil_roleplay": gil_roleplay,
    }


# A session moved to ten days ahead: a past or far date asks to be confirmed first.
EDIT = {
    "agenda": "Pipeline",
    "notes": "Notes",
    "status": "done",
    "scheduled_at": f"{datetime.now(tz=UTC).date() + timedelta(days=10)}T10:00",
    "duration_minutes": 30,
}
SESSION_IN = {"rep_id": 0, "scheduled_at": "2026-12-03T09:30:00Z"}

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("coaching_mine", "/coaching/", (302, 200, 200, 200, 200)),
    Case("coaching_team", "/coaching/team/", (302, 403, 200, 200, 403)),
    Case("coaching_team (bad date)", "/coaching/team/?start=soon", (302, 403, 400, 400, 403)),
    Case("coaching_team (bad sort)", "/coaching/team/?sort=salary", (302, 403, 400, 400, 403)),
    # The cadence table's downloads: the reps in the viewer's own line only.
    Case("coaching_team_download", "/coaching/team/cadence-table.csv", (302, 403, 200, 200, 403)),
    Case(
        "coaching_team_download (XLSX)",
        "/coaching/team/cadence-table.xlsx",
        (302, 403, 200, 200, 403),
    ),
    Case(
        "coaching_team_download (no such table)",
        "/coaching/team/salaries.csv",
        (302, 403, 404, 404, 403),
    ),
    Case("coaching_session_new", "/coaching/sessions/new/", (302, 403, 200, 200, 403)),
    Case(
        "coaching_session_new (empty form)",
        "/coaching/sessions/new/",
        (302, 403, 400, 400, 403),
        "post",
        data={"kind": "one_on_one"},
    ),
    # A session and its notes: the rep, the chain (Mia, Lou), never the admin or another rep.
    Case(
        "coaching_session",
        "/coaching/sessions/{ann.pk}/",
        (302, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_session (teammate)",
        "/coaching/sessions/{art.pk}/",
        (302, 404, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_session (other team)",
        "/coaching/sessions/{gil.pk}/",
        (302, 404, 404, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_session (other firm)",
        "/coaching/sessions/{otto.pk}/",
        (302, 404, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "coaching_session_edit",
        "/coaching/sessions/{ann.pk}/edit/",
        (302, 403, 302, 302, 404),
        "post",
        objects=objects,
        data=EDIT,
    ),
    Case(
        "coaching_session_ics",
        "/coaching/sessions/{ann.pk}/invite.ics",
        (302, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_session_ics (other team)",
        "/coaching/sessions/{gil.pk}/invite.ics",
        (302, 404, 404, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_action_item_add",
        "/coaching/sessions/{ann.pk}/action-items/",
        (302, 403, 302, 302, 404),
        "post",
        objects=objects,
        data={"title": "Call Acme"},
    ),
    Case(
        "coaching_action_item_add (no title)",
        "/coaching/sessions/{ann.pk}/action-items/",
        (302, 403, 400, 400, 404),
        "post",
        objects=objects,
        data={"title": ""},
    ),
    Case(
        "coaching_action_item_done",
        "/coaching/action-items/{item.pk}/done/",
        (302, 302, 302, 302, 404),
        "post",
        objects=objects,
        data={"done": "1"},
    ),
    Case(
        "coaching_action_item_milestone",
        "/coaching/action-items/{item.pk}/milestone/",
        (302, 403, 302, 302, 404),
        "post",
        objects=objects,
    ),
    # The library: everyone reads published scenarios; admins write it and read drafts.
    Case("coaching_scenarios", "/coaching/scenarios/", (302, 200, 200, 200, 200)),
    Case("coaching_scenario_new", "/coaching/scenarios/new/", (302, 403, 403, 403, 200)),
    Case(
        "coaching_scenario_new (invalid)",
        "/coaching/scenarios/new/",
        (302, 403, 403, 403, 400),
        "post",
        data={"title": "No rubric"},
    ),
    Case(
        "coaching_scenario",
        "/coaching/scenarios/{published.pk}/",
        (302, 200, 200, 200, 200),
        objects=objects,
    ),
    Case(
        "coaching_scenario (draft)",
        "/coaching/scenarios/{draft.pk}/",
        (302, 404, 404, 404, 200),
        objects=objects,
    ),
    Case(
        "coaching_scenario (other firm)",
        "/coaching/scenarios/{foreign.pk}/",
        (302, 404, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "coaching_scenario_edit",
        "/coaching/scenarios/{draft.pk}/edit/",
        (302, 403, 403, 403, 200),
        objects=objects,
    ),
    Case(
        "coaching_scenario_status",
        "/coaching/scenarios/{draft.pk}/status/",
        (302, 403, 403, 403, 302),
        "post",
        objects=objects,
        data={"status": "published"},
    ),
    Case(
        "coaching_scenario_status (bad status)",
        "/coaching/scenarios/{draft.pk}/status/",
        (302, 403, 403, 403, 400),
        "post",
        objects=objects,
        data={"status": "gone"},
    ),
    # Role plays: the rep, the chain, the partner and raters; scores never reach the admin.
    Case("coaching_roleplay_new", "/coaching/role-plays/new/", (302, 403, 200, 200, 403)),
    Case(
        "coaching_roleplay_new (empty form)",
        "/coaching/role-plays/new/",
        (302, 403, 400, 400, 403),
        "post",
        data={"rep": ""},
    ),
    Case(
        "coaching_roleplay",
        "/coaching/role-plays/{roleplay.pk}/",
        (302, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_roleplay (rated as a peer)",
        "/coaching/role-plays/{art_roleplay.pk}/",
        (302, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_roleplay (other team)",
        "/coaching/role-plays/{gil_roleplay.pk}/",
        (302, 404, 404, 200, 404),
        objects=objects,
    ),
    Case(
        "coaching_roleplay_score (missing scores)",
        "/coaching/role-plays/{roleplay.pk}/score/",
        (302, 400, 400, 400, 404),
        "post",
        objects=objects,
        data={"feedback": "Good"},
    ),
    Case(
        "coaching_roleplay_rater (no such colleague)",
        "/coaching/role-plays/{roleplay.pk}/raters/",
        (302, 403, 400, 400, 404),
        "post",
        objects=objects,
        data={"rater": "0"},
    ),
    Case(
        "coaching_roleplay_retry",
        "/coaching/role-plays/{roleplay.pk}/retry/",
        (302, 403, 302, 302, 404),
        "post",
        objects=objects,
    ),
    Case("coaching_calibration", "/coaching/calibration/", (302, 403, 200, 200, 403)),
    Case("coaching_progression_mine", "/coaching/progression/", (302, 200, 200, 200, 200)),
    Case(
        "coaching_progression",
        "/coaching/people/{w.ann.pk}/progression/",
        (302, 200, 200, 200, 404),
    ),
    Case(
        "coaching_progression (teammate)",
        "/coaching/people/{w.art.pk}/progression/",
        (302, 404, 200, 200, 404),
    ),
    Case(
        "coaching_progression (other team)",
        "/coaching/people/{w.gil.pk}/progression/",
        (302, 404, 404, 200, 404),
    ),
    # The API: the same rules, 401 without credentials.
    Case("GET /api/coaching/sessions", "/api/coaching/sessions", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/coaching/sessions (rep outside the chain)",
        "/api/coaching/sessions",
        (401, 403, 404, 404, 403),
        "post",
        data=SESSION_IN,
    ),
    Case(
        "GET /api/coaching/sessions/{session_id}",
        "/api/coaching/sessions/{ann.pk}",
        (401, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "GET /api/coaching/sessions/{session_id} (other team)",
        "/api/coaching/sessions/{gil.pk}",
        (401, 404, 404, 200, 404),
        objects=objects,
    ),
    Case(
        "PATCH /api/coaching/sessions/{session_id}",
        "/api/coaching/sessions/{ann.pk}",
        (401, 403, 200, 200, 404),
        "patch",
        objects=objects,
        data={"notes": "Went well"},
    ),
    Case(
        "POST /api/coaching/sessions/{session_id}/action-items",
        "/api/coaching/sessions/{ann.pk}/action-items",
        (401, 403, 201, 201, 404),
        "post",
        objects=objects,
        data={"title": "Call Acme"},
    ),
    Case(
        "POST /api/coaching/action-items/{item_id}/milestone",
        "/api/coaching/action-items/{item.pk}/milestone",
        (401, 403, 201, 201, 404),
        "post",
        objects=objects,
    ),
    Case("GET /api/coaching/scenarios", "/api/coaching/scenarios", (401, 200, 200, 200, 200)),
    Case(
        "GET /api/coaching/scenarios/{scenario_id}",
        "/api/coaching/scenarios/{draft.pk}",
        (401, 404, 404, 404, 200),
        objects=objects,
    ),
    Case(
        "POST /api/coaching/scenarios (no rubric)",
        "/api/coaching/scenarios",
        (401, 403, 403, 403, 400),
        "post",
        data={
            "title": "T",
            "competency": "discovery",
            "buyer_persona": "B",
            "situation": "S",
            "success_criteria": "C",
            "rubric": [],
        },
    ),
    Case(
        "POST /api/coaching/scenarios/from-practice/{practice_id} (no such practice)",
        "/api/coaching/scenarios/from-practice/999999",
        (401, 403, 403, 403, 404),
        "post",
    ),
    Case("GET /api/coaching/role-plays", "/api/coaching/role-plays", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/coaching/role-plays (rep outside the chain)",
        "/api/coaching/role-plays",
        (401, 403, 404, 404, 403),
        "post",
        data={"scenario_id": 0, "rep_id": 0},
    ),
    Case(
        "GET /api/coaching/role-plays/{roleplay_id}",
        "/api/coaching/role-plays/{roleplay.pk}",
        (401, 200, 200, 200, 404),
        objects=objects,
    ),
    Case(
        "POST /api/coaching/role-plays/{roleplay_id}/scores (missing)",
        "/api/coaching/role-plays/{roleplay.pk}/scores",
        (401, 400, 400, 400, 404),
        "post",
        objects=objects,
        data={"scores": {}},
    ),
    Case(
        "POST /api/coaching/role-plays/{roleplay_id}/retry",
        "/api/coaching/role-plays/{roleplay.pk}/retry",
        (401, 403, 201, 201, 404),
        "post",
        objects=objects,
    ),
    Case(
        "GET /api/coaching/role-plays/{roleplay_id}/calibration",
        "/api/coaching/role-plays/{gil_roleplay.pk}/calibration",
        (401, 404, 404, 200, 404),
        objects=objects,
    ),
    Case(
        "GET /api/coaching/progression/{person_id}",
        "/api/coaching/progression/{w.art.pk}",
        (401, 404, 200, 200, 404),
    ),
]
