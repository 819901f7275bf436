"""Star profile pages, and the stage question templates enablement admins keep."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from uplift.debriefs import access as debrief_access
from uplift.debriefs import selectors, services
from uplift.debriefs.stages import stage_label
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters import star_profiles as profile_pages
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.tables import download, render_tables, table_view
from uplift.web.views.debriefs_forms import QuestionEditForm, QuestionForm
from uplift.web.views.debriefs_tables import stars_table


@page_rule(access.SIGNED_IN)
def star_profiles(request: AuthedRequest) -> HttpResponse:
    """The stars whose profile the viewer may see: leaders their part, admins everyone, a
    manager their reps, a star themself."""
    organisation = access.viewer_organisation(request.user)
    document = selectors.profiles_latest(organisation=organisation)
    stars = selectors.stars_in_scope(viewer=request.user)
    on_record = selectors.debriefs_on_record(
        viewer=request.user, star_ids=[row.person.pk for row in stars]
    )
    comparison = profile_pages.star_comparison(document=document)
    context = {
        "stars_table": table_view(request, stars_table(comparison), stars),
        "on_record": on_record,
        "document": document.data if document else None,
        "n_clear": selectors.behaviours_that_differ(document=document),
        "comparison": comparison,
        "may_schedule": request.user.role in debrief_access.SCHEDULERS.roles,
    }
    return render_tables(request, "debriefs/stars.html", context)


@page_rule(access.SIGNED_IN)
def star_profiles_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The stars whose profile the viewer may see, and what stands out, as CSV or XLSX."""
    if table != "stars":
        raise Http404("No such table on this page.")
    stars = selectors.stars_in_scope(viewer=request.user)
    organisation = access.viewer_organisation(request.user)
    comparison = profile_pages.star_comparison(
        document=selectors.profiles_latest(organisation=organisation)
    )
    return download(request, stars_table(comparison), stars, fmt)


@page_rule(access.SIGNED_IN)
def star_profile(request: AuthedRequest, person_id: int) -> HttpResponse:
    star = debrief_access.access_star(request.user, person_id)
    page = profile_pages.star_profile_page(viewer=request.user, star=star)
    on_record = selectors.debriefs_on_record(viewer=request.user, star_ids=[star.pk])
    context = {
        "page": page,
        "star": star,
        "is_me": star.pk == request.user.pk,
        "may_schedule": debrief_access.can_schedule_debrief(request.user, star)
        and page.profile is not None,
        "debrief_on_record": on_record.get(star.pk),
    }
    return render(request, "debriefs/profile.html", context)


@page_rule(access.ADMINS)
@require_http_methods(["GET", "POST"])
def debrief_questions(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    services.question_templates_ensure(organisation=organisation)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals_to_form(form):
                services.question_template_create(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                )
                messages.success(request, "Question added.")
                return redirect("debrief_questions")
        status = 400
    by_stage = [
        (stage, stage_label(stage), rows)
        for stage, rows in selectors.question_templates(organisation=organisation).items()
    ]
    return render(
        request, "debriefs/questions.html", {"form": form, "by_stage": by_stage}, status=status
    )


@page_rule(access.ADMINS)
@require_POST
def debrief_question(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = debrief_access.access_question(request.user, template_id)
    form = QuestionEditForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("A question needs a sales stage, some text and an action.")
    data = form.cleaned_data
    if data["action"] == "delete":
        services.question_template_delete(template=template, actor=request.user)
        messages.success(request, "Question removed from future guides.")
    else:
        try:
            services.question_template_update(
                template=template, actor=request.user, stage=data["stage"], text=data["text"]
            )
        except services.DebriefError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Question saved.")
    return redirect("debrief_questions")
