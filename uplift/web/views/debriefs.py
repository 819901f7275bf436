"""Debrief pages: the list and scheduling, and the session page (guide, notes, practice drafts).

Views parse, call one service or selector, and render; debriefs are fetched through
`uplift.debriefs.access`, which answers 404 outside the viewer's reach."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from uplift.debriefs import access as debrief_access
from uplift.debriefs import selectors, services
from uplift.debriefs.models import Debrief
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.selectors import people_with_ids
from uplift.practices.card_fields import CardContent
from uplift.web.http import AuthedRequest, query_id
from uplift.web.refusals import refusals_to_form
from uplift.web.views.debriefs_forms import (
    PracticeDraftForm,
    ScheduleForm,
    StatusForm,
    TextSaveForm,
)


def practice_url(practice_id: int) -> str | None:
    """The practice card's page, when the library has one."""
    try:
        return reverse("practice_detail", args=[practice_id])
    except NoReverseMatch:
        return None


def _errors(form: ScheduleForm | PracticeDraftForm | TextSaveForm | StatusForm) -> str:
    return " ".join(
        f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()
    )


@page_rule(access.SIGNED_IN)
def debriefs_list(request: AuthedRequest) -> HttpResponse:
    debriefs = list(selectors.debriefs_for(viewer=request.user))
    now = timezone.now()
    upcoming = [d for d in debriefs if d.status == Debrief.Status.SCHEDULED]
    upcoming.sort(key=lambda d: d.scheduled_at)
    done = [d for d in debriefs if d.status != Debrief.Status.SCHEDULED]
    may_schedule = request.user.role in debrief_access.SCHEDULERS.roles
    stars = selectors.stars_in_scope(viewer=request.user) if may_schedule else []
    on_record = selectors.debriefs_on_record(
        viewer=request.user, star_ids=[row.person.pk for row in stars]
    )
    context = {
        "on_record": on_record,
        "upcoming": upcoming,
        "done": done,
        "now": now,
        "may_schedule": may_schedule,
        "stars": stars,
        "my_profile": selectors.star_profile_of(person=request.user) is not None,
    }
    return render(request, "debriefs/list.html", context)


def _chosen_star(request: AuthedRequest, star_ids: set[int]) -> int | None:
    """The star named by ``?star=`` (from a star's row or profile), when the viewer may schedule
    a debrief with them; any other value is ignored."""
    star_id = query_id(request, "star", ignore_invalid=True)
    return star_id if star_id in star_ids else None


def _schedule_form(
    request: AuthedRequest, star_ids: set[int], chosen: int | None, data: object = None
) -> ScheduleForm:
    stars = people_with_ids(person_ids=star_ids).select_related("team")
    people = selectors.people_to_invite(viewer=request.user).select_related("team")
    initial: dict[str, object] = {"interviewer": request.user.pk}
    if chosen is not None:
        initial["star"] = chosen
    return ScheduleForm(data, stars=stars, people=people, initial=initial)


@page_rule(debrief_access.SCHEDULERS)
@require_http_methods(["GET", "POST"])
def debrief_new(request: AuthedRequest) -> HttpResponse:
    star_ids = selectors.schedulable_star_ids(viewer=request.user)
    chosen = _chosen_star(request, star_ids)
    posted = request.POST if request.method == "POST" else None
    form = _schedule_form(request, star_ids, chosen, posted)
    on_record = None
    if chosen is not None:
        on_record = selectors.debriefs_on_record(viewer=request.user, star_ids=[chosen]).get(chosen)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with refusals_to_form(form):
                debrief = services.debrief_schedule(
                    scheduled_by=request.user,
                    star=data["star"],
                    interviewer=data["interviewer"],
                    scheduled_at=data["scheduled_at"],
                    co_contributors=data["co_contributors"],
                    stages=data["stages"] or None,
                    duration_minutes=data["duration_minutes"],
                )
                done = f"Debrief with {debrief.star} scheduled; the guide is drafted."
                messages.success(request, done)
                return redirect("debrief_detail", debrief_id=debrief.pk)
        status = 400
    context = {"form": form, "on_record": on_record}
    return render(request, "debriefs/new.html", context, status=status)


@page_rule(access.SIGNED_IN)
def debrief_detail(request: AuthedRequest, debrief_id: int) -> HttpResponse:
    debrief = debrief_access.access_debrief(request.user, debrief_id)
    return _session_page(request, debrief, PracticeDraftForm(debrief=debrief))


def _session_page(
    request: AuthedRequest, debrief: Debrief, form: PracticeDraftForm, status: int = 200
) -> HttpResponse:
    practices = [
        {"practice": p, "url": practice_url(p.pk), "contributors": list(p.contributors.all())}
        for p in debrief.practices.all().order_by("created_at")
    ]
    context = {
        "debrief": debrief,
        "co_contributors": list(debrief.co_contributors.all()),
        "can_edit": debrief_access.can_edit_debrief(request.user, debrief),
        "may_see_profile": debrief_access.can_view_star_profile(request.user, debrief.star),
        "practices": practices,
        "form": form,
        "status_form": StatusForm(initial={"status": debrief.status}),
    }
    return render(request, "debriefs/detail.html", context, status=status)


@page_rule(access.SIGNED_IN)
@require_POST
def debrief_save(request: AuthedRequest, debrief_id: int) -> HttpResponse:
    """Save the guide or the notes (htmx autosave); answers a small 'saved' line."""
    debrief = debrief_access.access_debrief(request.user, debrief_id)
    form = TextSaveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_errors(form))
    field, text = form.cleaned_data["field"], form.cleaned_data["text"]
    try:
        services.debrief_update(debrief=debrief, actor=request.user, **{field: text})
    except services.DebriefError as error:
        if request.htmx:  # the editor keeps the text; the state line says why it is not saved
            context = {"field": field, "error": str(error)}
            return render(request, "debriefs/_saved.html", context, status=400)
        # Without htmx: the page again, the text as typed (not saved) beside the reason.
        setattr(debrief, field, text)
        messages.error(request, str(error))
        return _session_page(request, debrief, PracticeDraftForm(debrief=debrief), status=400)
    if not request.htmx:
        return redirect("debrief_detail", debrief_id=debrief.pk)
    return render(request, "debriefs/_saved.html", {"field": field, "at": timezone.now()})


@page_rule(access.SIGNED_IN)
@require_POST
def debrief_status(request: AuthedRequest, debrief_id: int) -> HttpResponse:
    debrief = debrief_access.access_debrief(request.user, debrief_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_errors(form))
    status = form.cleaned_data["status"]
    services.debrief_status_set(debrief=debrief, actor=request.user, status=status)
    messages.success(request, f"Debrief marked {debrief.get_status_display().lower()}.")
    return redirect("debrief_detail", debrief_id=debrief.pk)


@page_rule(access.SIGNED_IN)
@require_POST
def debrief_practice_new(request: AuthedRequest, debrief_id: int) -> HttpResponse:
    """Create a practice draft out of the debrief, credited to the star and co-contributors."""
    debrief = debrief_access.access_debrief(request.user, debrief_id)
    if not debrief_access.can_edit_debrief(request.user, debrief):
        raise PermissionDenied("You may read this debrief but not change it.")
    form = PracticeDraftForm(request.POST, debrief=debrief)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_to_form(form):
            practice = services.debrief_practice_create(
                debrief=debrief,
                author=request.user,
                content=CardContent.from_mapping(data),
                evidence_behaviours=data["evidence"],
            )
            messages.success(request, f"Practice draft “{practice.title}” created.")
            return redirect(f"{reverse('debrief_detail', args=[debrief.pk])}#drafts")
    return _session_page(request, debrief, form, status=400)
