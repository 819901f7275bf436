"""The enablement admin's recognition settings: points rules, badge levels, chat webhooks, the
revenue-leaderboard switch, the ledger's latest entries and their reversal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.recognition import access as recognition_access
from uplift.recognition import selectors
from uplift.recognition.badges import badge_level_update, badges_ensure
from uplift.recognition.ledger import points_entry_reverse
from uplift.recognition.models import PointsRule
from uplift.recognition.rules import (
    PLACEHOLDERS,
    RECIPIENTS,
    points_rule_update,
    points_rules_ensure,
    rule_in_words,
)
from uplift.recognition.services import recognition_sync_queue
from uplift.recognition.webhooks import recognition_settings_get, recognition_settings_update
from uplift.web.http import AuthedRequest
from uplift.web.views.recognition_forms import (
    LevelForm,
    ReverseForm,
    RuleForm,
    SettingsForm,
    form_error,
)


def _in_words(rule: PointsRule) -> str:
    return rule_in_words(
        event=rule.event, template=rule.dedup_template, cap=rule.cap, cap_period=rule.cap_period
    )


def _page(request: AuthedRequest, error: str | None = None, status: int = 200) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    rules = points_rules_ensure(organisation=organisation)
    context = {
        "rules": [(rule, RECIPIENTS[rule.event], _in_words(rule)) for rule in rules],
        "recipients": dict(PointsRule.Recipient.choices),
        "periods": PointsRule.Period.choices,
        "placeholders": sorted(PLACEHOLDERS),
        "badges": badges_ensure(organisation=organisation),
        "settings": recognition_settings_get(organisation=organisation),
        "revenue_on": organisation.revenue_leaderboards,
        "deliveries": selectors.deliveries_recent(organisation=organisation),
        "entries": selectors.points_entries_recent(viewer=request.user),
        "error": error,
    }
    return render(request, "recognition/admin.html", context, status=status)


def _done(request: AuthedRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("recognition_admin")


@page_rule(access.ADMINS)
def recognition_admin(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@page_rule(access.ADMINS)
def recognition_rule_update(request: AuthedRequest, rule_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    rule = recognition_access.access_points_rule(request.user, rule_id)
    form = RuleForm(request.POST)
    if not form.is_valid():
        return _page(request, error=form_error(form), status=400)
    try:
        points_rule_update(rule=rule, **form.cleaned_data)
    except Invalid as refusal:
        return _page(request, error=f"{rule.get_event_display()}: {refusal.message}", status=400)
    return _done(request, f"Rule “{rule.get_event_display()}” saved.")


@page_rule(access.ADMINS)
def recognition_level_update(request: AuthedRequest, level_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    organisation = access.viewer_organisation(request.user)
    level = recognition_access.access_badge_level(request.user, level_id)
    form = LevelForm(request.POST)
    if not form.is_valid():
        return _page(request, error=form_error(form), status=400)
    try:
        badge_level_update(level=level, **form.cleaned_data)
    except Invalid as refusal:
        return _page(request, error=f"{level.badge}: {refusal.message}", status=400)
    recognition_sync_queue(organisation=organisation)
    return _done(request, f"{level} saved.")


@page_rule(access.ADMINS)
def recognition_settings_save(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, error=form_error(form), status=400)
    try:
        recognition_settings_update(
            organisation=access.viewer_organisation(request.user), **form.cleaned_data
        )
    except Invalid as refusal:
        return _page(request, error=refusal.message, status=400)
    return _done(request, "Recognition settings saved.")


@page_rule(access.ADMINS)
def recognition_entry_reverse(request: AuthedRequest, entry_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    entry = recognition_access.access_points_entry(request.user, entry_id)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        return _page(request, error=form_error(form), status=400)
    try:
        points_entry_reverse(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
    except Invalid as refusal:
        return _page(request, error=refusal.message, status=400)
    return _done(request, f"{entry.points:+d} points of {entry.person} reversed.")


@page_rule(access.ADMINS)
def recognition_sync_start(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    recognition_sync_queue(organisation=access.viewer_organisation(request.user))
    return _done(request, "The ledger and badges are being brought up to date.")
