"""Debrief services: scheduling drafts the guide from the star's stored profile; only editors
change a debrief; practice drafts credit the star and co-contributors and carry the evidence;
the stage questions are data admins edit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import World
from tests.debriefs.builders import WHEN, debrief_with, world_profiles
from uplift.debriefs import access
from uplift.debriefs.guide import DEFAULT_QUESTIONS
from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.debriefs.services import (
    DebriefError,
    debrief_practice_create,
    debrief_schedule,
    debrief_status_set,
    debrief_update,
    question_template_create,
    question_template_delete,
    question_template_update,
    question_templates_ensure,
)
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiled(world: World) -> World:
    world_profiles(world)
    return world


def test_scheduling_drafts_the_guide_from_the_profile(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia, co_contributors=[w.bob])
    assert debrief.status == Debrief.Status.SCHEDULED
    assert debrief.scheduled_by == w.lou
    assert list(debrief.co_contributors.all()) == [w.bob]
    assert [d["behavior"] for d in debrief.distinctive] == [
        "meetings_per_opportunity",
        "contacts_per_opportunity",
    ]
    assert debrief.profile["as_of"] == "2026-10-31"
    # The behaviours point at discovery (meetings) and qualification (contacts).
    assert debrief.stages == ["discovery", "qualification"]
    assert "# Debrief with Art Test" in debrief.guide
    assert "Meetings per opportunity: 4.10 against a core median of 2.40" in debrief.guide
    assert DEFAULT_QUESTIONS["qualification"][0] in debrief.guide
    assert DEFAULT_QUESTIONS["closing"][0] not in debrief.guide
    assert "E-mails" not in debrief.guide  # not distinctive, not asked about


def test_chosen_stages_and_edited_templates_shape_the_guide(profiled: World) -> None:
    w = profiled
    question_template_create(
        organisation=w.org, actor=w.ada, stage="negotiation", text="Which concession do you hold?"
    )
    debrief = debrief_with(w, w.gil, stages=["negotiation", "prospecting"])
    assert debrief.stages == ["prospecting", "negotiation"]  # sales order
    assert "Which concession do you hold?" in debrief.guide
    assert DEFAULT_QUESTIONS["discovery"][0] not in debrief.guide


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"star_name": "bob"}, "not a star"),
        ({"interviewer_name": "art"}, "cannot be the star"),
        ({"co_name": "art"}, "always credited"),
        ({"stages": ["smalltalk"]}, "not a sales stage"),
        ({"scheduled_at": datetime(2026, 12, 3, 14, 0)}, "time zone"),  # noqa: DTZ001
        ({"duration_minutes": 5}, "between 15 and 480"),
        ({"interviewer_name": "otto"}, "active member"),
    ],
)
def test_bad_schedules_are_refused_with_a_reason(
    profiled: World, change: dict[str, object], message: str
) -> None:
    w = profiled
    star = getattr(w, str(change.pop("star_name", "art")))
    interviewer = getattr(w, str(change.pop("interviewer_name", "lou")))
    co = [getattr(w, str(change.pop("co_name")))] if "co_name" in change else []
    arguments = {"scheduled_at": WHEN, **change}
    with pytest.raises(DebriefError, match=message):
        debrief_schedule(
            scheduled_by=w.lou, star=star, interviewer=interviewer, co_contributors=co, **arguments
        )
    assert not Debrief.objects.exists()


def test_managers_leaders_in_scope_and_admins_schedule(profiled: World) -> None:
    w = profiled
    with pytest.raises(PermissionDenied):  # a rep schedules nobody's debrief
        debrief_schedule(scheduled_by=w.ann, star=w.art, interviewer=w.ann, scheduled_at=WHEN)
    with pytest.raises(PermissionDenied):  # Mia runs Alpha; Gil is in Gamma
        debrief_schedule(scheduled_by=w.mia, star=w.gil, interviewer=w.mia, scheduled_at=WHEN)
    assert debrief_schedule(scheduled_by=w.mia, star=w.art, interviewer=w.mia, scheduled_at=WHEN)
    with pytest.raises(PermissionDenied):  # Lea leads North; Gil is in the South
        debrief_schedule(scheduled_by=w.lea, star=w.gil, interviewer=w.lea, scheduled_at=WHEN)
    assert debrief_schedule(scheduled_by=w.ada, star=w.gil, interviewer=w.ada, scheduled_at=WHEN)
    assert debrief_schedule(scheduled_by=w.lea, star=w.art, interviewer=w.lea, scheduled_at=WHEN)


def test_who_sees_and_who_changes_a_debrief(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia, co_contributors=[w.bob])
    seeing = {
        p.email
        for p in (
            w.ann,
            w.art,
            w.bob,
            w.mia,
            w.max,
            w.gus,
            w.gil,
            w.lou,
            w.lea,
            w.ada,
            w.olga,
            w.otto,
        )
        if access.can_view_debrief(p, debrief)
    }
    # The star, the interviewer (Mia, also the star's manager), the co-contributor, whoever
    # scheduled it, the leaders over the star and the admin. Not Ann (a teammate), not Max.
    assert seeing == {
        "art@acme.test",
        "mia@acme.test",
        "bob@acme.test",
        "lou@acme.test",
        "lea@acme.test",
        "ada@acme.test",
    }
    editing = {
        p.email
        for p in (w.art, w.bob, w.mia, w.lou, w.lea, w.ada)
        if access.can_edit_debrief(p, debrief)
    }
    assert editing == {"mia@acme.test", "lou@acme.test", "lea@acme.test", "ada@acme.test"}
    with pytest.raises(PermissionDenied):
        debrief_update(debrief=debrief, actor=w.art, notes="I would rather write it myself")
    debrief_update(debrief=debrief, actor=w.mia, notes="Books the next meeting in the room.")
    debrief.refresh_from_db()
    assert debrief.notes == "Books the next meeting in the room."
    assert set(access.debriefs_visible(w.ann)) == set()
    assert set(access.debriefs_visible(w.art)) == {debrief}


def test_a_cancelled_debrief_no_longer_changes(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art)
    debrief_status_set(debrief=debrief, actor=w.lou, status="cancelled")
    with pytest.raises(DebriefError, match="cancelled"):
        debrief_update(debrief=debrief, actor=w.lou, guide="new")
    debrief_status_set(debrief=debrief, actor=w.lou, status="completed")
    assert debrief.completed_at is not None
    with pytest.raises(DebriefError, match="not a status"):
        debrief_status_set(debrief=debrief, actor=w.lou, status="done")


def test_a_practice_draft_credits_the_star_and_carries_the_evidence(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia, co_contributors=[w.bob])
    practice = debrief_practice_create(
        debrief=debrief,
        author=w.mia,
        content=CardContent(
            title="Book the next meeting before you leave the room",
            steps="1. Agree what the next meeting decides.\n2. Put it in both calendars.",
            stage_tags=("discovery",),
            competency_tags=("discovery",),
        ),
        evidence_behaviours=["meetings_per_opportunity"],
    )
    assert practice.status == Practice.Status.DRAFT
    assert set(practice.contributors.all()) == {w.art, w.bob, w.mia}  # the author always is one
    assert list(debrief.practices.all()) == [practice]
    (evidence,) = practice.evidence.all()
    # The stars' and the core's averages as in the drivers report; the label is the behaviour's
    # alone (the card places Art from the debrief, apart from the group's averages).
    assert (evidence.behavior, evidence.star, evidence.core) == (
        "meetings_per_opportunity",
        4.3,
        2.6,
    )
    assert (evidence.effect_size, evidence.q_value) == (pytest.approx(1.2), pytest.approx(0.0004))
    assert evidence.adjusted_difference == pytest.approx(1.5)  # which way the habit check looks
    assert evidence.label == "Meetings per opportunity"
    every = debrief_practice_create(
        debrief=debrief, author=w.lou, content=CardContent(title="Two sponsors early")
    )
    assert every.evidence.count() == 2  # all distinctive behaviours by default
    weaker = debrief_practice_create(
        debrief=debrief,
        author=w.lou,
        content=CardContent(title="Call first"),
        evidence_behaviours=["calls_per_opportunity"],
    )
    assert [e.behavior for e in weaker.evidence.all()] == ["calls_per_opportunity"]


def test_practice_drafts_refuse_bad_input(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art)
    with pytest.raises(DebriefError, match="title"):
        debrief_practice_create(debrief=debrief, author=w.lou, content=CardContent(title="  "))
    with pytest.raises(DebriefError, match="Not a behaviour that stands out"):
        debrief_practice_create(
            debrief=debrief,
            author=w.lou,
            content=CardContent(title="X"),
            evidence_behaviours=["emails_per_opportunity"],
        )
    with pytest.raises(PermissionDenied):
        debrief_practice_create(debrief=debrief, author=w.art, content=CardContent(title="Mine"))
    debrief_practice_create(debrief=debrief, author=w.lou, content=CardContent(title="Same title"))
    with pytest.raises(DebriefError, match="already exists"):
        debrief_practice_create(
            debrief=debrief, author=w.lou, content=CardContent(title="same title")
        )
    assert debrief.practices.count() == 1


def test_stage_questions_are_data_admins_edit(world: World) -> None:
    written = question_templates_ensure(organisation=world.org)
    assert written == sum(len(q) for q in DEFAULT_QUESTIONS.values())
    assert question_templates_ensure(organisation=world.org) == 0  # idempotent
    template = QuestionTemplate.objects.filter(organisation=world.org, stage="closing").first()
    assert template is not None
    question_template_update(template=template, actor=world.ada, stage="closing", text="  New?  ")
    template.refresh_from_db()
    assert template.text == "New?"
    question_template_delete(template=template, actor=world.ada)
    template.refresh_from_db()
    assert not template.is_active
    with pytest.raises(PermissionDenied):
        question_template_create(organisation=world.org, actor=world.lou, stage="closing", text="Q")
    with pytest.raises(DebriefError, match="some text"):
        question_template_create(organisation=world.org, actor=world.ada, stage="closing", text=" ")


def test_a_debrief_held_before_the_analysis_cites_none_of_it(profiled: World) -> None:
    w = profiled
    held = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)  # a month before the analysis as of 31 Oct
    debrief = debrief_with(w, w.art, interviewer=w.mia, scheduled_at=held, stages=["discovery"])
    assert debrief.profile == {}
    assert debrief.distinctive == []
    assert DEFAULT_QUESTIONS["discovery"][0] in debrief.guide  # the stage questions still ask


def test_a_debrief_cites_the_latest_analysis_as_of_its_day(profiled: World) -> None:
    w = profiled
    debrief = debrief_with(w, w.art, interviewer=w.mia, scheduled_at=WHEN)
    assert debrief.profile["as_of"] == "2026-10-31"
