"""A person's data: the export holds everything Uplift has about them (and not another
person's private text), and the erasure leaves their name and e-mail nowhere while other
people's records and the append-only ledger stay consistent."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.http import HttpRequest
from django.test import Client

from tests.coaching.builders import one_on_one
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.two_companies.crawl import crawl
from uplift.audit.models import Action, AuditEvent
from uplift.core.refusals import Conflict, Invalid
from uplift.notifications.kinds import Kind
from uplift.notifications.services import notify
from uplift.privacy.services import person_erase_confirmed, person_export
from uplift.recognition.ledger import ledger_sync, points_balance
from uplift.recognition.models import Kudos, PointsEntry
from uplift.recognition.rules import points_rules_ensure
from uplift.recognition.services import kudos_give


def _zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _texts_naming(words: list[str]) -> list[str]:
    """Every text column of Uplift's records that still holds one of `words`."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("uplift."):
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField | models.JSONField):
                continue
            for word in words:
                lookup = f"{f.name}__icontains"
                if isinstance(f, models.JSONField):
                    rows = [
                        r
                        for r in model._default_manager.all()
                        if word.lower() in json.dumps(getattr(r, f.attname)).lower()
                    ]
                else:
                    rows = list(model._default_manager.filter(**{lookup: word}))
                found += [f"{model._meta.label}.{f.name}" for _ in rows]
    return found


def test_the_export_holds_the_persons_records_and_not_anothers_private_text(
    world: World,
) -> None:
    one_on_one(world.ann, world.mia, notes="Ann wants to move to enterprise")
    one_on_one(world.art, world.ann, notes="Art's private worries")  # Ann coaches Art
    files = _zip(person_export(person=world.ann, by=world.ada))
    assert {"README.txt", "person.json", "audit_trail.json", "audit_trail.csv"} <= set(files)
    profile = json.loads(files["person.json"])
    assert (profile["email"], profile["name"]) == ("ann@acme.test", "Ann Test")
    assert "password" not in files["person.json"]
    as_rep = json.loads(files["records/coaching.coachingsession.rep.json"])
    assert [s["notes"] for s in as_rep] == ["Ann wants to move to enterprise"]
    as_coach = json.loads(files["records/coaching.coachingsession.coach.json"])
    assert len(as_coach) == 1
    assert "notes" not in as_coach[0]
    assert "Art's private worries" not in "".join(files.values())
    assert "Ann wants to move to enterprise" in files["records/coaching.coachingsession.rep.csv"]
    exported = AuditEvent.objects.get(action=Action.PERSON_EXPORTED)
    assert (exported.actor, exported.subject) == (world.ada, world.ann)


def test_erasure_needs_the_address_and_happens_once(world: World) -> None:
    with pytest.raises(Invalid):
        person_erase_confirmed(person=world.art, by=world.ada, confirm="ann@acme.test")
    person_erase_confirmed(person=world.art, by=world.ada, confirm="ART@acme.test")
    with pytest.raises(Conflict):
        person_erase_confirmed(person=world.art, by=world.ada, confirm=world.art.email)


def test_an_erased_persons_name_and_address_appear_nowhere(world: World) -> None:
    art, ann = world.art, world.ann
    points_rules_ensure(organisation=world.org)
    session = one_on_one(art, world.mia, notes="Art is nervous about pricing", agenda="Pricing")
    one_on_one(ann, world.mia, notes="Ann should shadow Art Test on renewals")
    kudos_give(giver=art, receiver=ann, message="Thanks for the renewal script!")
    kudos_give(giver=ann, receiver=art, message="Art Test saved my quarter")
    notify(recipient=world.mia, kind=Kind.KUDOS, text="Art Test thanked Ann", link="/")
    ledger_sync(organisation=world.org)
    ledger_before = list(PointsEntry.objects.values_list("pk", "points"))
    ann_points = points_balance(person=ann)
    assert points_balance(person=art) > 0

    result = person_erase_confirmed(person=art, by=world.ada, confirm=art.email)

    art.refresh_from_db()
    assert art.full_name == result.pseudonym == f"Erased person {art.pk}"
    assert _texts_naming(["Art Test", "art@acme.test"]) == []
    session.refresh_from_db()
    assert (session.notes, session.agenda) == ("", "")
    assert Kudos.objects.count() == 2  # the kudos stay, as counts; their messages go
    assert set(Kudos.objects.values_list("message", flat=True)) == {"(erased)"}
    # The ledger is only appended to: every earlier row as it was, reversals after them.
    assert set(ledger_before) <= set(PointsEntry.objects.values_list("pk", "points"))
    assert points_balance(person=art) == 0
    assert points_balance(person=ann) == ann_points
    assert not Client().login(request=HttpRequest(), username=art.email, password=TEST_PASSWORD)
    erased = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert (erased.actor, erased.subject) == (world.ada, art)

    for viewer in (world.mia, world.lou, world.ada, ann):
        client = Client()
        client.login(request=HttpRequest(), username=viewer.email, password=TEST_PASSWORD)
        for visit in crawl(client, "/", limit=120):
            assert "Art Test" not in visit.text, visit.url
            assert "art@acme.test" not in visit.text, visit.url
