"""Adoption: the stage machine, who may move it, its dates, and the habit check against the
rep's own baseline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.conftest import World
from tests.practices.builders import approved, draft
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.practices.access import access_adoption
from uplift.practices.adoptions import adoption_advance, adoption_start
from uplift.practices.habits import adoption_habit_check, behaviour_changes
from uplift.practices.models import Adoption, PracticeEvidence
from uplift.practices.services import PracticeError

MAR = date(2026, 3, 10)


def _adopting(world: World, **kwargs: object) -> Adoption:
    card = approved(world.art, world.lou, **kwargs)
    return adoption_start(practice=card, person=world.ann, actor=world.ann, on=MAR)


def test_a_rep_plans_and_practises_but_only_the_manager_confirms(world: World) -> None:
    adoption = _adopting(world)
    assert (adoption.stage, adoption.planned_on) == ("planned", MAR)
    adoption = adoption_advance(adoption=adoption, actor=world.ann, stage="practising", on=MAR)
    with pytest.raises(PermissionDenied):
        adoption_advance(adoption=adoption, actor=world.ann, stage="demonstrated")
    with pytest.raises(PermissionDenied):
        adoption_advance(adoption=adoption, actor=world.max, stage="demonstrated")  # not hers
    shown = MAR + timedelta(days=20)
    adoption = adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated", on=shown)
    assert (adoption.stage, adoption.demonstrated_on, adoption.demonstrated_by) == (
        "demonstrated",
        shown,
        world.mia,
    )
    assert adoption.practising_on == MAR  # the date the impact analysis reads


def test_stages_go_in_order_with_dates_that_do_not_go_back(world: World) -> None:
    adoption = _adopting(world)
    with pytest.raises(PracticeError, match="next stage is practising"):
        adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated")
    with pytest.raises(PracticeError, match="before the previous stage"):
        adoption_advance(
            adoption=adoption, actor=world.ann, stage="practising", on=MAR - timedelta(days=1)
        )
    with pytest.raises(PracticeError, match="future"):
        adoption_advance(
            adoption=adoption,
            actor=world.ann,
            stage="practising",
            on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(PracticeError, match="not a stage"):
        adoption_advance(adoption=adoption, actor=world.ann, stage="mastered")
    with pytest.raises(PracticeError, match="already has"):
        adoption_start(practice=adoption.practice, person=world.ann, actor=world.mia)


def test_only_approved_practices_in_the_organisation_are_adopted(world: World) -> None:
    with pytest.raises(PracticeError, match="Only approved"):
        adoption_start(practice=draft(world.ann), person=world.ann, actor=world.ann)
    card = approved(world.art, world.lou, title="Discovery call agenda")
    with pytest.raises(PermissionDenied):
        adoption_start(practice=card, person=world.otto, actor=world.otto)
    with pytest.raises(PermissionDenied):
        adoption_start(practice=card, person=world.bob, actor=world.ann)


def test_adoptions_are_fetched_within_the_private_scope(world: World) -> None:
    adoption = _adopting(world)
    for person in (world.ann, world.mia, world.lea, world.lou):
        assert access_adoption(person, adoption.pk) == adoption
    for person in (world.art, world.max, world.ada, world.otto):
        with pytest.raises(Http404):
            access_adoption(person, adoption.pk)


def test_a_habit_without_data_is_the_managers_call_with_a_note(world: World) -> None:
    adoption = _adopting(world)
    adoption = adoption_advance(adoption=adoption, actor=world.ann, stage="practising", on=MAR)
    adoption = adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated", on=MAR)
    result = adoption_habit_check(adoption=adoption, actor=world.ann)
    assert not result.moved
    assert "No behaviour data" in result.message
    with pytest.raises(PermissionDenied):
        adoption_advance(adoption=adoption, actor=world.ann, stage="habitual", note="I do it")
    with pytest.raises(PracticeError, match="Say what shows"):
        adoption_advance(adoption=adoption, actor=world.mia, stage="habitual")
    adoption = adoption_advance(
        adoption=adoption, actor=world.mia, stage="habitual", note="Heard it on three call reviews"
    )
    assert (adoption.stage, adoption.habitual_basis, adoption.habitual_by) == (
        "habitual",
        "manager",
        world.mia,
    )


def _months(before: tuple[int, int], since: tuple[int, int]) -> dict[str, list[int]]:
    """Deals and meetings: 5 months before March 2026 and 5 months from April."""
    rows = {f"2025-{m:02d}": [before[0], before[1], 0, 0, 0] for m in range(10, 13)}
    rows |= {f"2026-{m:02d}": [before[0], before[1], 0, 0, 0] for m in (1, 2)}
    rows["2026-03"] = [50, 500, 0, 0, 0]  # the month they started: left out on both sides
    rows |= {f"2026-{m:02d}": [since[0], since[1], 0, 0, 0] for m in range(4, 9)}
    return rows


def _meetings(star: float = 3.0, core: float = 2.0) -> list[PracticeEvidence]:
    return [
        PracticeEvidence(
            behavior="meetings_per_opportunity", label="Meetings", star=star, core=core
        )
    ]


def test_behaviour_changes_compare_the_rep_with_their_own_baseline() -> None:
    (change,) = behaviour_changes(
        months=_months((4, 8), (4, 12)), started=MAR, as_of=date(2026, 8, 31), evidence=_meetings()
    )
    assert (change.deals_before, change.deals_since) == (20, 20)
    assert (change.baseline, change.since) == (2.0, 3.0)
    assert change.moved
    (small,) = behaviour_changes(
        months=_months((4, 8), (4, 8)), started=MAR, as_of=date(2026, 8, 31), evidence=_meetings()
    )
    assert not small.moved
    (wrong_way,) = behaviour_changes(
        months=_months((4, 12), (4, 8)), started=MAR, as_of=date(2026, 8, 31), evidence=_meetings()
    )
    assert not wrong_way.moved
    fewer_is_better = _meetings(star=1.0, core=2.0)
    (fewer,) = behaviour_changes(
        months=_months((4, 12), (4, 8)),
        started=MAR,
        as_of=date(2026, 8, 31),
        evidence=fewer_is_better,
    )
    assert fewer.moved  # the stars hold fewer meetings: fewer is the way
    (thin,) = behaviour_changes(
        months=_months((0, 0), (4, 12)), started=MAR, as_of=date(2026, 8, 31), evidence=_meetings()
    )
    assert (thin.baseline, thin.moved) == (None, False)


def test_the_mix_adjusted_difference_sets_the_way_a_behaviour_should_move() -> None:
    """The stars' raw meetings average sits below the core's (they come mostly from quieter
    segments) while on the same deal mix they hold 0.6 more meetings per opportunity: more
    meetings is the way, and the gap to cover is the adjusted one."""
    evidence = [
        PracticeEvidence(
            behavior="meetings_per_opportunity",
            label="Meetings",
            star=1.8,
            core=2.0,
            adjusted_difference=0.6,
        )
    ]
    (more,) = behaviour_changes(
        months=_months((4, 8), (4, 12)), started=MAR, as_of=date(2026, 8, 31), evidence=evidence
    )
    assert (more.baseline, more.since, more.moved) == (2.0, 3.0, True)
    (fewer,) = behaviour_changes(
        months=_months((4, 12), (4, 8)), started=MAR, as_of=date(2026, 8, 31), evidence=evidence
    )
    assert (fewer.baseline, fewer.since, fewer.moved) == (3.0, 2.0, False)


def test_the_habit_check_reads_the_stored_monthly_behaviour(world: World) -> None:
    world.ann.crm_user_id = "005ANN"
    world.ann.save()
    adoption = _adopting(world)
    adoption = adoption_advance(adoption=adoption, actor=world.ann, stage="practising", on=MAR)
    with pytest.raises(PracticeError, match="once it has been demonstrated"):
        adoption_habit_check(adoption=adoption, actor=world.ann)
    shown = MAR + timedelta(days=10)
    adoption = adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated", on=shown)
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=date(2026, 8, 31),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    Snapshot.objects.create(
        run=run,
        kind="adoption-habits",
        data={
            "as_of": "2026-08-31",
            "reps": {"005ANN": _months((4, 6), (4, 12))},
        },
    )
    with pytest.raises(PermissionDenied):
        adoption_habit_check(adoption=adoption, actor=world.max)
    result = adoption_habit_check(adoption=adoption, actor=world.ann)
    assert result.moved
    assert "1.5 → 3" in result.message
    adoption.refresh_from_db()
    assert (adoption.stage, adoption.habitual_basis, adoption.habitual_on) == (
        "habitual",
        "metric",
        date(2026, 8, 31),
    )
    (change,) = adoption.habitual_evidence["changes"]
    assert (change["baseline"], change["since"], change["moved"]) == (1.5, 3.0, True)


def test_my_practices_shows_the_numbers_behind_a_habit(world: World, client) -> None:  # type: ignore[no-untyped-def]
    world.ann.crm_user_id = "005ANN"
    world.ann.save()
    adoption = _adopting(world)
    adoption = adoption_advance(adoption=adoption, actor=world.ann, stage="practising", on=MAR)
    adoption = adoption_advance(adoption=adoption, actor=world.mia, stage="demonstrated", on=MAR)
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=date(2026, 8, 31),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    reps = {"005ANN": _months((4, 6), (4, 12))}
    Snapshot.objects.create(
        run=run, kind="adoption-habits", data={"as_of": "2026-08-31", "reps": reps}
    )
    client.force_login(world.ann)
    assert client.post(f"/adoptions/{adoption.pk}/check/").status_code == 302
    html = client.get("/practices/mine/").content.decode()
    assert "1.5 before (20 deals) → 3.0 since (20 deals)" in html
    client.force_login(world.art)  # a teammate may not look at Ann's numbers
    assert client.post(f"/adoptions/{adoption.pk}/check/").status_code == 404
