"""Personal data pages for the enablement admin: everyone of the organisation with their
status, one person's export and erasure, and how long coaching notes are kept."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.orgs.selectors import people_of
from uplift.privacy.access import access_data_subject
from uplift.privacy.services import (
    MAX_NOTES_DAYS,
    MIN_NOTES_DAYS,
    person_erase_confirmed,
    person_export,
    privacy_settings_of,
    privacy_settings_set,
)
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.tables import Column, Priority, Table, render_tables, table_view
from uplift.web.text_forms import FreeTextForm


class NotesRetentionForm(FreeTextForm):
    coaching_notes_days = forms.IntegerField(
        label="Keep coaching notes for (days after the session)",
        min_value=MIN_NOTES_DAYS,
        max_value=MAX_NOTES_DAYS,
        required=False,
    )


class EraseForm(FreeTextForm):
    confirm = forms.CharField(label="Type the person's e-mail address to confirm", max_length=254)


def status_of(person: Person) -> str:
    if person.erased_at is not None:
        return "Erased"
    if not person.is_active:
        return "Deactivated"
    if person.has_left():
        return f"Left on {person.leave_date}"
    return "Active"


def people_table() -> Table[Person]:
    return Table(
        name="people-table",
        caption="People of the organisation",
        columns=(
            Column(
                "name",
                "Person",
                lambda p: p.full_name,
                link=lambda p: reverse("privacy_person", args=[p.pk]),
            ),
            Column("email", "E-mail", lambda p: p.email, priority=Priority.TABLET),
            Column(
                "team",
                "Team",
                lambda p: p.team.name if p.team else None,
                priority=Priority.DESKTOP,
                no_data=lambda _: "in no team",
            ),
            Column("status", "Status", status_of),
        ),
        default_sort="name",
        search=lambda p: f"{p.full_name} {p.email}",
        empty="No one in the organisation yet: import the CRM export or the HR roster.",
    )


def _home(
    request: AuthedRequest, *, status: int = 200, form: NotesRetentionForm | None = None
) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    settings = privacy_settings_of(organisation=organisation)
    people = people_of(organisation=organisation)
    context = {
        "people": table_view(request, people_table(), list(people)),
        "settings": settings,
        "form": form
        or NotesRetentionForm(initial={"coaching_notes_days": settings.coaching_notes_days}),
    }
    return render_tables(request, "privacy/home.html", context, status=status)


@page_rule(access.ADMINS)
def privacy_home(request: AuthedRequest) -> HttpResponse:
    """GET: the people and the retention of coaching notes. POST: that retention."""
    if request.method != "POST":
        return _home(request)
    form = NotesRetentionForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            privacy_settings_set(
                admin=request.user, coaching_notes_days=form.cleaned_data["coaching_notes_days"]
            )
            messages.success(request, "Saved: older notes are cleared in tonight's run.")
            return redirect("privacy_home")
    return _home(request, status=400, form=form)


def _person_page(
    request: AuthedRequest, person: Person, *, status: int = 200, form: EraseForm | None = None
) -> HttpResponse:
    context = {"subject": person, "status": status_of(person), "form": form or EraseForm()}
    return render(request, "privacy/person.html", context, status=status)


@page_rule(access.ADMINS)
def privacy_person(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _person_page(request, access_data_subject(request.user, person_id))


@page_rule(access.ADMINS)
def privacy_person_export(request: AuthedRequest, person_id: int) -> HttpResponse:
    """The zip of everything Uplift holds about the person."""
    person = access_data_subject(request.user, person_id)
    data = person_export(person=person, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@page_rule(access.ADMINS)
def privacy_person_erase(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access_data_subject(request.user, person_id)
    form = EraseForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            result = person_erase_confirmed(
                person=person, by=request.user, confirm=form.cleaned_data["confirm"]
            )
            texts = sum(result.texts_cleared.values())
            messages.success(
                request,
                f"Erased: the person now reads {result.pseudonym}; "
                f"{texts} text{pluralize(texts)} cleared, "
                f"{result.points_reversed} points entr{pluralize(result.points_reversed, 'y,ies')}"
                " reversed.",
            )
            return redirect("privacy_person", person_id=person.pk)
    return _person_page(request, person, status=400, form=form)
