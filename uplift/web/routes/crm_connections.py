"""The CRM connections page (enablement admins): connecting Salesforce and HubSpot, each
connection's status and settings, Sync now and Disconnect; Salesforce's and HubSpot's OAuth
callbacks."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import crm_connections as views

urlpatterns: list[URLPattern] = [
    path("settings/crm/", views.crm_connections, name="crm_connections"),
    path(
        "settings/crm/salesforce/authorize/",
        views.crm_salesforce_authorize,
        name="crm_salesforce_authorize",
    ),
    path("crm/salesforce/callback", views.crm_salesforce_callback, name="crm_salesforce_callback"),
    path("settings/crm/salesforce/jwt/", views.crm_salesforce_jwt, name="crm_salesforce_jwt"),
    path("settings/crm/hubspot/token/", views.crm_hubspot_token, name="crm_hubspot_token"),
    path(
        "settings/crm/hubspot/authorize/",
        views.crm_hubspot_authorize,
        name="crm_hubspot_authorize",
    ),
    path("crm/hubspot/callback", views.crm_hubspot_callback, name="crm_hubspot_callback"),
    path(
        "settings/crm/<int:connection_id>/settings/",
        views.crm_connection_settings,
        name="crm_connection_settings",
    ),
    path(
        "settings/crm/<int:connection_id>/sync/",
        views.crm_connection_sync,
        name="crm_connection_sync",
    ),
    path(
        "settings/crm/<int:connection_id>/disconnect/",
        views.crm_connection_disconnect,
        name="crm_connection_disconnect",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem("CRM connections", "crm_connections", "plug", frozenset({Role.ADMIN}), 95, "admin"),
)
