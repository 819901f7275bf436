"""The initiative's health: the sponsor's dashboard (leaders and enablement read it; the
one-by-one commitments are the sponsor's only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from uplift.initiatives import access as initiative_access
from uplift.initiatives.health import baseline_sentence, target_of
from uplift.initiatives.participation import ACTIVITIES
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.presenters.initiative_health import (
    closure_chart,
    closure_months,
    closure_words,
    funnel_chart,
    health_for,
    participation_chart,
    pct,
    pulse_rows,
)
from uplift.web.http import AuthedRequest


@page_rule(access.LEADERS_AND_ADMINS)
def initiatives_health(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    context = health_context(request.user, initiative_id)
    return render(request, "initiatives/health.html", context)


def health_context(me: Person, initiative_id: int) -> dict[str, Any]:
    """What the health page shows (and its printout prints), as `me` may see it."""
    initiative, health = health_for(me, initiative_id)
    target = target_of(initiative)
    return {
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
