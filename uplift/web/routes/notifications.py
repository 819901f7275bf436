"""Pages of the notifications: the bell's fragment, the list and the preferences."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.web.navigation import NavItem
from uplift.web.views import notifications

urlpatterns: list[URLPattern] = [
    path("notifications/", notifications.notifications_page, name="notifications"),
    path("notifications/bell/", notifications.notifications_bell, name="notifications_bell"),
    path(
        "notifications/read-all/",
        notifications.notifications_mark_all_read,
        name="notifications_mark_all_read",
    ),
    path(
        "notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/<int:notification_id>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_mark_read,
        name="notification_mark_read",
    ),
]

# Reached from the bell in the top bar and the user menu, not from the sidebar.
nav_items: tuple[NavItem, ...] = ()
