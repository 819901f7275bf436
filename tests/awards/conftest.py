"""An event with two awards, and a little history for Ann: a practice adopted by two colleagues,
two kudos and coaching she gave (when coaching records exist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import World
from uplift.awards.models import AwardEvent
from uplift.awards.services import CategorySpec, award_event_create
from uplift.practices.models import Adoption, Practice
from uplift.recognition.models import Kudos


@dataclass
class Stage:
    event: AwardEvent
    practice: Practice
    kudos: Kudos


@pytest.fixture
def stage(world: World) -> Stage:
    return stage_build(world)


def stage_build(world: World) -> Stage:
    practice = Practice.objects.create(
        organisation=world.org,
        title="Multi-thread before the proposal",
        status=Practice.Status.APPROVED,
        created_by=world.ann,
    )
    practice.contributors.add(world.ann)
    for person in (world.art, world.bob):
        Adoption.objects.create(
            practice=practice,
            person=person,
            stage=Adoption.Stage.PRACTISING,
            practising_on=date(2026, 3, 1),
        )
    kudos = Kudos.objects.create(
        organisation=world.org,
        giver=world.gil,
        receiver=world.ann,
        message="Walked me through her discovery call plan",
        reason="help",
    )
    event = award_event_create(
        organisation=world.org,
        created_by=world.lou,
        name="Spring Sales Awards",
        held_on=date(2026, 4, 30),
        venue="Main hall",
        categories=[
            CategorySpec("Best shared practice", "The practice that moved most people"),
            CategorySpec("Team player", "Who helped colleagues most"),
        ],
    )
    return Stage(event=event, practice=practice, kudos=kudos)
