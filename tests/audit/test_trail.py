"""The audit trail records who did what and who opened whose private records, cannot be
edited, is searched by admins and leaders of its own organisation only, and is pruned to the
organisation's retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from tests.coaching.builders import one_on_one
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.audit.context import acting
from uplift.audit.models import Action, AuditEvent, AuditIsAppendOnlyError, Door, PrivateRecord
from uplift.audit.services import audit_prune, audit_record, audit_retention_set
from uplift.coaching.services import coaching_session_update
from uplift.core.refusals import Invalid, NotAllowed
from uplift.orgs.models import Role
from uplift.orgs.services import api_token_create


def _events(**filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters))


def test_the_trail_refuses_updates_and_deletes(world: World) -> None:
    event = audit_record(action=Action.SETTINGS_CHANGED, actor=world.ada, detail="x")
    with pytest.raises(AuditIsAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="y")
    with pytest.raises(AuditIsAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.detail = "y"
    with pytest.raises(AuditIsAppendOnlyError):
        event.save()
    with pytest.raises(AuditIsAppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "x"


def test_a_manager_opening_coaching_notes_is_recorded_once_and_the_rep_sees_it(
    world: World, login
) -> None:  # type: ignore[no-untyped-def]
    session = one_on_one(world.ann, world.mia, notes="Ann wants to move to enterprise")
    client = login(world.mia)
    assert client.get(f"/coaching/sessions/{session.pk}/").status_code == 200
    assert client.get(f"/coaching/sessions/{session.pk}/").status_code == 200
    opened = _events(action=Action.PRIVATE_VIEWED, record=PrivateRecord.COACHING_SESSION)
    assert [(e.actor, e.subject, e.record_id) for e in opened] == [
        (world.mia, world.ann, session.pk)
    ]
    ann = Client()
    ann.login(request=HttpRequest(), username=world.ann.email, password=TEST_PASSWORD)
    assert ann.get(f"/coaching/sessions/{session.pk}/").status_code == 200  # her own: no event
    assert len(_events(action=Action.PRIVATE_VIEWED)) == 1
    page = ann.get("/audit/mine/").content.decode()
    assert "Mia Test" in page
    assert "coaching notes" in page
    mine = ann.get("/api/audit/mine").json()["events"]
    assert [(e["actor"]["name"], e["record"]) for e in mine] == [("Mia Test", "coaching_session")]


def test_changes_of_private_records_made_by_a_person_are_recorded(world: World) -> None:
    session = one_on_one(world.ann, world.mia)
    assert _events(action=Action.PRIVATE_CHANGED) == []  # made outside a request: no one acting
    with acting(person=world.mia, door=Door.PAGE):
        coaching_session_update(session=session, notes="Talked about pricing.")
    changed = _events(action=Action.PRIVATE_CHANGED, record=PrivateRecord.COACHING_SESSION)
    assert [(e.actor, e.subject, e.detail, e.door) for e in changed] == [
        (world.mia, world.ann, "changed", "page")
    ]


def test_sign_ins_and_refused_ones_are_recorded(world: World) -> None:
    client = Client()
    client.post("/login/", {"username": world.ann.email, "password": "not-her-password"})
    client.post("/login/", {"username": "nobody@nowhere.test", "password": "x"})
    assert client.login(request=HttpRequest(), username=world.ann.email, password=TEST_PASSWORD)
    refused = _events(action=Action.SIGN_IN_FAILED)
    assert {(e.actor_id, e.detail) for e in refused} == {
        (world.ann.pk, ""),
        (None, "an address that belongs to no one"),
    }
    assert [e.actor for e in _events(action=Action.SIGNED_IN)] == [world.ann]
    assert not any("nobody@nowhere.test" in e.detail for e in AuditEvent.objects.all())


def test_role_changes_and_deactivation_are_recorded(world: World) -> None:
    world.art.role = Role.MANAGER
    world.art.save()
    world.art.is_active = False
    world.art.save()
    assert [e.detail for e in _events(action=Action.ROLE_CHANGED, subject=world.art)] == [
        "rep → manager"
    ]
    assert len(_events(action=Action.DEACTIVATED, subject=world.art)) == 1


def test_downloads_and_api_token_use_are_recorded(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.ada)
    assert client.get("/audit/audit-table.csv").status_code == 200
    assert [(e.actor, e.detail) for e in _events(action=Action.DOWNLOADED)] == [
        (world.ada, "audit-table.csv")
    ]
    _, clear = api_token_create(person=world.ann, name="script", lifetime_days=30)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    assert Client().get("/api/audit/mine", **bearer).status_code == 200
    assert Client().get("/api/audit/mine", **bearer).status_code == 200
    used = _events(action=Action.API_TOKEN_USED)
    assert [(e.actor, e.door, e.detail) for e in used] == [
        (world.ann, "api", f"token {clear[:12]}…")
    ]


def test_admins_and_leaders_search_their_own_organisation_only(world: World, login) -> None:  # type: ignore[no-untyped-def]
    audit_record(action=Action.SETTINGS_CHANGED, actor=world.ada, detail="ours")
    audit_record(action=Action.SETTINGS_CHANGED, actor=world.olga, detail="theirs")
    audit_record(action=Action.DOWNLOADED, actor=world.ann, detail="scorecards.csv")
    for person in (world.ada, world.lou):
        client = login(person)
        page = client.get("/audit/?action=settings_changed").content.decode()
        assert "ours" in page
        assert "theirs" not in page
        assert "scorecards.csv" not in page
        found = client.get(f"/api/audit/events?person={world.ann.pk}").json()["events"]
        assert [e["detail"] for e in found] == ["scorecards.csv"]
        assert client.get(f"/api/audit/events?person={world.olga.pk}").json()["events"] == []


def test_retention_is_set_by_the_admin_and_the_prune_removes_only_older_events(
    world: World,
) -> None:
    with pytest.raises(NotAllowed):
        audit_retention_set(admin=world.lou, days=90)
    with pytest.raises(Invalid):
        audit_retention_set(admin=world.ada, days=5)
    audit_retention_set(admin=world.ada, days=90)
    old = AuditEvent.objects.create(
        organisation=world.org,
        action=Action.SIGNED_IN,
        actor=world.ann,
        at=timezone.now() - timedelta(days=91),
    )
    recent = AuditEvent.objects.create(
        organisation=world.org,
        action=Action.SIGNED_IN,
        actor=world.ann,
        at=timezone.now() - timedelta(days=89),
    )
    theirs = AuditEvent.objects.create(
        organisation=world.other_org,
        action=Action.SIGNED_IN,
        actor=world.otto,
        at=timezone.now() - timedelta(days=400),
    )
    today = timezone.localdate()
    assert audit_prune(organisation=world.org, today=today) == 1
    assert audit_prune(organisation=world.org, today=today) == 0
    kept = set(AuditEvent.objects.values_list("pk", flat=True))
    assert old.pk not in kept
    assert {recent.pk, theirs.pk} <= kept
    assert [e.detail for e in _events(action=Action.PRUNED)] == [
        "1 events older than 90 days removed"
    ]
    assert [e.detail for e in _events(action=Action.SETTINGS_CHANGED)] == [
        "audit trail kept 730 → 90 days"
    ]


def test_a_deactivated_or_departed_person_cannot_sign_in_or_use_a_token(world: World) -> None:
    _, clear = api_token_create(person=world.art, name="script", lifetime_days=30)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    signed_in = Client()
    assert signed_in.login(request=HttpRequest(), username=world.art.email, password=TEST_PASSWORD)
    assert signed_in.get("/audit/mine/").status_code == 200
    world.art.leave_date = timezone.localdate() - timedelta(days=1)
    world.art.save()
    assert not Client().login(
        request=HttpRequest(), username=world.art.email, password=TEST_PASSWORD
    )
    assert Client().get("/api/audit/mine", **bearer).status_code == 401
    assert signed_in.get("/audit/mine/").status_code == 302  # the open session ends too
    world.art.leave_date = timezone.localdate()  # the last working day: still in
    world.art.save()
    assert Client().get("/api/audit/mine", **bearer).status_code == 200
    world.art.is_active = False
    world.art.save()
    assert Client().get("/api/audit/mine", **bearer).status_code == 401
