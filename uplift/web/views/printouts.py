"""Printable PDFs of three pages: Stars & gap, a rep's development plan, and an initiative's
health. Each reads exactly what its page reads, through the same access rule and helpers, and
draws the page's charts on the server (`uplift.web.printouts`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from uplift.development import access as plan_access
from uplift.insights.selectors import analysis_latest
from uplift.orgs import access
from uplift.orgs import selectors as org_selectors
from uplift.orgs.access import page_rule
from uplift.presenters import dashboards
from uplift.web.http import AuthedRequest
from uplift.web.printouts.charts import chart_svg
from uplift.web.printouts.response import printout_response
from uplift.web.views.development.plans import plan_context
from uplift.web.views.initiatives.health import health_context
from uplift.web.views.performance import LEADER_PARTS


@page_rule(access.LEADERS)
def leader_performance_pdf(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    analysis = dashboards.analysis_for_pages(organisation=organisation, kinds=LEADER_PARTS)
    if analysis is None:
        raise Http404("No analysis yet: the printout follows the first analysis.")
    people = dashboards.members_visible(viewer=request.user)
    not_selling = org_selectors.crm_ids_not_selling(organisation=organisation)
    board = dashboards.leader_dashboard(analysis=analysis, people=people, not_selling=not_selling)
    charts = {
        "ranks": chart_svg(board.charts.get("ranks")),
        "gap": chart_svg(board.charts.get("gap")),
        "index": chart_svg(board.charts.get("index"), height_in=3.4),
        "trend": chart_svg(board.trend.chart, height_in=2.6),
    }
    return printout_response(
        viewer=request.user,
        template="printouts/stars_and_gap.html",
        context={"board": board, "charts": charts},
        title="Stars and the gap",
        as_of=str(board.as_of),
        audience=f"the leaders of {organisation}",
    )


@page_rule(access.SIGNED_IN)
def development_plan_pdf(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan(request.user, plan_id)
    organisation = access.viewer_organisation(request.user)
    run = analysis_latest(organisation=organisation)
    rep = plan.rep
    return printout_response(
        viewer=request.user,
        template="printouts/plan.html",
        context=plan_context(request, plan),
        title="Development plan",
        subject=rep.full_name,
        as_of=str(run.as_of) if run else "",
        audience=f"{rep.full_name}, their managers and the leaders over them at {organisation}",
    )


@page_rule(access.LEADERS_AND_ADMINS)
def initiatives_health_pdf(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    context = health_context(request.user, initiative_id)
    organisation = access.viewer_organisation(request.user)
    context["charts"] = {
        "funnel": chart_svg(context["funnel_chart"], height_in=2.2),
        "closure": chart_svg(context["closure_chart"], height_in=2.8),
        "participation": chart_svg(context["participation_chart"], height_in=2.2),
    }
    return printout_response(
        viewer=request.user,
        template="printouts/initiative_health.html",
        context=context,
        title="Initiative health",
        subject=context["initiative"].name,
        as_of=str(context["health"].analysis_as_of or ""),
        audience=f"the leaders and enablement admins of {organisation}",
    )
