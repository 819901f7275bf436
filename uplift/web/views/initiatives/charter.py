"""Initiative pages: the list, launching one, its charter page, inviting the proposed stars,
answering an invitation, commitments (partners', leaders'), and closing it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.initiatives import access as initiative_access
from uplift.initiatives.health import baseline_sentence, target_of
from uplift.initiatives.kinds import LEADER_KINDS, PARTNER_KINDS
from uplift.initiatives.models import Initiative, Partner
from uplift.initiatives.proposal import baseline_frozen, stars_proposed
from uplift.initiatives.selectors import (
    commitments_by_person,
    initiative_page,
    initiatives_overview,
)
from uplift.initiatives.services import (
    CharterInput,
    initiative_close,
    initiative_launch,
    invitation_answer,
    leader_commitments_set,
    partner_commitments_change,
    partners_invite,
)
from uplift.insights.selectors import analysis_latest
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.initiatives.forms import (
    AnswerForm,
    CloseForm,
    InviteForm,
    LaunchForm,
    PledgeForm,
)


@page_rule(access.SIGNED_IN)
def initiatives_list(request: AuthedRequest) -> HttpResponse:
    overview = initiatives_overview(viewer=request.user, today=timezone.localdate())
    return render(
        request,
        "initiatives/list.html",
        {"overview": overview, "may_launch": request.user.role == Role.LEADER},
    )


def _launch_form(request: AuthedRequest, data: object = None) -> LaunchForm:
    people = access.colleagues_visible(request.user)
    return LaunchForm(
        data,
        leaders=people.filter(role=Role.LEADER).order_by("full_name"),
        admins=people.filter(role=Role.ADMIN).order_by("full_name"),
        teams=access.teams_visible(request.user).order_by("name"),
        initial={
            "sponsor": request.user.pk,
            "starts_on": timezone.localdate(),
            "cadence": Initiative.Cadence.FORTNIGHTLY,
        },
    )


@page_rule(access.LEADERS)
def initiatives_new(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    run = analysis_latest(organisation=organisation)
    form = _launch_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to_form(form):
            initiative = initiative_launch(
                launched_by=request.user,
                charter=CharterInput(
                    name=data["name"],
                    purpose=data["purpose"],
                    sponsor=data["sponsor"],
                    owner=data["owner"],
                    scope_team=data["scope_team"],
                    starts_on=data["starts_on"],
                    quarters=data["quarters"],
                    close_fraction=data["close_percent"] / 100,
                    cadence=data["cadence"],
                ),
                run=run,
            )
            messages.success(request, "Launched. Invite the stars the analysis proposes.")
            return redirect("initiatives_detail", initiative.pk)
    context = {
        "form": form,
        "baseline": baseline_frozen(organisation=organisation, scope_team=None, run=run),
        "stars": stars_proposed(organisation=organisation, scope_team=None, run=run),
    }
    return render(
        request, "initiatives/new.html", context, status=400 if request.method == "POST" else 200
    )


def _detail_context(request: AuthedRequest, initiative: Initiative) -> dict[str, object]:
    run = analysis_latest(organisation=initiative.organisation)
    page = initiative_page(
        viewer=request.user, initiative=initiative, run=run, today=timezone.localdate()
    )
    target = target_of(initiative)
    return {
        "page": page,
        "initiative": initiative,
        "target": {**target, "by": date.fromisoformat(target["by"])},
        "baseline_sentence": baseline_sentence(initiative.baseline),
        "mentees": initiative_access.mentees_visible(request.user) if page.is_partner else [],
        "partner_form": PledgeForm(
            specs=PARTNER_KINDS, current={f.spec.kind.value: f.current for f in page.partner_pledge}
        ),
        "leader_form": PledgeForm(
            specs=LEADER_KINDS, current={f.spec.kind.value: f.current for f in page.leader_pledge}
        ),
        "close_form": CloseForm(),
    }


@page_rule(access.SIGNED_IN)
def initiatives_detail(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    return render(request, "initiatives/detail.html", _detail_context(request, initiative))


@page_rule(access.LEADERS)
@require_POST
def initiatives_invite(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    if not initiative_access.can_lead_initiative(request.user, initiative):
        raise PermissionDenied(
            "Only the initiative's sponsor and the leader who launched it invite."
        )
    run = analysis_latest(organisation=initiative.organisation)
    stars = stars_proposed(
        organisation=initiative.organisation, scope_team=initiative.scope_team, run=run
    )
    form = InviteForm(
        request.POST,
        candidates=access.colleagues_visible(request.user).filter(
            pk__in=[s.person_id for s in stars]
        ),
    )
    if form.is_valid():
        as_of = run.as_of.isoformat() if run is not None and run.as_of else ""
        with refusals_to_form(form):
            invited = partners_invite(
                initiative=initiative,
                invited_by=request.user,
                people=form.cleaned_data["people"],
                evidence={s.person_id: s.evidence(as_of) for s in stars},
            )
            messages.success(
                request, f"Invited {len(invited)}. Each answers in Uplift; you see it here."
            )
            return redirect("initiatives_detail", initiative.pk)
    context = {**_detail_context(request, initiative), "invite_form": form}
    return render(request, "initiatives/detail.html", context, status=400)


@page_rule(access.SIGNED_IN)
def initiatives_invitation(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    partner = initiative_access.access_invitation(request.user, initiative)
    form = AnswerForm(request.POST or None, specs=PARTNER_KINDS)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        with refusals_to_form(form):
            invitation_answer(
                partner=partner,
                actor=request.user,
                accept=accept,
                counts=form.counts(),
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                "Thank you: your commitments are below; the records keep them, nothing to tick."
                if accept
                else "Declined. Thank you for answering.",
            )
            return redirect("initiatives_detail", initiative.pk)
    context = {
        "initiative": initiative,
        "partner": partner,
        "form": form,
        "answered": partner.status != Partner.Status.INVITED,
    }
    return render(
        request,
        "initiatives/invitation.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_pledge(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    leader = request.user.role == Role.LEADER and request.POST.get("as") == "leader"
    form = PledgeForm(request.POST, specs=LEADER_KINDS if leader else PARTNER_KINDS)
    if form.is_valid():
        with refusals_to_form(form):
            if leader:
                leader_commitments_set(
                    initiative=initiative,
                    leader=request.user,
                    counts=form.counts(),
                    today=timezone.localdate(),
                )
            else:
                partner_commitments_change(
                    initiative=initiative,
                    partner=request.user,
                    counts=form.counts(),
                    today=timezone.localdate(),
                )
            messages.success(request, "Commitments saved from the current period on.")
            return redirect("initiatives_detail", initiative.pk)
    context = {
        **_detail_context(request, initiative),
        ("leader_form" if leader else "partner_form"): form,
    }
    return render(request, "initiatives/detail.html", context, status=400)


@page_rule(access.SIGNED_IN)
def initiatives_commitments(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    people = commitments_by_person(
        viewer=request.user, initiative=initiative, today=timezone.localdate()
    )
    context = {
        "initiative": initiative,
        "people": people,
        "sees_all": initiative_access.can_view_all_commitments(request.user, initiative),
    }
    return render(request, "initiatives/commitments.html", context)


@page_rule(access.LEADERS)
@require_POST
def initiatives_close(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            initiative_close(
                initiative=initiative,
                actor=request.user,
                retrospective=form.cleaned_data["retrospective"],
            )
            messages.success(request, "Closed. Its history and retrospective stay here.")
            return redirect("initiatives_detail", initiative.pk)
    context = {**_detail_context(request, initiative), "close_form": form}
    return render(request, "initiatives/detail.html", context, status=400)
