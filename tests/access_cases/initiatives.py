"""Roles x endpoints rows for the sharing initiatives (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Lou launched the initiative and sponsors it, Ada owns it. Art (Alpha) and Gil (Gamma) accepted
as partners, Ann is invited and has not answered, Bob is a star not invited yet. Art hosted a
session Ann came to; another is planned. Art mentors Ann (agreed by Mia, her manager); Gil has
proposed to mentor Ann too, waiting for Mia. The other company has an initiative of its own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access_cases import Case
from tests.conftest import World
from tests.initiatives.builders import at, days_ago, launched, partnered, session_held
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Initiative
from uplift.initiatives.services import (
    pair_decide,
    pair_propose,
    partners_invite,
    session_schedule,
)


def _foreign(world: World) -> Initiative:
    return Initiative.objects.create(
        organisation=world.other_org,
        name="Their initiative",
        purpose="Theirs.",
        sponsor=world.olga,
        owner=world.olga,
        starts_on=days_ago(10),
        ends_on=days_ago(-300),
        target_close_fraction=0.25,
        target_quarters=4,
        target_metric="win_rate",
    )


def objects(world: World) -> dict[str, Any]:
    start = days_ago(30)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.art, {Kind.SESSIONS_HOSTED: 1, Kind.MENTEES: 1}, today=start)
    partnered(initiative, world.gil, {Kind.DEBRIEFS: 1}, today=start)
    partners_invite(initiative=initiative, invited_by=world.lou, people=[world.ann])
    held = session_held(initiative, world.art, [world.ann], days_ago(2))
    planned = session_schedule(
        initiative=initiative,
        actor=world.ada,
        host=world.art,
        kind="clinic",
        topic="Price objections",
        scheduled_at=at(timezone.localdate() + timedelta(days=5)),
    )
    agreed = pair_propose(initiative=initiative, mentor=world.art, mentee=world.ann)
    pair_decide(pair=agreed, actor=world.mia, agree=True)
    proposed = pair_propose(initiative=initiative, mentor=world.gil, mentee=world.ann)
    return {
        "i": initiative,
        "foreign": _foreign(world),
        "held": held,
        "planned": planned,
        "agreed": agreed,
        "proposed": proposed,
    }


RETRO = {"retrospective": "Debriefs worked, sessions drifted; next time smaller groups."}
ONE = "/initiatives/{i.pk}"
API = "/api/initiatives/{i.pk}"

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("initiatives_list", "/initiatives/", (302, 200, 200, 200, 200)),
    Case("initiatives_new", "/initiatives/new/", (302, 403, 403, 200, 403)),
    Case(
        "initiatives_new (empty form)",
        "/initiatives/new/",
        (302, 403, 403, 400, 403),
        "post",
        data={"name": ""},
    ),
    Case("initiatives_detail", f"{ONE}/", (302, 200, 200, 200, 200), objects=objects),
    Case(
        "initiatives_detail (other firm)",
        "/initiatives/{foreign.pk}/",
        (302, 404, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "initiatives_invite (no one chosen)",
        f"{ONE}/invite/",
        (302, 403, 403, 400, 403),
        "post",
        objects=objects,
        data={"people": []},
    ),
    # Only the person invited answers: Ann.
    Case(
        "initiatives_invitation",
        f"{ONE}/invitation/",
        (302, 200, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "initiatives_invitation (accept)",
        f"{ONE}/invitation/",
        (302, 302, 404, 404, 404),
        "post",
        objects=objects,
        data={"answer": "accept", "debriefs_per_quarter": "1"},
    ),
    # Ann is not a partner yet; Lou commits as a leader.
    Case(
        "initiatives_pledge",
        f"{ONE}/pledge/",
        (302, 403, 403, 302, 403),
        "post",
        objects=objects,
        data={"as": "leader", "spotlights_per_month": "1", "debriefs_per_quarter": "1"},
    ),
    Case(
        "initiatives_commitments",
        f"{ONE}/commitments/",
        (302, 200, 200, 200, 200),
        objects=objects,
    ),
    Case(
        "initiatives_commitments (other firm)",
        "/initiatives/{foreign.pk}/commitments/",
        (302, 404, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "initiatives_close",
        f"{ONE}/close/",
        (302, 403, 403, 302, 403),
        "post",
        objects=objects,
        data=RETRO,
    ),
    Case("initiatives_health", f"{ONE}/health/", (302, 403, 403, 200, 200), objects=objects),
    Case(
        "initiatives_health (other firm)",
        "/initiatives/{foreign.pk}/health/",
        (302, 403, 403, 404, 404),
        objects=objects,
    ),
    Case(
        "initiatives_session_new",
        f"{ONE}/sessions/new/",
        (302, 403, 403, 200, 200),
        objects=objects,
    ),
    Case(
        "initiatives_session_new (empty form)",
        f"{ONE}/sessions/new/",
        (302, 403, 403, 400, 400),
        "post",
        objects=objects,
        data={"topic": ""},
    ),
    # Only partners mentor; none of the four is one.
    Case(
        "initiatives_pair_new",
        f"{ONE}/mentoring/",
        (302, 403, 403, 403, 403),
        "post",
        objects=objects,
        data={"mentee": "0"},
    ),
    Case(
        "initiatives_session",
        "/initiatives/sessions/{held.pk}/",
        (302, 200, 200, 200, 200),
        objects=objects,
    ),
    Case(
        "initiatives_session_attendance",
        "/initiatives/sessions/{held.pk}/attendance/",
        (302, 403, 403, 302, 302),
        "post",
        objects=objects,
        data={},
    ),
    Case(
        "initiatives_session_notes",
        "/initiatives/sessions/{held.pk}/notes/",
        (302, 403, 403, 302, 302),
        "post",
        objects=objects,
        data={"notes": "Ask who else is affected."},
    ),
    # The host (Art) alone turns the notes into a draft.
    Case(
        "initiatives_session_draft",
        "/initiatives/sessions/{held.pk}/draft/",
        (302, 403, 403, 403, 403),
        "post",
        objects=objects,
        data={"title": "Renewal story"},
    ),
    Case(
        "initiatives_session_cancel",
        "/initiatives/sessions/{planned.pk}/cancel/",
        (302, 403, 403, 302, 302),
        "post",
        objects=objects,
    ),
    Case(
        "initiatives_session_ics",
        "/initiatives/sessions/{planned.pk}/invite.ics",
        (302, 200, 200, 200, 200),
        objects=objects,
    ),
    # Ann's manager chain (Mia, Lou) agrees to a pair mentoring her.
    Case(
        "initiatives_pair_decide",
        "/initiatives/mentoring/{proposed.pk}/decide/",
        (302, 403, 302, 302, 403),
        "post",
        objects=objects,
        data={"decision": "agree"},
    ),
    Case(
        "initiatives_check_in",
        "/initiatives/mentoring/{agreed.pk}/check-ins/",
        (302, 302, 403, 403, 404),
        "post",
        objects=objects,
        data={"held_on": "2026-01-10", "note": "Two calls reviewed"},
    ),
    # The API: the same rules, 401 without credentials.
    Case("GET /api/initiatives", "/api/initiatives", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/initiatives (no such sponsor)",
        "/api/initiatives",
        (401, 403, 403, 404, 403),
        "post",
        data={
            "name": "Share",
            "purpose": "Share what works.",
            "sponsor_id": 999999,
            "owner_id": 999999,
            "starts_on": "2026-01-05",
        },
    ),
    Case(
        "GET /api/initiatives/{initiative_id}",
        API,
        (401, 200, 200, 200, 200),
        objects=objects,
    ),
    Case(
        "GET /api/initiatives/{initiative_id} (other firm)",
        "/api/initiatives/{foreign.pk}",
        (401, 404, 404, 404, 404),
        objects=objects,
    ),
    Case(
        "POST /api/initiatives/{initiative_id}/partners (nobody known)",
        f"{API}/partners",
        (401, 403, 403, 404, 403),
        "post",
        objects=objects,
        data={"person_ids": [999999]},
    ),
    Case(
        "POST /api/initiatives/{initiative_id}/invitation",
        f"{API}/invitation",
        (401, 200, 404, 404, 404),
        "post",
        objects=objects,
        data={"accept": False, "note": "Next year"},
    ),
    Case(
        "GET /api/initiatives/{initiative_id}/commitments",
        f"{API}/commitments",
        (401, 200, 200, 200, 200),
        objects=objects,
    ),
    Case(
        "PUT /api/initiatives/{initiative_id}/commitments/partner",
        f"{API}/commitments/partner",
        (401, 403, 403, 403, 403),
        "put",
        objects=objects,
        data={"debriefs_per_quarter": 1},
    ),
    Case(
        "PUT /api/initiatives/{initiative_id}/commitments/leader",
        f"{API}/commitments/leader",
        (401, 403, 403, 200, 403),
        "put",
        objects=objects,
        data={"spotlights_per_month": 2},
    ),
    Case(
        "GET /api/initiatives/{initiative_id}/health",
        f"{API}/health",
        (401, 403, 403, 200, 200),
        objects=objects,
    ),
    Case(
        "POST /api/initiatives/{initiative_id}/close",
        f"{API}/close",
        (401, 403, 403, 200, 403),
        "post",
        objects=objects,
        data=RETRO,
    ),
    Case(
        "GET /api/initiatives/{initiative_id}/sessions",
        f"{API}/sessions",
        (401, 200, 200, 200, 200),
        objects=objects,
    ),
    # The caller hosts: an enablement admin runs the cadence but does not host.
    Case(
        "POST /api/initiatives/{initiative_id}/sessions",
        f"{API}/sessions",
        (401, 403, 403, 201, 400),
        "post",
        objects=objects,
        data={"kind": "office_hours", "topic": "Ask me", "scheduled_at": "2027-01-05T15:00:00Z"},
    ),
    Case(
        "POST /api/initiatives/sessions/{sharing_session_id}/attendance",
        "/api/initiatives/sessions/{held.pk}/attendance",
        (401, 403, 403, 200, 200),
        "post",
        objects=objects,
        data={"person_ids": []},
    ),
    Case(
        "POST /api/initiatives/sessions/{sharing_session_id}/draft",
        "/api/initiatives/sessions/{held.pk}/draft",
        (401, 403, 403, 403, 403),
        "post",
        objects=objects,
        data={},
    ),
    Case(
        "POST /api/initiatives/{initiative_id}/mentoring (no such rep)",
        f"{API}/mentoring",
        (401, 404, 404, 404, 404),
        "post",
        objects=objects,
        data={"mentee_id": 999999},
    ),
    Case(
        "POST /api/initiatives/mentoring/{pair_id}/decision",
        "/api/initiatives/mentoring/{proposed.pk}/decision",
        (401, 403, 200, 200, 403),
        "post",
        objects=objects,
        data={"agree": True},
    ),
    Case(
        "POST /api/initiatives/mentoring/{pair_id}/check-ins",
        "/api/initiatives/mentoring/{agreed.pk}/check-ins",
        (401, 201, 403, 403, 404),
        "post",
        objects=objects,
        data={"held_on": "2026-01-10", "note": "Two calls reviewed"},
    ),
]
