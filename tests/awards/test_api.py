"""The awards API end to end: nominate with evidence keys, close, shortlist, decide; and what a
rep reads back before and after the decision."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tests.awards.conftest import Stage
from tests.conftest import World


def test_nominate_shortlist_decide_through_the_api(
    stage: Stage, world: World, login: Callable[..., Client]
) -> None:
    event, category = stage.event.pk, stage.event.categories.first().pk  # type: ignore[union-attr]
    bob = login(world.bob)
    options = bob.get(f"/api/awards/events/{event}/evidence/{world.ann.pk}").json()["items"]
    keys = [o["key"] for o in options if o["kind"] in ("practice", "kudos")]
    assert keys == [f"practice:{stage.practice.pk}", f"kudos:{stage.kudos.pk}"]
    refused = bob.post(
        f"/api/awards/events/{event}/nominations",
        {
            "category_id": category,
            "nominee_id": world.ann.pk,
            "evidence": ["kudos:1234567"],
            "reason": "Her practice changed how our whole team runs proposals.",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "Pick evidence from the list" in refused.json()["detail"]
    made = bob.post(
        f"/api/awards/events/{event}/nominations",
        {
            "category_id": category,
            "nominee_id": world.ann.pk,
            "evidence": keys,
            "reason": "Her practice changed how our whole team runs proposals.",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    nomination = made.json()["id"]
    assert bob.get(f"/api/awards/events/{event}").json()["nominations"][0]["id"] == nomination
    bob.logout()

    lou = login(world.lou)
    url = f"/api/awards/events/{event}"
    assert (
        lou.post(
            f"{url}/status", {"to": "shortlisting"}, content_type="application/json"
        ).status_code
        == 200
    )
    shortlisted = lou.post(
        f"/api/awards/nominations/{nomination}/shortlist",
        {"shortlisted": True},
        content_type="application/json",
    )
    assert shortlisted.json()["shortlisted"] is True
    decided = lou.post(
        f"{url}/winners",
        [{"category_id": category, "nominee_id": world.ann.pk, "citation": "For sharing."}],
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "decided"
    lou.logout()

    gil = login(world.gil).get(url).json()
    first = gil["categories"][0]
    assert first["winner"]["nominee"]["full_name"] == "Ann Test"
    assert first["winner"]["citation"] == "For sharing."
    assert [p["full_name"] for p in first["finalists"]] == ["Ann Test"]
    assert gil["nominations"] == []  # Gil made none, and is not a leader
