"""Recognition pages everyone uses: the feed with the kudos composer, my points and badges, and
the contribution leaderboards."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role, Team
from uplift.recognition import access as recognition_access
from uplift.recognition import leaderboards, selectors
from uplift.recognition.models import KUDOS_MESSAGE_MAX
from uplift.recognition.services import kudos_give
from uplift.web.http import AuthedRequest, query_datetime, query_id, query_text
from uplift.web.limits import rate_limited
from uplift.web.views.recognition_forms import KudosForm, form_error


def _team(request: AuthedRequest) -> Team | None:
    team_id = query_id(request, "team")
    if team_id is None:
        return None
    return recognition_access.access_feed_team(request.user, team_id)


def _feed_context(request: AuthedRequest, form: KudosForm | None = None) -> dict[str, object]:
    organisation = access.viewer_organisation(request.user)
    team = _team(request)
    before = query_datetime(request, "before")
    items = selectors.feed_items(
        viewer=request.user, organisation=organisation, team=team, before=before
    )
    return {
        "items": items,
        "team": team,
        "teams": recognition_access.feed_teams_visible(request.user),
        "form": form or KudosForm(viewer=request.user),
        "message_max": KUDOS_MESSAGE_MAX,
        "is_leader": request.user.role == Role.LEADER,
        "more_before": items[-1].at.isoformat() if len(items) == selectors.FEED_PAGE else None,
    }


@page_rule(access.SIGNED_IN)
def recognition_feed(request: AuthedRequest) -> HttpResponse:
    context = _feed_context(request)
    if request.htmx and query_datetime(request, "before"):
        return render(request, "recognition/_feed_items.html", context)
    return render(request, "recognition/feed.html", context)


@page_rule(access.SIGNED_IN)
@rate_limited("kudos")
def recognition_kudos_give(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = KudosForm(request.POST, viewer=request.user)
    error = None
    kudos = None
    if not form.is_valid():
        error = form_error(form)
    else:
        data = form.cleaned_data
        try:
            kudos = kudos_give(
                giver=request.user,
                receiver=data["receiver"],
                message=data["message"],
                reason=data["reason"],
                practice=data["practice"],
                session_id=data["session_id"],
                help_description=data["help_description"] or "",
            )
        except Invalid as refusal:
            error = refusal.message
    if not request.htmx:
        if error:  # the feed again, the composer keeping what was typed beside the reason
            refused = {**_feed_context(request, form), "error": error}
            return render(request, "recognition/feed.html", refused, status=400)
        messages.success(request, "Kudos sent.")
        return redirect("recognition_feed")
    if kudos is None:
        refused = {"form": form, "error": error, "message_max": KUDOS_MESSAGE_MAX}
        return render(request, "recognition/_kudos_form.html", refused, status=400)
    (new_item,) = selectors.kudos_items(viewer=request.user, kudos=[kudos])
    context: dict[str, object] = {
        "form": KudosForm(viewer=request.user),
        "message_max": KUDOS_MESSAGE_MAX,
        "sent": kudos,
        "new_item": new_item,
    }
    return render(request, "recognition/_kudos_form.html", context)


@page_rule(access.SIGNED_IN)
def recognition_my_points(request: AuthedRequest) -> HttpResponse:
    summary = selectors.points_summary(person=request.user)
    return render(request, "recognition/my_points.html", {"summary": summary})


@page_rule(access.SIGNED_IN)
def recognition_leaderboards(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    team = _team(request)
    # An unknown period or board is a page that does not exist (404), as in the API.
    period = query_text(request, "period", default=leaderboards.DEFAULT_PERIOD)
    kinds = leaderboards.board_kinds(organisation=organisation)
    wanted = query_text(request, "board")
    chosen = [k for k in kinds if k.key == wanted] if wanted else list(kinds)
    if wanted and not chosen:
        return render(request, "404.html", {"reason": "No such leaderboard."}, status=404)
    boards = [
        leaderboards.leaderboard(organisation=organisation, kind=k.key, period=period, team=team)
        for k in chosen
    ]
    context = {
        "boards": boards,
        "periods": leaderboards.PERIODS,
        "period": period,
        "team": team,
        "teams": recognition_access.feed_teams_visible(request.user),
        "revenue_on": organisation.revenue_leaderboards,
        "me": request.user.pk,
    }
    template = "recognition/_boards.html" if request.htmx else "recognition/leaderboards.html"
    return render(request, template, context)
