"""Roles x endpoints rows for recognition events (pages and API).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin). Everyone in the organisation
sees its events; leaders create, close, shortlist and decide; the programme is public once
decided and a leaders' draft before. Another company's events answer 404.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.awards.models import AwardCategory, AwardEvent, AwardWinner, Nomination
from uplift.orgs.models import Organisation, Person

EVIDENCE = [{"kind": "points", "key": "points", "label": "40 points on the ledger", "detail": ""}]


def _event(org: Organisation, name: str, status: str) -> AwardEvent:
    event = AwardEvent.objects.create(
        organisation=org, name=name, held_on=date(2026, 6, 1), status=status
    )
    AwardCategory.objects.create(event=event, name="Team player")
    return event


def _nomination(event: AwardEvent, nominee: Person, nominator: Person) -> Nomination:
    category = event.categories.get()
    return Nomination.objects.create(
        category=category,
        nominee=nominee,
        nominator=nominator,
        evidence=EVIDENCE,
        reason="Helped every new starter with their first discovery calls.",
        shortlisted=True,
    )


def open_event(w: World) -> dict[str, Any]:
    return {"event": _event(w.org, "Summer awards", AwardEvent.Status.OPEN)}


def shortlisting(w: World) -> dict[str, Any]:
    event = _event(w.org, "Autumn awards", AwardEvent.Status.SHORTLISTING)
    return {
        "event": event,
        "nomination": _nomination(event, w.art, w.bob),
        "category": event.categories.get(),
    }


def decided(w: World) -> dict[str, Any]:
    event = _event(w.org, "Winter awards", AwardEvent.Status.DECIDED)
    nomination = _nomination(event, w.art, w.bob)
    AwardWinner.objects.create(category=nomination.category, nominee=w.art, citation="For Art.")
    return {"event": event}


def other_firm(w: World) -> dict[str, Any]:
    return {"event": _event(w.other_org, "Rival awards", AwardEvent.Status.DECIDED)}


# A ceremony a month ahead: a date in the past or far ahead asks to be confirmed first.
SOON = (datetime.now(tz=UTC).date() + timedelta(days=30)).isoformat()
NEW_EVENT = {
    "name": "Kick-off awards",
    "held_on": SOON,
    "categories": "Team player: who helped most",
}
NEW_EVENT_API = {
    "name": "Kick-off awards",
    "held_on": "2026-09-01",
    "categories": [{"name": "Team player"}],
}
E = "/awards/{event.pk}"
A = "/api/awards/events/{event.pk}"

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("awards_events", "/awards/", (302, 200, 200, 200, 200)),
    Case("awards_events (create)", "/awards/", (302, 403, 403, 302, 403), "post", data=NEW_EVENT),
    Case(
        "awards_events (create, bad)",
        "/awards/",
        (302, 403, 403, 400, 403),
        "post",
        data={"name": "", "held_on": "soon"},
    ),
    Case("awards_event", E + "/", (302, 200, 200, 200, 200), objects=open_event),
    Case("awards_event (other firm)", E + "/", (302, 404, 404, 404, 404), objects=other_firm),
    Case("awards_nominate", E + "/nominate/", (302, 200, 200, 200, 200), objects=open_event),
    Case(
        "awards_nominate (bad)",
        E + "/nominate/",
        (302, 400, 400, 400, 400),
        "post",
        objects=open_event,
        data={"reason": "short"},
    ),
    Case("awards_nominate (closed)", E + "/nominate/", (302, 302, 302, 302, 302), objects=decided),
    Case(
        "awards_nominate (other firm)",
        E + "/nominate/",
        (302, 404, 404, 404, 404),
        objects=other_firm,
    ),
    Case(
        "awards_evidence",
        E + "/evidence/?nominee={w.gil.pk}",
        (302, 200, 200, 200, 200),
        objects=open_event,
    ),
    Case(
        "awards_evidence (other firm)",
        E + "/evidence/?nominee={w.otto.pk}",
        (302, 404, 404, 404, 404),
        objects=open_event,
    ),
    Case(
        "awards_status",
        E + "/status/",
        (302, 403, 403, 302, 403),
        "post",
        objects=shortlisting,
        data={"to": "open"},
    ),
    Case("awards_decide", E + "/decide/", (302, 403, 403, 200, 403), objects=shortlisting),
    Case(
        "awards_decide (other firm)", E + "/decide/", (302, 403, 403, 404, 403), objects=other_firm
    ),
    Case(
        "awards_programme (draft)",
        E + "/programme.pdf",
        (302, 404, 404, 200, 404),
        objects=open_event,
    ),
    Case("awards_programme", E + "/programme.pdf", (302, 200, 200, 200, 200), objects=decided),
    Case(
        "awards_shortlist",
        "/awards/nominations/{nomination.pk}/shortlist/",
        (302, 403, 403, 302, 403),
        "post",
        objects=shortlisting,
        data={"shortlisted": "0"},
    ),
    # The API
    Case("GET /api/awards/events", "/api/awards/events", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/awards/events",
        "/api/awards/events",
        (401, 403, 403, 201, 403),
        "post",
        data=NEW_EVENT_API,
    ),
    Case(
        "POST /api/awards/events (bad)",
        "/api/awards/events",
        (401, 403, 403, 400, 403),
        "post",
        data={**NEW_EVENT_API, "categories": []},
    ),
    Case("GET /api/awards/events/{event_id}", A, (401, 200, 200, 200, 200), objects=decided),
    Case(
        "GET /api/awards/events/{event_id} (other firm)",
        A,
        (401, 404, 404, 404, 404),
        objects=other_firm,
    ),
    Case(
        "GET /api/awards/events/{event_id}/evidence/{person_id}",
        A + "/evidence/{w.gil.pk}",
        (401, 200, 200, 200, 200),
        objects=open_event,
    ),
    Case(
        "GET /api/awards/events/{event_id}/evidence/{person_id} (other firm)",
        A + "/evidence/{w.otto.pk}",
        (401, 404, 404, 404, 404),
        objects=open_event,
    ),
    Case(
        "POST /api/awards/events/{event_id}/nominations",
        A + "/nominations",
        (401, 400, 400, 400, 400),
        "post",
        objects=open_event,
        data={"category_id": 0, "nominee_id": 0, "reason": "x", "evidence": []},
    ),
    Case(
        "POST /api/awards/events/{event_id}/status",
        A + "/status",
        (401, 403, 403, 200, 403),
        "post",
        objects=shortlisting,
        data={"to": "open"},
    ),
    Case(
        "POST /api/awards/nominations/{nomination_id}/shortlist",
        "/api/awards/nominations/{nomination.pk}/shortlist",
        (401, 403, 403, 200, 403),
        "post",
        objects=shortlisting,
        data={"shortlisted": True},
    ),
    Case(
        "POST /api/awards/events/{event_id}/winners",
        A + "/winners",
        (401, 403, 403, 400, 403),
        "post",
        objects=shortlisting,
        data=[],
    ),  # type: ignore[arg-type]
]
