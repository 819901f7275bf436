"""Roles x endpoints rows for the engagement pulse (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Everyone answers; managers and leaders read results of closed rounds; the admin Ada edits the
questions and the cadence and reads no results. Nobody reads one person's answers: no endpoint
returns them (tests/pulse/test_privacy.py).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.pulse.services import pulse_survey_of


def objects(world: World) -> dict[str, Any]:
    mine = pulse_survey_of(organisation=world.org).organisation.pulse_questions.first()
    theirs = pulse_survey_of(organisation=world.other_org).organisation.pulse_questions.first()
    return {"question": mine, "foreign": theirs}


ADMIN_ONLY = (302, 403, 403, 403, 302)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("pulse_home", "/pulse/", (302, 200, 200, 200, 200)),
    Case("pulse_home (empty answers)", "/pulse/", (302, 400, 400, 400, 400), "post", data={}),
    Case("pulse_results", "/pulse/results/", (302, 403, 200, 200, 403)),
    Case(
        "pulse_results (no such round)",
        "/pulse/results/?round=999999",
        (302, 403, 404, 404, 403),
    ),
    Case("pulse_results (bad round)", "/pulse/results/?round=x", (302, 403, 400, 400, 403)),
    Case("pulse_questions", "/pulse/questions/", (302, 403, 403, 403, 200)),
    Case(
        "pulse_questions (empty question)",
        "/pulse/questions/",
        (302, 403, 403, 403, 400),
        "post",
        data={"text": "", "kind": "agreement"},
    ),
    Case(
        "pulse_question_edit",
        "/pulse/questions/{question.pk}/",
        ADMIN_ONLY,
        "post",
        objects=objects,
        data={"text": "In my team we share what works."},
    ),
    Case(
        "pulse_question_edit (other firm)",
        "/pulse/questions/{foreign.pk}/",
        (302, 403, 403, 403, 404),
        "post",
        objects=objects,
        data={"text": "Theirs"},
    ),
    Case(
        "pulse_question_move",
        "/pulse/questions/{question.pk}/move/",
        ADMIN_ONLY,
        "post",
        objects=objects,
        data={"direction": "down"},
    ),
    Case(
        "pulse_question_retire",
        "/pulse/questions/{question.pk}/retire/",
        ADMIN_ONLY,
        "post",
        objects=objects,
        data={},
    ),
    Case("pulse_cadence", "/pulse/cadence/", ADMIN_ONLY, "post", data={"cadence_months": "3"}),
    # The API: the same rules.
    Case("GET /api/pulse/round", "/api/pulse/round", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/pulse/round/answers",
        "/api/pulse/round/answers",
        (401, 400, 400, 400, 400),
        "post",
        data={"answers": []},
    ),
    Case("GET /api/pulse/results", "/api/pulse/results", (401, 403, 200, 200, 403)),
    Case("GET /api/pulse/questions", "/api/pulse/questions", (401, 403, 403, 403, 200)),
    Case(
        "POST /api/pulse/questions",
        "/api/pulse/questions",
        (401, 403, 403, 403, 201),
        "post",
        data={"text": "I know who to ask when a deal gets stuck."},
    ),
    Case(
        "PATCH /api/pulse/questions/{question_id}",
        "/api/pulse/questions/{question.pk}",
        (401, 403, 403, 403, 200),
        "patch",
        objects=objects,
        data={"position": 2},
    ),
    Case(
        "PATCH /api/pulse/questions/{question_id} (other firm)",
        "/api/pulse/questions/{foreign.pk}",
        (401, 403, 403, 403, 404),
        "patch",
        objects=objects,
        data={"text": "Theirs"},
    ),
    Case(
        "POST /api/pulse/questions/{question_id}/retire",
        "/api/pulse/questions/{question.pk}/retire",
        (401, 403, 403, 403, 200),
        "post",
        objects=objects,
        data={},
    ),
    Case("GET /api/pulse/settings", "/api/pulse/settings", (401, 403, 403, 403, 200)),
    Case(
        "PATCH /api/pulse/settings",
        "/api/pulse/settings",
        (401, 403, 403, 403, 200),
        "patch",
        data={"cadence_months": 3},
    ),
]
