"""The mapping wizard's pages (enablement admins): an export without a mapping, from its upload to
its import, and the mappings it saved. Reached from the Imports page, whose menu entry they keep
marked (their addresses start with its own)."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.web.navigation import NavItem
from uplift.web.views import import_wizard

urlpatterns: list[URLPattern] = [
    path("enablement/imports/wizard/", import_wizard.wizard_upload, name="import_wizard"),
    path(
        "enablement/imports/wizard/<int:draft_id>/",
        import_wizard.wizard_columns,
        name="import_wizard_columns",
    ),
    path(
        "enablement/imports/wizard/<int:draft_id>/files/<int:number>/",
        import_wizard.wizard_file,
        name="import_wizard_file",
    ),
    path(
        "enablement/imports/wizard/<int:draft_id>/preview/",
        import_wizard.wizard_preview,
        name="import_wizard_preview",
    ),
    path(
        "enablement/imports/wizard/<int:draft_id>/mapping.toml",
        import_wizard.wizard_toml,
        name="import_wizard_toml",
    ),
    path(
        "enablement/imports/wizard/<int:draft_id>/import/",
        import_wizard.wizard_import,
        name="import_wizard_import",
    ),
    path(
        "enablement/imports/mappings/<int:mapping_id>/mapping.toml",
        import_wizard.saved_mapping_toml,
        name="saved_mapping_toml",
    ),
]

nav_items: tuple[NavItem, ...] = ()
