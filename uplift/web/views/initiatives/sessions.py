"""Sharing-session pages: scheduling one, a session with its attendance and notes, the practice
draft its notes become, calling it off, and its calendar invitation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.initiatives import access as initiative_access
from uplift.initiatives.errors import InitiativeError
from uplift.initiatives.ics import session_ics, session_ics_filename
from uplift.initiatives.models import SharingSession
from uplift.initiatives.services import (
    session_attendance_record,
    session_cancel,
    session_draft_content,
    session_notes_save,
    session_practice_draft,
    session_schedule,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role
from uplift.practices.access import practices_visible
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.initiatives.forms import (
    AttendanceForm,
    NotesForm,
    SessionDraftForm,
    SessionForm,
)


def _session_form(request: AuthedRequest, runs: bool, data: object = None) -> SessionForm:
    hosts = initiative_access.session_guests_visible(request.user).exclude(role=Role.ADMIN)
    return SessionForm(
        data,
        practices=practices_visible(request.user)
        .filter(status=Practice.Status.APPROVED)
        .order_by("title"),
        hosts=hosts if runs else hosts.filter(pk=request.user.pk),
        initial={"duration_minutes": 45, "kind": SharingSession.Kind.WIN_STORY},
    )


@page_rule(access.SIGNED_IN)
def initiatives_session_new(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    if not initiative_access.can_schedule_session(request.user, initiative):
        raise PermissionDenied("The initiative's partners, leaders and owner schedule sessions.")
    runs = initiative_access.can_run_initiative(request.user, initiative)
    form = _session_form(request, runs, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to_form(form):
            session = session_schedule(
                initiative=initiative,
                actor=request.user,
                host=data["host"] or request.user,
                kind=data["kind"],
                topic=data["topic"],
                practice=data["practice"],
                scheduled_at=data["scheduled_at"],
                duration_minutes=data["duration_minutes"],
            )
            messages.success(request, "Scheduled. Share the invitation so people put it in.")
            return redirect("initiatives_session", session.pk)
    status = 400 if request.method == "POST" else 200
    context = {"initiative": initiative, "form": form}
    return render(request, "initiatives/session_new.html", context, status=status)


def _session_context(request: AuthedRequest, session: SharingSession) -> dict[str, object]:
    me = request.user
    attendees = list(session.attendance.select_related("person"))
    guests = initiative_access.session_guests_visible(me)
    return {
        "session": session,
        "initiative": session.initiative,
        "attendees": [a.person for a in attendees],
        "may_run": initiative_access.can_run_session(me, session),
        "is_host": session.host_id == me.pk,
        "started": session.scheduled_at <= timezone.now(),
        "attendance_form": AttendanceForm(
            guests=guests, initial={"people": [a.person_id for a in attendees]}
        ),
        "notes_form": NotesForm(initial={"notes": session.notes}),
        "draft_form": SessionDraftForm(initial=session_draft_content(session).values()),
    }


@page_rule(access.SIGNED_IN)
def initiatives_session(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    return render(request, "initiatives/session.html", _session_context(request, session))


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_session_attendance(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    if not initiative_access.can_run_session(request.user, session):
        raise PermissionDenied("The host and the initiative's leaders and owner take attendance.")
    form = AttendanceForm(
        request.POST, guests=initiative_access.session_guests_visible(request.user)
    )
    if form.is_valid():
        with refusals_to_form(form):
            session_attendance_record(
                session=session, actor=request.user, people=form.cleaned_data["people"]
            )
            messages.success(request, "Attendance saved. The commitments it keeps count now.")
            return redirect("initiatives_session", session.pk)
    context = {**_session_context(request, session), "attendance_form": form}
    return render(request, "initiatives/session.html", context, status=400)


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_session_notes(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    if not initiative_access.can_run_session(request.user, session):
        raise PermissionDenied("The host and the initiative's leaders and owner keep the notes.")
    form = NotesForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            session_notes_save(
                session=session, actor=request.user, notes=form.cleaned_data["notes"]
            )
            messages.success(request, "Notes saved.")
            return redirect("initiatives_session", session.pk)
    context = {**_session_context(request, session), "notes_form": form}
    return render(request, "initiatives/session.html", context, status=400)


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_session_draft(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    if session.host_id != request.user.pk:
        raise PermissionDenied("The host turns the notes of their session into a practice draft.")
    form = SessionDraftForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            practice = session_practice_draft(
                session=session,
                actor=request.user,
                content=CardContent.from_mapping(form.cleaned_data),
            )
            messages.success(request, "Drafted and credited to you. Finish it, then submit it.")
            return redirect("practice_detail", practice.pk)
    context = {**_session_context(request, session), "draft_form": form}
    return render(request, "initiatives/session.html", context, status=400)


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_session_cancel(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    try:
        session_cancel(session=session, actor=request.user)
    except InitiativeError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Called off. The invitation now cancels it in calendars.")
    return redirect("initiatives_session", session.pk)


@page_rule(access.SIGNED_IN)
def initiatives_session_ics(request: AuthedRequest, sharing_session_id: int) -> HttpResponse:
    session = initiative_access.access_session(request.user, sharing_session_id)
    link = request.build_absolute_uri(reverse("initiatives_session", args=[session.pk]))
    response = HttpResponse(
        session_ics(session, link=link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{session_ics_filename(session)}"'
    return response
