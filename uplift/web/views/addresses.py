"""People the CRM gave no usable e-mail address: an admin fills in the real one, so that they
can be invited (an invitation to an undeliverable @crm.invalid address would never arrive)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.invitations import people_without_address, person_address_set
from uplift.orgs.models import Person
from uplift.web.http import AuthedRequest, posted_id
from uplift.web.text_forms import FreeTextForm


class AddressForm(FreeTextForm):
    email = forms.EmailField(label="E-mail address", max_length=254)


@page_rule(access.ADMINS)
def people_addresses(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    waiting = people_without_address(organisation=organisation).select_related("team", "manager")
    errors: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        person = waiting.filter(pk=posted_id(request.POST, "person") or 0).first()
        if person is None:
            raise Http404("No such person without an address in your organisation.")
        error = _address_set(person, AddressForm(request.POST))
        if error is None:
            messages.success(request, f"{person} can now be invited at {person.email}.")
            return redirect("people_addresses")
        errors[person.pk] = error
        status = 400
    context = {"people": waiting.order_by("full_name"), "errors": errors}
    return render(request, "web/people_addresses.html", context, status=status)


def _address_set(person: Person, form: AddressForm) -> str | None:
    """The reason the address was refused, or None once it is saved."""
    if not form.is_valid():
        return str(form.errors["email"][0])
    try:
        person_address_set(person=person, email=form.cleaned_data["email"])
    except Invalid as refusal:
        return refusal.message
    return None
