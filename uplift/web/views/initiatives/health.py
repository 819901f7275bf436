"""The initiative's health: the sponsor's dashboard (leaders and enablement read it; the
one-by-one commitments are the sponsor's only)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from uplift.initiatives import access as initiative_access
from uplift.initiatives.health import baseline_sentence, initiative_health, target_of
from uplift.initiatives.participation import ACTIVITIES
from uplift.insights.selectors import analysis_latest
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters.initiative_health import (
    closure_chart,
    closure_months,
    closure_words,
    funnel_chart,
    participation_chart,
    pct,
    pulse_rows,
)
from uplift.web.http import AuthedRequest


@page_rule(access.LEADERS_AND_ADMINS)
def initiatives_health(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    me = request.user
    initiative = initiative_access.access_initiative(me, initiative_id)
    if not initiative_access.can_view_health(me, initiative):
        raise PermissionDenied("The initiative's health is for its leaders and enablement.")
    health = initiative_health(
        initiative,
        run=analysis_latest(organisation=initiative.organisation),
        today=timezone.localdate(),
        people_visible=initiative_access.commitment_people_visible(me, initiative),
        pulse_teams_visible=initiative_access.pulse_teams_visible(me),
        with_pulse=initiative_access.can_view_pulse(me),
    )
    target = target_of(initiative)
    context = {
        "initiative": initiative,
        "health": health,
        "target": target,
        "target_by": date.fromisoformat(target["by"]),
        "baseline_sentence": baseline_sentence(initiative.baseline),
        "participation_share": pct(health.participation.share),
        "closure": closure_words(health),
        "closure_months": closure_months(health),
        "pulse": pulse_rows(health),
        "activity_labels": ACTIVITIES,
        "sees_all": initiative_access.can_view_all_commitments(me, initiative),
        "pulse_visible": initiative_access.can_view_pulse(me),
        "funnel_chart": funnel_chart(health),
        "closure_chart": closure_chart(health),
        "participation_chart": participation_chart(health),
    }
    return render(request, "initiatives/health.html", context)
