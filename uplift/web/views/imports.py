"""Uploading a CRM export and watching it import (enablement admins)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from uplift.core.jobs import job_start
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.mapping_selectors import saved_mappings_of
from uplift.crm.presets import preset_location, presets_all
from uplift.crm.selectors import import_rejects_of, imports_history
from uplift.crm.services import STAGERS
from uplift.crm.uploads import UploadLimit, UploadRefused, upload_discard, upload_save
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest
from uplift.web.limits import rate_limited
from uplift.web.middleware import takes_uploads
from uplift.web.text_forms import FreeTextForm

SOURCE_LABELS = {
    "salesforce": "Salesforce export (User, Account, Opportunity, Task, Event, … CSV files)",
    "hubspot": "HubSpot export (owners, companies, deals, activities CSV files)",
    "csv": "Other CRM, with a mapping file (mapping.toml and the CSV or spreadsheets it names)",
}


class ImportForm(FreeTextForm):
    source = forms.ChoiceField(label="What is it?", widget=forms.RadioSelect)
    preset = forms.ChoiceField(
        label="Ready-made mapping",
        required=False,
        help_text=(
            "For another CRM: a mapping for its standard export, used instead of an uploaded "
            "mapping.toml. Upload the export's files as they came."
        ),
    )
    dry_run = forms.BooleanField(
        label="Only check it (write nothing)",
        required=False,
        help_text="Reads and checks every row, and reports what an import would change.",
    )
    skip_invalid = forms.BooleanField(
        label="Import the valid rows and give me the rejected ones",
        required=False,
        help_text=(
            "A row with a value that cannot be read, or without its id, is left out instead of "
            "stopping the import; you can download the rows left out, each with its reason."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (key, label) for key, label in SOURCE_LABELS.items() if key in STAGERS
        ]
        self.fields["preset"].choices = [  # type: ignore[attr-defined]
            ("", "None: the upload holds its own mapping.toml"),
            *((p.name, f"{p.crm}: {p.expects}") for p in presets_all()),
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("preset") and data.get("source") != "csv":
            self.add_error(
                "preset", "A ready-made mapping is for another CRM's export: choose that above."
            )
        return data


@page_rule(access.ADMINS)
@takes_uploads
@rate_limited("uploads")
@csrf_exempt  # the CSRF check runs in _imports, once the upload limit is in place
def imports_page(request: AuthedRequest) -> HttpResponse:
    # Django reads the body (to the disk, for large files) on the first look at request.POST:
    # the limit must be the first handler before anything looks.
    limit = UploadLimit(request, max_bytes=settings.UPLIFT_UPLOAD_MAX_BYTES)
    request.upload_handlers.insert(0, limit)
    try:
        request.POST  # noqa: B018  (reads the upload through the handlers)
    except UploadRefused as exc:
        return _page(request, ImportForm(), str(exc))
    return _imports(request)


@csrf_protect
def _imports(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    files = request.FILES.getlist("files")
    source = form.cleaned_data["source"]
    try:
        folder = upload_save(
            files=files, home=settings.UPLIFT_HOME, max_bytes=settings.UPLIFT_UPLOAD_MAX_BYTES
        )
    except UploadRefused as exc:
        return _page(request, form, str(exc))
    preset = form.cleaned_data.get("preset") or ""
    location = folder / "mapping.toml" if source == "csv" else folder
    if preset:  # the upload is the export alone, read through the ready-made mapping
        location = preset_location(name=preset, folder=folder)
        if (folder / "mapping.toml").exists():
            upload_discard(folder, home=settings.UPLIFT_HOME)
            refusal = "Choose a ready-made mapping or upload a mapping.toml, not both."
            return _page(request, form, refusal)
    if source == "csv":
        try:  # a mistake in the mapping (a file outside the upload…) is refused now
            mapping_read(location)
        except MappingError as exc:
            upload_discard(folder, home=settings.UPLIFT_HOME)
            return _page(request, form, str(exc))
    count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    job = job_start(
        kind="crm-import",
        title=f"Import {preset or source} export ({count})",
        organisation_id=request.user.organisation_id,
        created_by_id=request.user.pk,
        params={
            "source": source,
            "location": str(location),
            "dry_run": bool(form.cleaned_data["dry_run"]),
            "skip_invalid": bool(form.cleaned_data["skip_invalid"]),
        },
    )
    messages.info(request, "The export is being imported in the background.")
    return redirect("job_status", job_id=job.pk)


def _page(request: AuthedRequest, form: ImportForm, refusal: str = "") -> HttpResponse:
    """The page, with the form and the history; a refused upload is said on the form and
    answered 400."""
    organisation = access.viewer_organisation(request.user)
    history = imports_history(organisation=organisation)
    status = 400 if refusal or (form.is_bound and form.errors) else 200
    saved = saved_mappings_of(organisation=organisation)
    context = {"form": form, "history": history, "refusal": refusal, "saved_mappings": saved}
    return render(request, "web/imports.html", context, status=status)


@page_rule(access.ADMINS)
def import_rejects(request: AuthedRequest, job_id: int) -> FileResponse:
    """The rows an import from this page left out, as a CSV file (admins of its organisation)."""
    job = access.access_job(request.user, job_id)
    path = import_rejects_of(job=job)
    if path is None:
        raise Http404("This import kept no rejected rows.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"rejected-rows-import-{job.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
