"""Role-play pages: run one on a scenario, score it (coach and peers), retry, calibrate, and a
rep's skill progression."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.coaching import access as coaching_access
from uplift.coaching.errors import CoachingError
from uplift.coaching.models import CoachingSession, RolePlayScenario
from uplift.coaching.selectors.calibration import DISAGREEMENT_THRESHOLD, calibration_overview
from uplift.coaching.selectors.progression import rep_progression
from uplift.coaching.selectors.roleplays import roleplay_page
from uplift.coaching.services import (
    coaching_session_create,
    roleplay_create,
    roleplay_rater_add,
    roleplay_retry_create,
    roleplay_score_submit,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.web.http import AuthedRequest, posted_text, query_id
from uplift.web.refusals import refusals_to_form
from uplift.web.views.coaching.forms import RaterForm, RolePlayForm, scores_from_post


def _roleplay_form(request: AuthedRequest, data: object = None) -> RolePlayForm:
    me = request.user
    initial: dict[str, object] = {"held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    for key in ("scenario", "rep"):  # pre-filled from a link; anything else is left out
        if (chosen := query_id(request, key, ignore_invalid=True)) is not None:
            initial[key] = chosen
    return RolePlayForm(
        data,
        initial=initial,
        scenarios=coaching_access.scenarios_visible(me).filter(
            status=RolePlayScenario.Status.PUBLISHED
        ),
        reps=coaching_access.coachees_visible(me).order_by("full_name"),
        colleagues=coaching_access.coaching_colleagues_visible(me).exclude(pk=me.pk),
    )


@page_rule(access.MANAGERS)
def coaching_roleplay_new(request: AuthedRequest) -> HttpResponse:
    me = request.user
    if request.method != "POST":
        return render(request, "coaching/roleplay_new.html", {"form": _roleplay_form(request)})
    form = _roleplay_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        rep = coaching_access.access_coachee(me, data["rep"].pk)
        with refusals_to_form(form):
            session = None
            if request.POST.get("calendar") == "1":
                session = coaching_session_create(
                    rep=rep,
                    coach=me,
                    created_by=me,
                    kind=CoachingSession.Kind.ROLE_PLAY,
                    scheduled_at=data["held_at"],
                    duration_minutes=45,
                    agenda=f"Role play: {data['scenario'].title}",
                )
            roleplay = roleplay_create(
                scenario=data["scenario"],
                rep=rep,
                coach=me,
                partner=data["partner"],
                created_by=me,
                held_at=data["held_at"],
                peer_raters=list(data["peer_raters"]),
                coaching_session=session,
            )
            messages.success(request, "Role play recorded. Each rater now scores every item.")
            return redirect("coaching_roleplay", roleplay.pk)
    return render(request, "coaching/roleplay_new.html", {"form": form}, status=400)


def _page(
    request: AuthedRequest,
    roleplay_id: int,
    *,
    error: str = "",
    status: int = 200,
    typed: tuple[dict[int, int], str] | None = None,
) -> HttpResponse:
    """The role play's page; after a refused submission, `typed` (the scores and the feedback
    as sent) fills the form again, so nothing typed is lost."""
    roleplay = coaching_access.access_roleplay(request.user, roleplay_id)
    page = roleplay_page(viewer=request.user, roleplay=roleplay)
    scores, feedback = typed or (
        page.my_scores,
        page.my_rating.feedback if page.my_rating is not None else "",
    )
    unscored = [item.pk for item in page.items if item.pk not in scores] if typed else []
    context = {
        "page": page,
        "error": error,
        "threshold": DISAGREEMENT_THRESHOLD,
        "scores": scores,
        "feedback": feedback,
        "unscored": unscored,
    }
    return render(request, "coaching/roleplay.html", context, status=status)


@page_rule(access.SIGNED_IN)
def coaching_roleplay(request: AuthedRequest, roleplay_id: int) -> HttpResponse:
    return _page(request, roleplay_id)


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_roleplay_score(request: AuthedRequest, roleplay_id: int) -> HttpResponse:
    roleplay = coaching_access.access_roleplay(request.user, roleplay_id)
    item_ids = list(roleplay.scenario.rubric_items.values_list("pk", flat=True))
    scores = scores_from_post(request.POST, item_ids)
    feedback = posted_text(request.POST, "feedback")
    try:
        roleplay_score_submit(
            roleplay=roleplay, rater=request.user, scores=scores, feedback=feedback
        )
    except CoachingError as error:
        return _page(request, roleplay_id, error=str(error), status=400, typed=(scores, feedback))
    messages.success(request, "Your scores are saved.")
    return redirect("coaching_roleplay", roleplay.pk)


def _run_check(request: AuthedRequest, roleplay_id: int):  # type: ignore[no-untyped-def]
    roleplay = coaching_access.access_roleplay(request.user, roleplay_id)
    if not coaching_access.can_run_roleplay(request.user, roleplay):
        raise PermissionDenied("Only the coach and the rep's managers run this role play.")
    return roleplay


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_roleplay_rater(request: AuthedRequest, roleplay_id: int) -> HttpResponse:
    roleplay = _run_check(request, roleplay_id)
    form = RaterForm(request.POST)
    if not form.is_valid():
        return _page(request, roleplay_id, error="Choose a colleague to invite.", status=400)
    rater = (
        coaching_access.coaching_colleagues_visible(request.user)
        .filter(pk=form.cleaned_data["rater"])
        .first()
    )
    if rater is None:
        return _page(
            request, roleplay_id, error="No such colleague can rate role plays.", status=400
        )
    try:
        roleplay_rater_add(roleplay=roleplay, rater=rater)
    except CoachingError as error:
        return _page(request, roleplay_id, error=str(error), status=400)
    messages.success(request, f"{rater.full_name} is invited to score.")
    return redirect("coaching_roleplay", roleplay.pk)


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_roleplay_retry(request: AuthedRequest, roleplay_id: int) -> HttpResponse:
    roleplay = _run_check(request, roleplay_id)
    try:
        retry = roleplay_retry_create(previous=roleplay, created_by=request.user)
    except CoachingError as error:
        return _page(request, roleplay_id, error=str(error), status=409)
    messages.success(request, f"Attempt {retry.attempt} started with the same raters.")
    return redirect("coaching_roleplay", retry.pk)


@page_rule(access.MANAGERS)
def coaching_calibration(request: AuthedRequest) -> HttpResponse:
    context = {
        "calibrations": calibration_overview(viewer=request.user),
        "threshold": DISAGREEMENT_THRESHOLD,
    }
    return render(request, "coaching/calibration.html", context)


def _progression(request: AuthedRequest, rep: Person) -> HttpResponse:
    context = {
        "progression": rep_progression(rep=rep),
        "subject": rep,
        "is_me": rep.pk == request.user.pk,
    }
    return render(request, "coaching/progression.html", context)


@page_rule(access.SIGNED_IN)
def coaching_progression_mine(request: AuthedRequest) -> HttpResponse:
    return _progression(request, request.user)


@page_rule(access.SIGNED_IN)
def coaching_progression(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _progression(
        request, coaching_access.access_progression_subject(request.user, person_id)
    )
