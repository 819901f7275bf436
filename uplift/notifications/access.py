"""Who sees which notifications: each person their own, and nobody else's (not their manager,
not a leader, not an enablement admin). A notification of someone else answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from uplift.notifications.models import Notification
from uplift.orgs.models import Person


def notifications_visible(viewer: Person) -> QuerySet[Notification]:
    if viewer.organisation_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=viewer, organisation_id=viewer.organisation_id)


def access_notification(viewer: Person, notification_id: int) -> Notification:
    found = notifications_visible(viewer).filter(pk=notification_id).first()
    if found is None:
        raise Http404("No such notification of yours.")
    return found
