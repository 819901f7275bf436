"""Roles x endpoints rows for this capability's pages and API operations (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin). Paths are formatted with the
world as `w` (tests/conftest.py); rows that need an object name it in `path` through the world.

Ann (the rep) is a star, and so are her teammate Art and Gil of another team; Otto is the other
company's star. A rep sees her own profile and the debriefs she takes part in, nobody else's;
Mia (Alpha's manager) sees her reps' profiles and debriefs and may schedule one with her team's
stars, but changes none that someone else scheduled; leader Lou and admin Ada see and run them
all; nobody sees the other company's.
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles
from uplift.debriefs.models import QuestionTemplate
from uplift.debriefs.services import question_templates_ensure


def _debrief_of(name: str):  # type: ignore[no-untyped-def]
    def build(world: World) -> dict[str, Any]:
        world_profiles(world)
        return {"debrief": debrief_with(world, getattr(world, name))}

    return build


def _profiles(world: World) -> dict[str, Any]:
    world_profiles(world)
    return {}


def _question(world: World) -> dict[str, Any]:
    question_templates_ensure(organisation=world.org)
    question_templates_ensure(organisation=world.other_org)
    mine = QuestionTemplate.objects.filter(organisation=world.org).first()
    theirs = QuestionTemplate.objects.filter(organisation=world.other_org).first()
    return {"question": mine, "other": theirs}


ANN, ART, GIL, OTTO = (_debrief_of(n) for n in ("ann", "art", "gil", "otto"))
NOTE = {"field": "notes", "text": "Books the next meeting before leaving the room."}
DRAFT = {"title": "Book the next meeting in the room", "evidence": ["meetings_per_opportunity"]}
QUESTION = {"stage": "discovery", "text": "What do you ask first?", "action": "save"}
SCHEDULE = {"star_id": 999999, "interviewer_id": 999999, "scheduled_at": "2026-12-01T10:00:00Z"}

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("debriefs", "/debriefs/", (302, 200, 200, 200, 200), objects=ANN),
    Case("debrief_new", "/debriefs/new/", (302, 403, 200, 200, 200), objects=_profiles),
    Case(
        "debrief_new (bad input)",
        "/debriefs/new/",
        (302, 403, 400, 400, 400),
        "post",
        objects=_profiles,
        data={"star": "", "scheduled_at": "soon"},
    ),
    Case("debrief_detail", "/debriefs/{debrief.pk}/", (302, 200, 200, 200, 200), objects=ANN),
    Case(
        "debrief_detail (teammate)",
        "/debriefs/{debrief.pk}/",
        (302, 404, 200, 200, 200),
        objects=ART,
    ),
    Case(
        "debrief_detail (other team)",
        "/debriefs/{debrief.pk}/",
        (302, 404, 404, 200, 200),
        objects=GIL,
    ),
    Case(
        "debrief_detail (other firm)",
        "/debriefs/{debrief.pk}/",
        (302, 404, 404, 404, 404),
        objects=OTTO,
    ),
    Case(
        "debrief_save",
        "/debriefs/{debrief.pk}/save/",
        (302, 403, 403, 302, 302),
        "post",
        objects=ANN,
        data=NOTE,
    ),
    Case(
        "debrief_save (other team)",
        "/debriefs/{debrief.pk}/save/",
        (302, 404, 404, 302, 302),
        "post",
        objects=GIL,
        data=NOTE,
    ),
    Case(
        "debrief_save (other firm)",
        "/debriefs/{debrief.pk}/save/",
        (302, 404, 404, 404, 404),
        "post",
        objects=OTTO,
        data=NOTE,
    ),
    Case(
        "debrief_status",
        "/debriefs/{debrief.pk}/status/",
        (302, 403, 403, 302, 302),
        "post",
        objects=ANN,
        data={"status": "completed"},
    ),
    Case(
        "debrief_practice_new",
        "/debriefs/{debrief.pk}/practices/",
        (302, 403, 403, 302, 302),
        "post",
        objects=ANN,
        data=DRAFT,
    ),
    Case(
        "debrief_practice_new (other firm)",
        "/debriefs/{debrief.pk}/practices/",
        (302, 404, 404, 404, 404),
        "post",
        objects=OTTO,
        data=DRAFT,
    ),
    Case("star_profiles", "/stars/", (302, 200, 200, 200, 200), objects=_profiles),
    # The list's downloads: the same stars as the list (a rep: only themself, when a star).
    Case(
        "star_profiles_download",
        "/stars/stars.csv",
        (302, 200, 200, 200, 200),
        objects=_profiles,
    ),
    Case(
        "star_profiles_download (XLSX)",
        "/stars/stars.xlsx",
        (302, 200, 200, 200, 200),
        objects=_profiles,
    ),
    Case("star_profiles (bad sort)", "/stars/?sort=salary", (302, 400, 400, 400, 400)),
    Case("star_profile", "/stars/{w.ann.pk}/", (302, 200, 200, 200, 200), objects=_profiles),
    Case(
        "star_profile (teammate)",
        "/stars/{w.art.pk}/",
        (302, 404, 200, 200, 200),
        objects=_profiles,
    ),
    Case(
        "star_profile (other team)",
        "/stars/{w.gil.pk}/",
        (302, 404, 404, 200, 200),
        objects=_profiles,
    ),
    Case(
        "star_profile (other firm)",
        "/stars/{w.otto.pk}/",
        (302, 404, 404, 404, 404),
        objects=_profiles,
    ),
    Case("debrief_questions", "/debriefs/questions/", (302, 403, 403, 403, 200)),
    Case(
        "debrief_questions (bad input)",
        "/debriefs/questions/",
        (302, 403, 403, 403, 400),
        "post",
        data={"stage": "smalltalk", "text": ""},
    ),
    Case(
        "debrief_question",
        "/debriefs/questions/{question.pk}/",
        (302, 403, 403, 403, 302),
        "post",
        objects=_question,
        data=QUESTION,
    ),
    Case(
        "debrief_question (other firm)",
        "/debriefs/questions/{other.pk}/",
        (302, 403, 403, 403, 404),
        "post",
        objects=_question,
        data=QUESTION,
    ),
    # The API: the same rules, with 401 instead of a redirect to the sign-in page.
    Case("GET /api/debriefs", "/api/debriefs", (401, 200, 200, 200, 200), objects=ANN),
    Case(
        "POST /api/debriefs",
        "/api/debriefs",
        (401, 403, 404, 404, 404),
        "post",
        objects=_profiles,
        data=SCHEDULE,
    ),
    Case(
        "GET /api/debriefs/{debrief_id}",
        "/api/debriefs/{debrief.pk}",
        (401, 200, 200, 200, 200),
        objects=ANN,
    ),
    Case(
        "GET /api/debriefs/{debrief_id} (teammate)",
        "/api/debriefs/{debrief.pk}",
        (401, 404, 200, 200, 200),
        objects=ART,
    ),
    Case(
        "GET /api/debriefs/{debrief_id} (other firm)",
        "/api/debriefs/{debrief.pk}",
        (401, 404, 404, 404, 404),
        objects=OTTO,
    ),
    Case(
        "PATCH /api/debriefs/{debrief_id}",
        "/api/debriefs/{debrief.pk}",
        (401, 403, 403, 200, 200),
        "patch",
        objects=ANN,
        data={"notes": "Multi-threads from the first call."},
    ),
    Case(
        "PATCH /api/debriefs/{debrief_id} (other team)",
        "/api/debriefs/{debrief.pk}",
        (401, 404, 404, 200, 200),
        "patch",
        objects=GIL,
        data={"status": "completed"},
    ),
    Case(
        "POST /api/debriefs/{debrief_id}/practices",
        "/api/debriefs/{debrief.pk}/practices",
        (401, 403, 403, 201, 201),
        "post",
        objects=ANN,
        data={"title": "Two sponsors before the proposal"},
    ),
    Case(
        "GET /api/stars/{person_id}/profile",
        "/api/stars/{w.ann.pk}/profile",
        (401, 200, 200, 200, 200),
        objects=_profiles,
    ),
    Case(
        "GET /api/stars/{person_id}/profile (teammate)",
        "/api/stars/{w.art.pk}/profile",
        (401, 404, 200, 200, 200),
        objects=_profiles,
    ),
    Case(
        "GET /api/stars/{person_id}/profile (other firm)",
        "/api/stars/{w.otto.pk}/profile",
        (401, 404, 404, 404, 404),
        objects=_profiles,
    ),
]
