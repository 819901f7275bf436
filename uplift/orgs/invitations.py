"""Invitations: an e-mail with a link to set a password, for people who cannot sign in yet."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from uplift.orgs.models import Organisation, Person


def people_awaiting_invitation(*, organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(
        organisation=organisation,
        is_active=True,
        invited_at__isnull=True,
        password__startswith="!",  # noqa: S106  (Django marks an unusable password with a leading "!")
    )


def invitation_send(*, person: Person) -> None:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = settings.UPLIFT_BASE_URL + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    context = {"person": person, "link": link, "organisation": person.organisation}
    send_mail(
        subject=f"You're invited to Uplift at {person.organisation}",
        message=render_to_string("orgs/email/invitation.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
    Person.objects.filter(pk=person.pk).update(invited_at=timezone.now())
