"""The SCIM 2.0 directory and the admin's directory settings."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import provisioning, scim

urlpatterns: list[URLPattern] = [
    path("settings/directory/", provisioning.directory_settings, name="directory_settings"),
    path(
        "scim/v2/ServiceProviderConfig",
        scim.service_provider_config,
        name="scim_service_provider_config",
    ),
    path("scim/v2/Schemas", scim.schemas, name="scim_schemas"),
    path("scim/v2/ResourceTypes", scim.resource_types, name="scim_resource_types"),
    path("scim/v2/Users", scim.users, name="scim_users"),
    path("scim/v2/Users/<str:user_id>", scim.user, name="scim_user"),
    path("scim/v2/Groups", scim.groups, name="scim_groups"),
    path("scim/v2/Groups/<str:group_id>", scim.group, name="scim_group"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Directory (SCIM)", "directory_settings", "people", frozenset({Role.ADMIN}), 97, "admin"
    ),
)
