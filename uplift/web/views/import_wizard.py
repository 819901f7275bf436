"""The mapping wizard (enablement admins): upload an export that has no mapping, confirm or correct
what Uplift proposes for each file and column, preview the rows as they will be imported, then
save the mapping and import.

Step 1 `/enablement/imports/wizard/` (the upload), step 2 `…/<draft>/` (the columns; htmx
redraws one file's card when what it holds or its sheet changes), step 3 `…/<draft>/preview/`
(and the mapping file to download), step 4 the import's own progress page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from uplift.core.refusals import Refusal
from uplift.crm.mapping_drafts import Problem, choices_problems
from uplift.crm.mapping_proposals import file_refresh
from uplift.crm.mapping_selectors import mapping_draft_of, saved_mapping_of, saved_mappings_of
from uplift.crm.mapping_wizard import (
    WizardError,
    draft_choices,
    draft_samples,
    mapping_draft_choose,
    mapping_draft_create,
    mapping_draft_import,
    mapping_draft_preview,
    mapping_draft_sheet,
    mapping_draft_toml,
)
from uplift.crm.models import MappingDraft
from uplift.crm.uploads import UploadLimit, UploadRefused
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, query_id
from uplift.web.limits import rate_limited
from uplift.web.middleware import takes_uploads
from uplift.web.refusals import refusals_to_form
from uplift.web.views.import_wizard_forms import ImportForm, UploadForm, choices_from_post
from uplift.web.views.import_wizard_pages import WIZARD_STEPS, columns_context, file_context

FILE_TEMPLATE = "imports/_wizard_file.html"


def _draft(request: AuthedRequest, draft_id: int) -> MappingDraft:
    organisation = access.viewer_organisation(request.user)
    return mapping_draft_of(organisation=organisation, draft_id=draft_id)


def _upload_page(request: AuthedRequest, form: UploadForm, refusal: str = "") -> HttpResponse:
    status = 400 if refusal or (form.is_bound and form.errors) else 200
    context = {"form": form, "refusal": refusal, "step": 1, "steps": WIZARD_STEPS}
    return render(request, "imports/wizard_upload.html", context, status=status)


def _upload_form(request: AuthedRequest, data: Any = None) -> UploadForm:
    saved = saved_mappings_of(organisation=access.viewer_organisation(request.user))
    # A link that only pre-fills the form leaves a bad value out.
    initial = {"reuse": query_id(request, "reuse", ignore_invalid=True)} if data is None else None
    return UploadForm(data, initial=initial, saved=saved)


@page_rule(access.ADMINS)
@takes_uploads
@rate_limited("uploads")
@csrf_exempt  # the CSRF check runs in _upload, once the upload limit is in place
def wizard_upload(request: AuthedRequest) -> HttpResponse:
    """Step 1: the export's files (CSV files or spreadsheets, or one zip of them)."""
    request.upload_handlers.insert(
        0, UploadLimit(request, max_bytes=settings.UPLIFT_UPLOAD_MAX_BYTES)
    )
    try:
        request.POST  # noqa: B018  (reads the upload through the handlers)
    except UploadRefused as exc:
        return _upload_page(request, _upload_form(request), str(exc))
    return _upload(request)


@csrf_protect
def _upload(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, _upload_form(request))
    form = _upload_form(request, request.POST)
    if not form.is_valid():
        return _upload_page(request, form)
    organisation = access.viewer_organisation(request.user)
    reuse_id = form.cleaned_data.get("reuse")
    reuse = saved_mapping_of(organisation=organisation, mapping_id=reuse_id) if reuse_id else None
    try:
        draft = mapping_draft_create(
            organisation=organisation,
            person=request.user,
            files=request.FILES.getlist("files"),
            home=settings.UPLIFT_HOME,
            max_bytes=settings.UPLIFT_UPLOAD_MAX_BYTES,
            reuse=reuse,
        )
    except WizardError as exc:
        return _upload_page(request, form, exc.message)
    return redirect("import_wizard_columns", draft_id=draft.pk)


def _columns_page(
    request: AuthedRequest, draft: MappingDraft, problems: list[Problem], status: int = 200
) -> HttpResponse:
    context = columns_context(draft, draft_choices(draft), problems)
    return render(request, "imports/wizard_columns.html", context, status=status)


def _started(request: AuthedRequest, draft: MappingDraft) -> HttpResponse | None:
    """A draft whose import has started shows the import's progress instead."""
    if draft.job_id is None:
        return None
    messages.info(request, "This export is being imported with its mapping.")
    return redirect("job_status", job_id=draft.job_id)


@page_rule(access.ADMINS)
def wizard_columns(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Step 2: what each file holds and how each column is read; POST keeps the choices and,
    when nothing is missing, goes on to the preview."""
    draft = _draft(request, draft_id)
    if (started := _started(request, draft)) is not None:
        return started
    if request.method != "POST":
        return _columns_page(request, draft, [])
    choices = choices_from_post(request.POST, draft_samples(draft), draft_choices(draft))
    problems = mapping_draft_choose(draft=draft, choices=choices)
    if problems:
        return _columns_page(request, draft, problems, status=400)
    return redirect("import_wizard_preview", draft_id=draft.pk)


@require_POST
@page_rule(access.ADMINS)
def wizard_file(request: AuthedRequest, draft_id: int, number: int) -> HttpResponse:
    """One file's card again, as the form now says (htmx): columns proposed anew for what the
    file was chosen to hold, or read from another sheet. The whole form's choices are kept."""
    draft = _draft(request, draft_id)
    samples = draft_samples(draft)
    if number >= len(samples):
        return HttpResponse("No such file in this upload.", status=404)
    kept = draft_choices(draft)
    choices = choices_from_post(request.POST, samples, kept)
    sheet = request.POST.get(f"f{number}-sheet", "")
    try:
        if sheet and sheet != kept.files[number].sheet:
            mapping_draft_choose(draft=draft, choices=choices)  # the rest of the form is kept
            mapping_draft_sheet(draft=draft, number=number, sheet=sheet, home=settings.UPLIFT_HOME)
            choices = draft_choices(draft)
        else:
            posted = choices.files[number]
            choices.files[number] = file_refresh(samples[number], kept.files[number], posted)
            mapping_draft_choose(draft=draft, choices=choices)
    except Refusal as exc:
        return HttpResponse(exc.message, status=exc.status)
    context = file_context(draft, choices, number, choices_problems(choices))
    return render(request, FILE_TEMPLATE, context)


@page_rule(access.ADMINS)
def wizard_preview(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Step 3: twenty rows of each table as the import would write them, and the first rows it
    would refuse, before anything is written; then the mapping's name and the import."""
    draft = _draft(request, draft_id)
    if (started := _started(request, draft)) is not None:
        return started
    problems = choices_problems(draft_choices(draft))
    if problems:
        return _columns_page(request, draft, problems, status=400)
    form = ImportForm(initial={"name": _proposed_name(draft)})
    return _preview_page(request, draft, form)


def _proposed_name(draft: MappingDraft) -> str:
    if draft.reused is not None:
        return draft.reused.name
    return draft_choices(draft).source


def _preview_page(
    request: AuthedRequest, draft: MappingDraft, form: ImportForm, status: int = 200
) -> HttpResponse:
    try:
        preview = mapping_draft_preview(draft=draft, home=settings.UPLIFT_HOME)
    except WizardError as exc:
        return _columns_page(request, draft, [Problem(exc.message)], status=400)
    context = {"draft": draft, "preview": preview, "form": form, "step": 3, "steps": WIZARD_STEPS}
    return render(request, "imports/wizard_preview.html", context, status=status)


@page_rule(access.ADMINS)
def wizard_toml(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """The draft's mapping, as the mapping.toml the command line reads."""
    draft = _draft(request, draft_id)
    try:
        text = mapping_draft_toml(draft)
    except WizardError as exc:
        return _columns_page(request, draft, [Problem(exc.message)], status=400)
    return _toml_answer(text)


def _toml_answer(text: str) -> HttpResponse:
    answer = HttpResponse(text, content_type="application/toml; charset=utf-8")
    answer["Content-Disposition"] = 'attachment; filename="mapping.toml"'
    return answer


@require_POST
@page_rule(access.ADMINS)
def wizard_import(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Step 4: save the mapping for the organisation and import the export with it."""
    draft = _draft(request, draft_id)
    if (started := _started(request, draft)) is not None:
        return started
    form = ImportForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            job = mapping_draft_import(
                draft=draft,
                person=request.user,
                name=form.cleaned_data["name"],
                skip_invalid=bool(form.cleaned_data["skip_invalid"]),
                home=settings.UPLIFT_HOME,
            )
            messages.info(
                request,
                f"The mapping {form.cleaned_data['name']} is saved, and the export is being "
                "imported in the background.",
            )
            return redirect("job_status", job_id=job.pk)
    return _preview_page(request, draft, form, status=400)


@page_rule(access.ADMINS)
def saved_mapping_toml(request: AuthedRequest, mapping_id: int) -> HttpResponse:
    """A saved mapping, as the mapping.toml the command line reads."""
    organisation = access.viewer_organisation(request.user)
    return _toml_answer(saved_mapping_of(organisation=organisation, mapping_id=mapping_id).toml)
