"""Coaching-session pages: my coaching, the team calendar, a session with its agenda, notes and
action items, and its calendar invitation."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.coaching import access as coaching_access
from uplift.coaching.errors import CoachingError
from uplift.coaching.ics import session_ics, session_ics_filename
from uplift.coaching.models import CoachingSession
from uplift.coaching.selectors.sessions import my_coaching, session_roleplays, team_calendar
from uplift.coaching.services import (
    action_item_complete,
    action_item_create,
    action_item_to_milestone,
    coaching_session_create,
    coaching_session_update,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, query_date, query_id
from uplift.web.refusals import refusals_to_form
from uplift.web.tables import download, render_tables, table_view
from uplift.web.views.coaching.forms import ActionItemForm, SessionEditForm, SessionForm
from uplift.web.views.coaching.tables import cadence_table


@page_rule(access.SIGNED_IN)
def coaching_mine(request: AuthedRequest) -> HttpResponse:
    return render(request, "coaching/mine.html", {"mine": my_coaching(viewer=request.user)})


@page_rule(access.MANAGERS)
def coaching_team(request: AuthedRequest) -> HttpResponse:
    starts_on = query_date(request, "start")
    calendar = team_calendar(viewer=request.user, starts_on=starts_on)
    keep = {"start": starts_on.isoformat() if starts_on else None}
    context = {
        "calendar": calendar,
        "previous": calendar.starts_on - timedelta(weeks=4),
        "next": calendar.starts_on + timedelta(weeks=4),
        "sessions_shown": sum(len(week.sessions) for week in calendar.weeks),
        "never_coached": sum(row.last_done is None for row in calendar.cadence),
        "cadence": table_view(
            request, cadence_table(calendar.window_days), calendar.cadence, keep=keep
        ),
    }
    return render_tables(request, "coaching/team.html", context)


@page_rule(access.MANAGERS)
def coaching_team_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The coaching cadence of the reps the viewer coaches, as CSV or XLSX."""
    if table != "cadence-table":
        raise Http404("No such table on this page.")
    calendar = team_calendar(viewer=request.user)
    return download(request, cadence_table(calendar.window_days), calendar.cadence, fmt)


def _session_form(request: AuthedRequest, data: object = None) -> SessionForm:
    me = request.user
    reps = coaching_access.coachees_visible(me).order_by("full_name")
    coaches = coaching_access.coaching_colleagues_visible(me)
    initial = {"duration_minutes": 30, "kind": CoachingSession.Kind.ONE_ON_ONE}
    if (rep := query_id(request, "rep", ignore_invalid=True)) is not None:
        initial["rep"] = rep  # pre-filled from a link; anything else is left out
    return SessionForm(data, reps=reps, coaches=coaches, initial=initial)


@page_rule(access.MANAGERS)
def coaching_session_new(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "coaching/session_new.html", {"form": _session_form(request)})
    form = _session_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_to_form(form):
            session = coaching_session_create(
                rep=coaching_access.access_coachee(request.user, data["rep"].pk),
                coach=data["coach"] or request.user,
                created_by=request.user,
                kind=data["kind"],
                scheduled_at=data["scheduled_at"],
                duration_minutes=data["duration_minutes"],
                agenda=data["agenda"],
                call_reference=data["call_reference"],
            )
            messages.success(request, "Session scheduled. Download the invitation for calendars.")
            return redirect("coaching_session", session.pk)
    return render(request, "coaching/session_new.html", {"form": form}, status=400)


def _edit_initial(session: CoachingSession) -> dict[str, object]:
    return {
        "agenda": session.agenda,
        "notes": session.notes,
        "status": session.status,
        "scheduled_at": timezone.localtime(session.scheduled_at),
        "duration_minutes": session.duration_minutes,
    }


def _session_context(
    request: AuthedRequest,
    session: CoachingSession,
    *,
    edit: SessionEditForm | None = None,
    item_form: ActionItemForm | None = None,
) -> dict[str, object]:
    """The session page; a form refused keeps what was typed (`edit`, `item_form`)."""
    me = request.user
    may_run = coaching_access.can_run_session(me, session)
    return {
        "session": session,
        "items": list(session.action_items.select_related("milestone")),
        "may_run": may_run,
        "may_plan": coaching_access.can_plan_for_rep(me, session.rep),
        "is_rep": session.rep_id == me.pk,
        "edit": edit or SessionEditForm(initial=_edit_initial(session)),
        "item_form": item_form or ActionItemForm(),
        "roleplays": session_roleplays(session=session),
    }


@page_rule(access.SIGNED_IN)
def coaching_session(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = coaching_access.access_session(request.user, session_id)
    return render(request, "coaching/session.html", _session_context(request, session))


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = coaching_access.access_session(request.user, session_id)
    if not coaching_access.can_run_session(request.user, session):
        raise PermissionDenied("Only the coach and the rep's managers change a session.")
    form = SessionEditForm(request.POST, initial=_edit_initial(session))
    if form.is_valid():
        with refusals_to_form(form):
            coaching_session_update(session=session, **form.cleaned_data)
            messages.success(request, "Session saved.")
            return redirect("coaching_session", session.pk)
    # Refused: the page again, with the notes and the rest as typed and the reason beside them.
    context = _session_context(request, session, edit=form)
    return render(request, "coaching/session.html", context, status=400)


def _items_panel(
    request: AuthedRequest,
    session: CoachingSession,
    status: int = 200,
    error: str = "",
    form: ActionItemForm | None = None,
) -> HttpResponse:
    context = {**_session_context(request, session, item_form=form), "item_error": error}
    if request.htmx:
        return render(request, "coaching/_action_items.html", context, status=status)
    if error:
        return render(request, "coaching/session.html", context, status=status)
    return redirect("coaching_session", session.pk)


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_action_item_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = coaching_access.access_session(request.user, session_id)
    if not coaching_access.can_run_session(request.user, session):
        raise PermissionDenied("Only the coach and the rep's managers add action items.")
    form = ActionItemForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _items_panel(request, session, 400, error, form)
    try:
        action_item_create(session=session, created_by=request.user, **form.cleaned_data)
    except CoachingError as error:
        return _items_panel(request, session, 400, str(error), form)
    return _items_panel(request, session)


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_action_item_done(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = coaching_access.access_action_item(request.user, item_id)
    session = item.session
    if not (
        session.rep_id == request.user.pk or coaching_access.can_run_session(request.user, session)
    ):
        raise PermissionDenied("Only the rep, the coach and the rep's managers tick items off.")
    action_item_complete(item=item, done=request.POST.get("done") == "1")
    return _items_panel(request, session)


@page_rule(access.SIGNED_IN)
@require_POST
def coaching_action_item_milestone(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = coaching_access.access_action_item(request.user, item_id)
    if not coaching_access.can_plan_for_rep(request.user, item.session.rep):
        raise PermissionDenied("Only the rep's managers add milestones to their plan.")
    try:
        action_item_to_milestone(item=item, created_by=request.user)
    except CoachingError as error:
        return _items_panel(request, item.session, 409, str(error))
    return _items_panel(request, item.session)


@page_rule(access.SIGNED_IN)
def coaching_session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = coaching_access.access_session(request.user, session_id)
    link = request.build_absolute_uri(reverse("coaching_session", args=[session.pk]))
    response = HttpResponse(
        session_ics(session, link=link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{session_ics_filename(session)}"'
    return response
