"""The API's documentation page, /api/docs: Swagger UI from Uplift's own static files.

Swagger UI is vendored like the pages' scripts (`scripts/vendor-assets`, `swagger-ui-dist` from
the npm registry at a pinned version, in `uplift/web/static/vendor/swagger-ui/`), so the page
works with no network and under the Content-Security-Policy, which allows scripts from Uplift
only. ninja's own page falls back to a CDN when ninja is not an installed app; this one never
does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class VendoredSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api}  # json_script writes it out
        return render(request, self.template, context)
