"""Recognition-event pages: the events, an event, nominating with evidence, the shortlist and the
winners (leaders), and the printable programme."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.awards import access as award_access
from uplift.awards import selectors, services
from uplift.awards.evidence import KIND_LABELS, evidence_options
from uplift.awards.models import AwardEvent
from uplift.awards.programme import programme_filename, programme_pdf
from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, posted_id, query_id
from uplift.web.limits import rate_limited
from uplift.web.pickers import person_label
from uplift.web.refusals import refusals_to_form
from uplift.web.views.awards_forms import EventForm, NominationForm, WinnersForm


@page_rule(access.SIGNED_IN)
def awards_events(request: AuthedRequest) -> HttpResponse:
    form = EventForm()
    status = 200
    if request.method == "POST":
        if not access.LEADERS.allows(request.user):
            raise PermissionDenied("Leaders create recognition events.")
        form = EventForm(request.POST)
        if form.is_valid():
            with refusals_to_form(form):
                event = services.award_event_create(
                    organisation=access.viewer_organisation(request.user),
                    created_by=request.user,
                    name=form.cleaned_data["name"],
                    held_on=form.cleaned_data["held_on"],
                    venue=form.cleaned_data["venue"],
                    introduction=form.cleaned_data["introduction"],
                    categories=form.category_specs(),
                )
                messages.success(request, f"{event.name} is open for nominations.")
                return redirect("awards_event", event_id=event.pk)
        status = 400
    events = selectors.award_events_list(viewer=request.user)
    return render(request, "awards/events.html", {"events": events, "form": form}, status=status)


@page_rule(access.SIGNED_IN)
def awards_event(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = award_access.access_award_event(request.user, event_id)
    context = {
        "event": event,
        "categories": selectors.event_categories(viewer=request.user, event=event),
        "sees_all": award_access.can_view_all_nominations(request.user),
        "is_leader": access.LEADERS.allows(request.user),
    }
    return render(request, "awards/event.html", context)


def _nomination_form(
    request: AuthedRequest, event: AwardEvent, nominee_id: int | None
) -> tuple[NominationForm, list[dict[str, Any]]]:
    nominees = selectors.nominee_choices(viewer=request.user)
    evidence = []
    nominee = nominees.filter(pk=nominee_id).first() if nominee_id else None
    if nominee is not None:
        evidence = evidence_options(viewer=request.user, nominee=nominee)
    category_id = query_id(request, "category", ignore_invalid=True)  # pre-filled from a link
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        initial={"nominee": nominee_id, "category": category_id},
        categories=[(c.pk, c.name) for c in event.categories.all()],
        nominees=[(p.pk, person_label(p)) for p in nominees],
        evidence=[(o.key, o.label) for o in evidence],
    )
    groups: dict[str, list[object]] = {}
    for option in evidence:
        groups.setdefault(option.kind, []).append(option)
    grouped = [{"kind": k, "label": KIND_LABELS.get(k, k), "options": v} for k, v in groups.items()]
    return form, grouped


def _nominee_id(request: AuthedRequest) -> int | None:
    """The colleague being nominated: posted by the form, or pre-filled by a link (?nominee=)."""
    if request.method != "POST":
        return query_id(request, "nominee", ignore_invalid=True)
    return posted_id(request.POST, "nominee")


@page_rule(access.SIGNED_IN)
@rate_limited("nominations")
def awards_nominate(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = award_access.access_award_event(request.user, event_id)
    form, evidence = _nomination_form(request, event, _nominee_id(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            nominee = selectors.nominee_choices(viewer=request.user).get(
                pk=form.cleaned_data["nominee"]
            )
            with refusals_to_form(form):
                services.nomination_create(
                    event=event,
                    category_id=form.cleaned_data["category"],
                    nominee=nominee,
                    nominator=request.user,
                    reason=form.cleaned_data["reason"],
                    evidence_keys=form.cleaned_data["evidence"],
                )
                messages.success(request, f"Thank you: {nominee.full_name} is nominated.")
                return redirect("awards_event", event_id=event.pk)
        status = 400
    elif not event.is_open:
        messages.info(request, "Nominations for this event are closed.")
        return redirect("awards_event", event_id=event.pk)
    context = {"event": event, "form": form, "evidence": evidence}
    return render(request, "awards/nominate.html", context, status=status)


@page_rule(access.SIGNED_IN)
def awards_evidence(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The evidence picker for the chosen colleague (an htmx fragment)."""
    event = award_access.access_award_event(request.user, event_id)
    nominee_id = query_id(request, "nominee")
    if (
        nominee_id is not None
        and not selectors.nominee_choices(viewer=request.user).filter(pk=nominee_id).exists()
    ):
        raise Http404("No such colleague.")
    form, evidence = _nomination_form(request, event, nominee_id)
    context = {"event": event, "form": form, "evidence": evidence, "chosen": nominee_id}
    return render(request, "awards/_evidence.html", context)


@require_POST
@page_rule(access.LEADERS)
def awards_status(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = award_access.access_award_event(request.user, event_id)
    try:
        services.award_event_advance(event=event, to=request.POST.get("to", ""))
    except Invalid as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{event.name}: {event.get_status_display().lower()}.")
    return redirect("awards_event", event_id=event.pk)


@require_POST
@page_rule(access.LEADERS)
def awards_shortlist(request: AuthedRequest, nomination_id: int) -> HttpResponse:
    nomination = award_access.access_nomination(request.user, nomination_id)
    try:
        services.nomination_shortlist_set(
            nomination=nomination, shortlisted=request.POST.get("shortlisted") == "1"
        )
    except Invalid as refusal:
        messages.error(request, refusal.message)
    return redirect("awards_event", event_id=nomination.category.event_id)


@page_rule(access.LEADERS)
def awards_decide(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = award_access.access_award_event(request.user, event_id)
    categories = selectors.event_categories(viewer=request.user, event=event)
    choices = [
        (
            view.category.pk,
            view.category.name,
            [(g.nominee.pk, g.nominee.full_name) for g in view.groups if g.shortlisted],
        )
        for view in categories
    ]
    form = WinnersForm(request.POST if request.method == "POST" else None, categories=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            picked = [
                services.WinnerChoice(
                    category_id,
                    form.cleaned_data[f"winner_{category_id}"],
                    form.cleaned_data[f"citation_{category_id}"],
                )
                for category_id in form.category_ids
                if form.cleaned_data.get(f"winner_{category_id}")
            ]
            with refusals_to_form(form):
                services.award_winners_decide(event=event, decided_by=request.user, choices=picked)
                messages.success(request, f"{event.name} is decided: the winners are announced.")
                return redirect("awards_event", event_id=event.pk)
        status = 400
    rows = [
        {
            "view": view,
            "winner": form[f"winner_{view.category.pk}"],
            "citation": form[f"citation_{view.category.pk}"],
        }
        for view in categories
    ]
    context = {"event": event, "form": form, "rows": rows}
    return render(request, "awards/decide.html", context, status=status)


@page_rule(access.SIGNED_IN)
def awards_programme(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The programme as a PDF: for everyone once decided, a draft for leaders before."""
    event = award_access.access_award_event(request.user, event_id)
    if not event.is_decided and not access.LEADERS.allows(request.user):
        raise Http404("The programme is published once the winners are decided.")
    response = HttpResponse(programme_pdf(event=event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{programme_filename(event)}"'
    return response
