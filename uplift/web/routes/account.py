"""Settings: one's own account (time zone) and, for enablement admins, the organisation's."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.web.navigation import NavItem
from uplift.web.views import account_settings

urlpatterns: list[URLPattern] = [
    path("settings/account/", account_settings.account_settings, name="account_settings"),
    path(
        "settings/organisation/",
        account_settings.organisation_settings,
        name="organisation_settings",
    ),
]

# Reached from the user menu in the top bar, not from the sidebar.
nav_items: tuple[NavItem, ...] = ()
