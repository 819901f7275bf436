"""Notifications: the bell in the top bar, the list (open one, mark read, mark all read) and the
preferences (per kind: e-mail straight away, in the daily e-mail, or in Uplift only). Each
person sees their own notifications and nobody else's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.notifications import services
from uplift.notifications.access import access_notification
from uplift.notifications.kinds import SPECS, Delivery, Kind
from uplift.notifications.mail import digest_queue_once_a_day
from uplift.notifications.selectors import (
    BELL_MOST,
    notifications_of,
    preferences_of,
    unread_count,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, query_choice, query_number
from uplift.web.text_forms import FreeTextForm

PER_PAGE = 30


@page_rule(access.SIGNED_IN)
def notifications_bell(request: AuthedRequest) -> HttpResponse:
    """The bell with the unread count (htmx refreshes it). The first page of the day in an
    organisation also queues its daily e-mails."""
    me = request.user
    digest_queue_once_a_day(organisation_id=me.organisation_id or 0, today=timezone.localdate())
    unread = unread_count(person=me)
    context = {"unread": unread, "shown": f"{BELL_MOST}+" if unread > BELL_MOST else unread}
    return render(request, "notifications/_bell.html", context)


@page_rule(access.SIGNED_IN)
def notifications_page(request: AuthedRequest) -> HttpResponse:
    show = query_choice(request, "show", ("all", "unread"), default="all")
    page_number = int(query_number(request, "page", low=1, high=10_000) or 1)
    found = notifications_of(person=request.user, unread_only=show == "unread")
    page = Paginator(found, PER_PAGE).get_page(page_number)
    context = {
        "page": page,
        "show": show,
        "unread": unread_count(person=request.user),
    }
    return render(request, "notifications/list.html", context)


@page_rule(access.SIGNED_IN)
def notification_open(request: AuthedRequest, notification_id: int) -> HttpResponse:
    """Opening a notification marks it read and goes where it is dealt with."""
    notification = access_notification(request.user, notification_id)
    services.notification_read(notification=notification)
    return redirect(notification.link)


@require_POST
@page_rule(access.SIGNED_IN)
def notification_mark_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = access_notification(request.user, notification_id)
    services.notification_read(notification=notification)
    if request.htmx:
        answer = render(request, "notifications/_entry.html", {"n": notification})
        answer["HX-Trigger"] = "notifications-changed"  # the bell counts again
        return answer
    return redirect("notifications")


@require_POST
@page_rule(access.SIGNED_IN)
def notifications_mark_all_read(request: AuthedRequest) -> HttpResponse:
    count = services.notifications_read_all(person=request.user)
    noun = "notification" if count == 1 else "notifications"
    messages.success(request, f"Marked {count} {noun} read." if count else "Nothing was unread.")
    return redirect("notifications")


class PreferencesForm(FreeTextForm):
    """One choice per kind of notification."""

    def __init__(self, *args: Any, initial_choices: dict[Kind, Delivery], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, spec in SPECS.items():
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                help_text=spec.covers,
                choices=Delivery.choices,
                initial=initial_choices[kind],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[Kind, Delivery]:
        return {Kind(name): Delivery(value) for name, value in self.cleaned_data.items()}


@page_rule(access.SIGNED_IN)
def notification_preferences(request: AuthedRequest) -> HttpResponse:
    me = request.user
    rows = preferences_of(person=me)
    form = PreferencesForm(
        request.POST or None, initial_choices={row.kind: row.delivery for row in rows}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.preferences_set(person=me, choices=form.choices())
            messages.success(request, "Saved. Uplift e-mails you as you chose from now on.")
            return redirect("notification_preferences")
        status = 400
    fields = [(row, form[row.kind.value]) for row in rows]
    return render(
        request, "notifications/preferences.html", {"form": form, "fields": fields}, status=status
    )
