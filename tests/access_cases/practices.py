"""Roles x endpoints rows for the practice library's pages and API operations.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin); the rep is Ann, the manager
Mia (Ann's manager), the leader Lou (whole organisation), the admin Ada. Approved cards are for
everyone in the organisation; a draft is for its authors, leaders and admins; only the named
sponsor (Lou here) approves or sends back; adoptions are moved by the rep or their manager chain.
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from tests.factories import PersonFactory
from tests.practices.builders import approved, draft
from uplift.orgs.models import Role
from uplift.practices.adoptions import adoption_start
from uplift.practices.services import practice_send_back, practice_submit


def _approved(world: World) -> dict[str, Any]:
    return {"practice": approved(world.art, world.lou)}


def _arts_draft(world: World) -> dict[str, Any]:
    return {"practice": draft(world.art)}


def _anns_draft(world: World) -> dict[str, Any]:
    return {"practice": draft(world.ann)}


def _sent_back(world: World) -> dict[str, Any]:
    """Ann's draft, sent back once by Lou: submitting again goes to Lou."""
    card = draft(world.ann)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    practice_send_back(practice=card, actor=world.lou, reason="Add a talk track")
    return {"practice": card}


def _in_review(world: World) -> dict[str, Any]:
    card = draft(world.ann)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    return {"practice": card}


def _other_firm(world: World) -> dict[str, Any]:
    boss = PersonFactory(organisation=world.other_org, role=Role.LEADER, email="oz@other.test")
    return {"practice": approved(world.otto, boss)}


def _adoption_of(name: str):  # type: ignore[no-untyped-def]
    def build(world: World) -> dict[str, Any]:
        card = approved(world.art, world.lou)
        person = getattr(world, name)
        return {"adoption": adoption_start(practice=card, person=person, actor=person)}

    return build


ANN_ADOPTS, GIL_ADOPTS = _adoption_of("ann"), _adoption_of("gil")
CARD = {
    "title": "Ask for the second meeting on the first",
    "problem": "Deals stall after a good first call.",
    "steps": "Propose a date before hanging up",
    "stage_tags": ["discovery"],
    "competency_tags": ["discovery"],
}
BAD_CARD = {"title": " ", "stage_tags": ["wooing"]}
P = "/practices/{practice.pk}"
A = "/api/practices/{practice.pk}"
AD = "/adoptions/{adoption.pk}"
API_AD = "/api/adoptions/{adoption.pk}"

CASES: list[Case] = [
    #     name                               path                     anon rep  mgr  lead adm
    Case("practice_library", "/practices/", (302, 200, 200, 200, 200), objects=_approved),
    Case("practice_library (bad filter)", "/practices/?stage=wooing", (302, 400, 400, 400, 400)),
    Case("practice_new", "/practices/new/", (302, 200, 200, 200, 200)),
    Case("practice_new (post)", "/practices/new/", (302, 302, 302, 302, 302), "post", data=CARD),
    Case(
        "practice_new (bad input)",
        "/practices/new/",
        (302, 400, 400, 400, 400),
        "post",
        data=BAD_CARD,
    ),
    Case(
        "practice_review_queue", "/practices/review/", (302, 403, 403, 200, 403), objects=_in_review
    ),
    Case("my_practices", "/practices/mine/", (302, 200, 200, 200, 200), objects=ANN_ADOPTS),
    Case("adoption_board", "/practices/adoption/", (302, 403, 200, 200, 403), objects=ANN_ADOPTS),
    Case(
        "adoption_board (other team)",
        "/practices/adoption/?team={w.gamma.pk}",
        (302, 403, 404, 200, 403),
    ),
    Case(
        "adoption_board (bad sort)", "/practices/adoption/?sort=salary", (302, 403, 400, 400, 403)
    ),
    # The board's downloads: the same people as the board, the same teams.
    Case(
        "adoption_board_download",
        "/practices/adoption/adoption-board.csv",
        (302, 403, 200, 200, 403),
        objects=ANN_ADOPTS,
    ),
    Case(
        "adoption_board_download (XLSX, other team)",
        "/practices/adoption/adoption-board.xlsx?team={w.gamma.pk}",
        (302, 403, 404, 200, 403),
    ),
    Case("practice_detail", P + "/", (302, 200, 200, 200, 200), objects=_approved),
    Case(
        "practice_detail (someone's draft)", P + "/", (302, 404, 404, 200, 200), objects=_arts_draft
    ),
    Case("practice_detail (own draft)", P + "/", (302, 200, 404, 200, 200), objects=_anns_draft),
    Case("practice_detail (other firm)", P + "/", (302, 404, 404, 404, 404), objects=_other_firm),
    Case("practice_edit", P + "/edit/", (302, 403, 403, 403, 200), objects=_approved),
    Case("practice_edit (own draft)", P + "/edit/", (302, 200, 404, 403, 200), objects=_anns_draft),
    Case(
        "practice_edit (bad input)",
        P + "/edit/",
        (302, 400, 404, 403, 400),
        "post",
        objects=_anns_draft,
        data=BAD_CARD,
    ),
    Case(
        "practice_submit",
        P + "/submit/",
        (302, 302, 404, 403, 302),
        "post",
        objects=_sent_back,
        data={},
    ),
    Case(
        "practice_submit (no sponsor)",
        P + "/submit/",
        (302, 400, 404, 400, 400),
        "post",
        objects=_anns_draft,
        data={},
    ),
    Case(
        "practice_approve",
        P + "/approve/",
        (302, 403, 403, 302, 403),
        "post",
        objects=_in_review,
        data={"note": "Good"},
    ),
    Case(
        "practice_approve (other firm)",
        P + "/approve/",
        (302, 403, 403, 404, 403),
        "post",
        objects=_other_firm,
        data={},
    ),
    Case(
        "practice_send_back",
        P + "/send-back/",
        (302, 403, 403, 302, 403),
        "post",
        objects=_in_review,
        data={"reason": "Add a talk track"},
    ),
    Case(
        "practice_send_back (no reason)",
        P + "/send-back/",
        (302, 403, 403, 400, 403),
        "post",
        objects=_in_review,
        data={"reason": ""},
    ),
    Case(
        "practice_retire",
        P + "/retire/",
        (302, 403, 403, 302, 302),
        "post",
        objects=_approved,
        data={"reason": "Superseded"},
    ),
    Case(
        "practice_comment",
        P + "/comments/",
        (302, 302, 302, 302, 302),
        "post",
        objects=_approved,
        data={"body": "How do you open it?"},
    ),
    Case(
        "practice_comment (someone's draft)",
        P + "/comments/",
        (302, 404, 404, 302, 302),
        "post",
        objects=_arts_draft,
        data={"body": "Looks good"},
    ),
    Case(
        "practice_comment (empty)",
        P + "/comments/",
        (302, 400, 400, 400, 400),
        "post",
        objects=_approved,
        data={"body": " "},
    ),
    Case("practice_version", P + "/versions/1/", (302, 200, 200, 200, 200), objects=_approved),
    Case(
        "practice_version (other firm)",
        P + "/versions/1/",
        (302, 404, 404, 404, 404),
        objects=_other_firm,
    ),
    Case(
        "practice_adopt",
        P + "/adopt/",
        (302, 302, 302, 302, 302),
        "post",
        objects=_approved,
        data={},
    ),
    Case(
        "practice_adopt (a draft)",
        P + "/adopt/",
        (302, 404, 404, 400, 400),
        "post",
        objects=_arts_draft,
        data={},
    ),
    Case(
        "adoption_advance",
        AD + "/advance/",
        (302, 302, 302, 302, 404),
        "post",
        objects=ANN_ADOPTS,
        data={"stage": "practising"},
    ),
    Case(
        "adoption_advance (other team)",
        AD + "/advance/",
        (302, 404, 404, 302, 404),
        "post",
        objects=GIL_ADOPTS,
        data={"stage": "practising"},
    ),
    Case(
        "adoption_advance (skipping)",
        AD + "/advance/",
        (302, 400, 400, 400, 404),
        "post",
        objects=ANN_ADOPTS,
        data={"stage": "habitual"},
    ),
    Case(
        "adoption_check",
        AD + "/check/",
        (302, 400, 400, 400, 404),
        "post",
        objects=ANN_ADOPTS,
        data={},
    ),
    # API
    Case("GET /api/practices", "/api/practices", (401, 200, 200, 200, 200), objects=_approved),
    Case("POST /api/practices", "/api/practices", (401, 201, 201, 201, 201), "post", data=CARD),
    Case(
        "POST /api/practices (bad input)",
        "/api/practices",
        (401, 400, 400, 400, 400),
        "post",
        data=BAD_CARD,
    ),
    Case("GET /api/practices/{practice_id}", A, (401, 200, 200, 200, 200), objects=_approved),
    Case(
        "GET /api/practices/{practice_id} (draft)",
        A,
        (401, 404, 404, 200, 200),
        objects=_arts_draft,
    ),
    Case(
        "GET /api/practices/{practice_id} (other firm)",
        A,
        (401, 404, 404, 404, 404),
        objects=_other_firm,
    ),
    Case(
        "PATCH /api/practices/{practice_id}",
        A,
        (401, 403, 403, 403, 200),
        "patch",
        objects=_approved,
        data={"when_to_use": "Any deal with a date to hit"},
    ),
    Case(
        "PATCH /api/practices/{practice_id} (own draft)",
        A,
        (401, 200, 404, 403, 200),
        "patch",
        objects=_anns_draft,
        data={"when_to_use": "Late-stage deals"},
    ),
    Case(
        "POST /api/practices/{practice_id}/submit",
        A + "/submit",
        (401, 200, 404, 403, 200),
        "post",
        objects=_sent_back,
        data={},
    ),
    Case(
        "POST /api/practices/{practice_id}/approve",
        A + "/approve",
        (401, 403, 403, 200, 403),
        "post",
        objects=_in_review,
        data={"note": ""},
    ),
    Case(
        "POST /api/practices/{practice_id}/send-back",
        A + "/send-back",
        (401, 403, 403, 200, 403),
        "post",
        objects=_in_review,
        data={"reason": "Add a talk track"},
    ),
    Case(
        "POST /api/practices/{practice_id}/send-back (no reason)",
        A + "/send-back",
        (401, 403, 403, 400, 403),
        "post",
        objects=_in_review,
        data={"reason": " "},
    ),
    Case(
        "POST /api/practices/{practice_id}/comments",
        A + "/comments",
        (401, 201, 201, 201, 201),
        "post",
        objects=_approved,
        data={"body": "Does it work for renewals?"},
    ),
    Case(
        "POST /api/practices/{practice_id}/adopt",
        A + "/adopt",
        (401, 201, 201, 201, 201),
        "post",
        objects=_approved,
        data={},
    ),
    Case(
        "POST /api/practices/{practice_id}/adopt (other firm)",
        A + "/adopt",
        (401, 404, 404, 404, 404),
        "post",
        objects=_other_firm,
        data={},
    ),
    Case(
        "POST /api/adoptions/{adoption_id}/advance",
        API_AD + "/advance",
        (401, 200, 200, 200, 404),
        "post",
        objects=ANN_ADOPTS,
        data={"stage": "practising"},
    ),
    Case(
        "POST /api/adoptions/{adoption_id}/advance (other team)",
        API_AD + "/advance",
        (401, 404, 404, 200, 404),
        "post",
        objects=GIL_ADOPTS,
        data={"stage": "practising"},
    ),
    Case(
        "POST /api/adoptions/{adoption_id}/check",
        API_AD + "/check",
        (401, 400, 400, 400, 404),
        "post",
        objects=ANN_ADOPTS,
        data={},
    ),
]
