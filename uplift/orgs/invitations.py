"""Invitations: an e-mail with a link to set a password, for people who cannot sign in yet.

Not a notification (`uplift.notifications`): its reader cannot sign in to see one, so it goes by
e-mail whatever the preferences."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from uplift.core.links import site_url
from uplift.core.refusals import Invalid
from uplift.orgs.models import Organisation, Person

# The domain of the addresses given to CRM users who have none of their own (RFC 2606: no mail
# is ever delivered to .invalid); such a person is invited once someone fills in the real one.
UNDELIVERABLE_DOMAIN = "crm.invalid"


def _cannot_sign_in(organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(
        organisation=organisation,
        is_active=True,
        password__startswith="!",  # noqa: S106  (Django marks an unusable password with a leading "!")
    )


def people_awaiting_invitation(*, organisation: Organisation) -> QuerySet[Person]:
    """People who cannot sign in, have not been invited and have an address mail can reach."""
    return (
        _cannot_sign_in(organisation)
        .filter(invited_at__isnull=True)
        .exclude(email__iendswith=f"@{UNDELIVERABLE_DOMAIN}")
    )


def people_without_address(*, organisation: Organisation) -> QuerySet[Person]:
    """People who cannot be invited until someone gives them a real e-mail address."""
    return _cannot_sign_in(organisation).filter(email__iendswith=f"@{UNDELIVERABLE_DOMAIN}")


def person_address_set(*, person: Person, email: str) -> None:
    """Give a person without a usable address their real one (then they can be invited).

    Refuses an address someone else has, in any organisation, and another undeliverable one."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:  # Django's validator says it in its own words
        raise Invalid(" ".join(error.messages), field="email") from error
    if address.endswith(f"@{UNDELIVERABLE_DOMAIN}"):
        raise Invalid("Give an address that can receive mail.", field="email")
    if Person.objects.filter(email__iexact=address).exclude(pk=person.pk).exists():
        raise Invalid("Someone else already has this address.", field="email", code="taken")
    person.email = address
    person.save(update_fields=["email"])


def invitation_send(*, person: Person) -> None:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = site_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    context = {"person": person, "link": link, "organisation": person.organisation}
    send_mail(
        subject=f"You're invited to Uplift at {person.organisation}",
        message=render_to_string("orgs/email/invitation.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
    Person.objects.filter(pk=person.pk).update(invited_at=timezone.now())
