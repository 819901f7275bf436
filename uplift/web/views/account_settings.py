"""Settings people change for themselves (their time zone) and that an enablement admin changes
for the organisation (its time zone)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.services import organisation_time_zone_set, person_time_zone_set
from uplift.orgs.time_zones import organisation_time_zone, person_time_zone, time_zone_choices
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.text_forms import FreeTextForm


class PersonTimeZoneForm(FreeTextForm):
    time_zone = forms.ChoiceField(label="Your time zone", required=False)

    def __init__(self, *args: object, organisation_zone: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["time_zone"]
        field.choices = time_zone_choices(  # type: ignore[attr-defined]
            blank=f"The organisation's: {organisation_zone}"
        )
        field.widget.attrs.update({"class": "form-select", "autocomplete": "off"})


class OrganisationTimeZoneForm(FreeTextForm):
    time_zone = forms.ChoiceField(label="The organisation's time zone")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["time_zone"]
        field.choices = time_zone_choices()  # type: ignore[attr-defined]
        field.widget.attrs.update({"class": "form-select", "autocomplete": "off"})


@page_rule(access.SIGNED_IN)
def account_settings(request: AuthedRequest) -> HttpResponse:
    me = request.user
    organisation_zone = organisation_time_zone(me.organisation)
    form = PersonTimeZoneForm(
        request.POST if request.method == "POST" else None,
        initial={"time_zone": me.time_zone},
        organisation_zone=organisation_zone,
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to_form(form):
            person_time_zone_set(person=me, time_zone=form.cleaned_data["time_zone"])
            messages.success(
                request, f"Times are now shown in {person_time_zone(me)} time, on every page."
            )
            return redirect("account_settings")
    context = {
        "form": form,
        "shown_in": person_time_zone(me),
        "organisation_zone": organisation_zone,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "account/settings.html", context, status=status)


@page_rule(access.ADMINS)
def organisation_settings(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    form = OrganisationTimeZoneForm(
        request.POST if request.method == "POST" else None,
        initial={"time_zone": organisation_time_zone(organisation)},
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to_form(form):
            organisation_time_zone_set(
                organisation=organisation, time_zone=form.cleaned_data["time_zone"]
            )
            messages.success(
                request,
                f"{organisation.name}'s time zone is {organisation.time_zone}: people who have "
                "not chosen their own see every time in it.",
            )
            return redirect("organisation_settings")
    context = {"form": form, "organisation": organisation}
    status = 400 if request.method == "POST" else 200
    return render(request, "account/organisation.html", context, status=status)
