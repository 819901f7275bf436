"""Uploading a CRM export and watching it import (enablement admins)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.core.jobs import job_start
from uplift.core.models import Job
from uplift.crm.services import STAGERS
from uplift.crm.uploads import UploadRefused, upload_save
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest

SOURCE_LABELS = {
    "salesforce": "Salesforce export (User, Account, Opportunity, Task, Event, … CSV files)",
    "hubspot": "HubSpot export (owners, companies, deals, activities CSV files)",
    "csv": "Other CRM, with a mapping file (mapping.toml and the CSV files it names)",
}


class ImportForm(forms.Form):
    source = forms.ChoiceField(label="What is it?", widget=forms.RadioSelect)
    dry_run = forms.BooleanField(
        label="Only check it (write nothing)", required=False,
        help_text="Reads and checks every row, and reports what an import would change.",
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (key, label) for key, label in SOURCE_LABELS.items() if key in STAGERS
        ]


@page_rule(access.ADMINS)
def imports_page(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("files")
        try:
            folder = upload_save(
                files=files, home=settings.UPLIFT_HOME, max_bytes=settings.UPLIFT_UPLOAD_MAX_BYTES
            )
        except UploadRefused as exc:
            form.add_error(None, str(exc))
        else:
            source = form.cleaned_data["source"]
            location = folder / "mapping.toml" if source == "csv" else folder
            job = job_start(
                kind="crm-import",
                title=f"Import {source} export ({len(files)} file{'s' if len(files) != 1 else ''})",
                organisation_id=request.user.organisation_id,
                created_by_id=request.user.pk,
                params={
                    "source": source,
                    "location": str(location),
                    "dry_run": bool(form.cleaned_data["dry_run"]),
                },
            )
            messages.info(request, "The export is being imported in the background.")
            return redirect("job_status", job_id=job.pk)
    recent = Job.objects.filter(
        organisation=access.viewer_organisation(request.user), kind="crm-import"
    ).select_related("created_by")[:10]
    return render(request, "web/imports.html", {"form": form, "recent": recent})
