"""A printout as the answer to a request: the page's data rendered with a print template, made
into a PDF, named for its organisation, subject and day, and marked for whom it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from uplift.core.pdf import pdf_filename, pdf_from_html
from uplift.orgs.models import Person


@dataclass(frozen=True)
class Printout:
    """What every printout says on its first page and on every page's margin."""

    title: str
    organisation: str
    as_of: str  # the analysis the numbers come from ("" when none is used)
    audience: str  # who may see it, in words
    printed_by: str
    printed_on: str


def printout_response(
    *,
    viewer: Person,
    template: str,
    context: dict[str, Any],
    title: str,
    as_of: str,
    audience: str,
    subject: str = "",
) -> HttpResponse:
    organisation = str(viewer.organisation or "")
    today = timezone.localdate().isoformat()
    about = Printout(
        title=title,
        organisation=organisation,
        as_of=as_of,
        audience=audience,
        printed_by=viewer.full_name,
        printed_on=today,
    )
    html = render_to_string(template, {**context, "printout": about})
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    name = pdf_filename(organisation, title, subject, as_of or today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # private numbers: no copy kept on the way
    return response
