"""Each kind of to-do item comes from the records: it appears when its thing is due and is gone
once it is done, through the same services people use (the loaders read the capabilities'
facts; the builders are tested on their own in test_worklist_builders.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from tests.debriefs.builders import debrief_with, ranked_with_profiles
from tests.factories import PersonFactory
from tests.initiatives.builders import debrief_given, launched, partnered
from tests.practices.builders import approved, draft
from uplift.awards.models import AwardEvent, Nomination
from uplift.awards.services import CategorySpec, award_event_create
from uplift.coaching.models import CoachingSession
from uplift.coaching.services import (
    coaching_session_update,
    roleplay_retry_create,
    roleplay_score_submit,
)
from uplift.crm.models import ImportRecord
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.development.services import check_in_create, milestone_set_done
from uplift.initiatives.kinds import Kind
from uplift.initiatives.services import initiative_close, invitation_answer, partners_invite
from uplift.orgs.models import Person, Role
from uplift.practices.adoptions import adoption_advance, adoption_start
from uplift.practices.services import practice_approve, practice_submit
from uplift.presenters.worklist import Worklist
from uplift.presenters.worklist_admin import admin_facts, admin_worklist
from uplift.presenters.worklist_leader import leader_facts, leader_worklist
from uplift.presenters.worklist_manager import manager_facts, manager_worklist
from uplift.presenters.worklist_rep import rep_facts, rep_worklist

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def rep_list(person: Person) -> Worklist:
    return rep_worklist(rep_facts(person=person, today=today()), today=today())


def manager_list(person: Person) -> Worklist:
    return manager_worklist(manager_facts(person=person, today=today()), today=today())


def leader_list(person: Person) -> Worklist:
    return leader_worklist(leader_facts(person=person, today=today()), today=today())


def admin_list(person: Person) -> Worklist:
    return admin_worklist(admin_facts(person=person, today=today()), today=today())


def titles(worklist: Worklist, kind: str) -> list[str]:
    return [row.item.title for row in worklist.rows if row.item.kind == kind]


def plan_for(world: World, rep: Person, *, started_on: date | None = None) -> DevelopmentPlan:
    return DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=rep,
        manager=world.mia,
        goal="Win more renewals",
        started_on=started_on or today() - timedelta(days=10),
    )


# --- A rep ---------------------------------------------------------------------------------------


def test_a_milestone_is_on_the_list_once_it_comes_due_and_off_once_done(world: World) -> None:
    plan = plan_for(world, world.ann)
    soon = Milestone.objects.create(plan=plan, title="Two discovery role plays", due_on=today())
    Milestone.objects.create(plan=plan, title="Far off", due_on=today() + timedelta(days=40))
    assert titles(rep_list(world.ann), "milestone") == ["Two discovery role plays"]
    milestone_set_done(milestone=soon, done_on=today())
    assert titles(rep_list(world.ann), "milestone") == []


def test_a_low_scored_role_play_is_to_retry_until_the_retry_is_started(world: World) -> None:
    played = scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [2, 2, 3]})
    assert titles(rep_list(world.ann), "retry") == ["Play “Price objection” again"]
    assert titles(rep_list(world.art), "retry") == []  # someone else's role play
    roleplay_retry_create(previous=played, created_by=world.mia)
    assert titles(rep_list(world.ann), "retry") == []


def test_a_well_scored_role_play_is_not_to_retry(world: World) -> None:
    scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [4, 3, 4]})
    assert titles(rep_list(world.ann), "retry") == []


def test_a_rating_invitation_waits_until_the_rater_submits(world: World) -> None:
    played = scored_roleplay(
        scenario(world.ada), world.ann, world.mia, {world.mia: [3, 3, 3]}, partner=world.art
    )
    assert titles(rep_list(world.art), "rating") == ["Score Ann Test's role play"]
    assert titles(rep_list(world.ann), "rating") == []  # nobody rates their own
    items = list(played.scenario.rubric_items.all())
    roleplay_score_submit(roleplay=played, rater=world.art, scores={i.pk: 4 for i in items})
    assert titles(rep_list(world.art), "rating") == []


def test_a_commitment_is_due_until_the_records_keep_it(world: World) -> None:
    initiative = launched(world)
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1})
    assert titles(rep_list(world.art), "commitment") == ["Debriefs given: 0 of 1 so far"]
    debrief_given(world, world.art, today())
    assert titles(rep_list(world.art), "commitment") == []


def test_an_invitation_to_partner_waits_for_an_answer(world: World) -> None:
    initiative = launched(world)
    [partner] = partners_invite(initiative=initiative, invited_by=world.lou, people=[world.art])
    assert titles(rep_list(world.art), "invitation") == [
        "Answer the invitation to partner in Share what works"
    ]
    invitation_answer(partner=partner, actor=world.art, accept=False)
    assert titles(rep_list(world.art), "invitation") == []


# --- A manager -----------------------------------------------------------------------------------


def test_a_session_is_to_prepare_then_to_write_up_until_it_is_marked_done(world: World) -> None:
    coming = one_on_one(world.ann, world.mia, at=timezone.now() + timedelta(days=2))
    one_on_one(world.art, world.mia, at=timezone.now() + timedelta(days=20))  # not this week
    held = one_on_one(world.art, world.mia, at=timezone.now() - timedelta(days=3))
    worklist = manager_list(world.mia)
    assert titles(worklist, "session") == ["Prepare your 1:1 with Ann Test"]
    assert titles(worklist, "write_up") == ["Write up your 1:1 with Art Test"]
    coaching_session_update(session=held, status=CoachingSession.Status.DONE)
    coaching_session_update(session=coming, status=CoachingSession.Status.CANCELLED)
    worklist = manager_list(world.mia)
    assert titles(worklist, "session") == titles(worklist, "write_up") == []
    assert titles(manager_list(world.max), "session") == []  # Max coaches none of them


def test_overdue_items_in_the_team_are_one_item_per_rep(world: World) -> None:
    plan = plan_for(world, world.ann)
    late = Milestone.objects.create(
        plan=plan, title="Shadow a star", due_on=today() - timedelta(days=3)
    )
    assert titles(manager_list(world.mia), "overdue") == ["Catch up with Ann Test"]
    assert titles(manager_list(world.max), "overdue") == []  # not his team
    milestone_set_done(milestone=late, done_on=today())
    assert titles(manager_list(world.mia), "overdue") == []


def test_a_check_in_comes_due_a_month_after_the_last_one(world: World) -> None:
    plan = plan_for(world, world.ann, started_on=today() - timedelta(days=40))
    assert titles(manager_list(world.mia), "check_in") == [
        "Check in on Ann Test's development plan"
    ]
    check_in_create(plan=plan, author=world.mia, held_on=today(), notes="Went through the calls.")
    assert titles(manager_list(world.mia), "check_in") == []


def test_an_adoption_practised_a_month_waits_for_the_managers_confirmation(world: World) -> None:
    card = approved(world.art, world.lou, title="Mutual close plan")
    adoption = adoption_start(
        practice=card, person=world.ann, actor=world.ann, on=today() - timedelta(days=45)
    )
    adoption = adoption_advance(
        adoption=adoption, actor=world.ann, stage="practising", on=today() - timedelta(days=40)
    )
    assert titles(manager_list(world.mia), "adoption") == ["Confirm what Ann Test demonstrates"]
    adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated")
    assert titles(manager_list(world.mia), "adoption") == []


def test_a_star_of_the_team_waits_for_a_debrief_until_one_is_scheduled(world: World) -> None:
    ranked_with_profiles(world)  # Art of Alpha and Bob of Beta are the stars
    assert titles(manager_list(world.mia), "debrief") == ["Schedule a debrief with Art Test"]
    assert titles(manager_list(world.max), "debrief") == ["Schedule a debrief with Bob Test"]
    debrief_with(world, world.art, scheduled_by=world.mia, interviewer=world.mia)
    assert titles(manager_list(world.mia), "debrief") == []
    assert titles(rep_list(world.ann), "debrief") == []  # a rep schedules nothing


# --- A leader ------------------------------------------------------------------------------------


def test_a_card_waits_for_its_sponsors_review_until_approved(world: World) -> None:
    card = draft(world.art, title="Two sponsors before the proposal")
    practice_submit(practice=card, actor=world.art, sponsor=world.lou)
    assert titles(leader_list(world.lou), "review") == ["Review “Two sponsors before the proposal”"]
    assert titles(leader_list(world.lea), "review") == []  # not her card to review
    practice_approve(practice=card, actor=world.lou)
    assert titles(leader_list(world.lou), "review") == []


def test_an_awards_event_waits_for_its_winners(world: World) -> None:
    event = award_event_create(
        organisation=world.org,
        created_by=world.lou,
        name="Sales Awards",
        held_on=today() + timedelta(days=30),
        categories=[CategorySpec("Best helper")],
    )
    Nomination.objects.create(
        category=event.categories.get(), nominee=world.art, nominator=world.ann, reason="Helps."
    )
    assert titles(leader_list(world.lou), "nominations") == ["Decide the winners of Sales Awards"]
    AwardEvent.objects.filter(pk=event.pk).update(status=AwardEvent.Status.DECIDED)
    assert titles(leader_list(world.lou), "nominations") == []


def test_a_running_initiative_is_on_its_leaders_list_until_it_is_closed(world: World) -> None:
    initiative = launched(world)
    assert titles(leader_list(world.lou), "initiative") == [
        "Look at the health of Share what works"
    ]
    assert (
        titles(leader_list(world.lea), "initiative") == []
    )  # she neither sponsors nor launched it
    initiative_close(
        initiative=initiative,
        actor=world.lou,
        retrospective="The stars shared weekly. Two practices spread. Next: mentoring.",
    )
    assert titles(leader_list(world.lou), "initiative") == []


# --- An enablement admin -------------------------------------------------------------------------


def test_the_admin_is_asked_for_data_until_an_import_succeeds(world: World) -> None:
    assert titles(admin_list(world.ada), "import") == ["Import your CRM data"]
    ImportRecord.objects.create(
        organisation=world.org, source="salesforce", location="export", result="failed"
    )
    [failed] = titles(admin_list(world.ada), "import")
    assert failed.startswith("Look at the import that failed on")
    ImportRecord.objects.create(
        organisation=world.org, source="salesforce", location="export", result="succeeded"
    )
    assert titles(admin_list(world.ada), "import") == []


def test_people_who_cannot_sign_in_are_on_the_list_until_invited(world: World) -> None:
    assert titles(admin_list(world.ada), "logins") == []
    newcomer = PersonFactory(
        organisation=world.org, email="new@acme.test", full_name="New Person", role=Role.REP
    )
    newcomer.set_unusable_password()
    newcomer.save()
    assert titles(admin_list(world.ada), "logins") == ["Invite 1 person who cannot sign in yet"]
    newcomer.invited_at = timezone.now()
    newcomer.save()
    assert titles(admin_list(world.ada), "logins") == []
