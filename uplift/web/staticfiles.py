"""Django's static files app, set up for Uplift."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig


class UpliftStaticFilesConfig(StaticFilesConfig):
    """Django's static files without ReDoc, the API-docs viewer Uplift does not serve (it shows
    Swagger UI): 4 MB that every `uplift init` would otherwise collect and compress."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "ninja/redoc.*"]
