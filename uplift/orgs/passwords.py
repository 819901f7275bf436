"""Password resets: who may get a reset link, and sending it in the background.

Only people who can already sign in, or who were invited (uplift.orgs.invitations), may set a
password by e-mail. Someone an import created and nobody invited cannot activate their own
account through "Forgot password": an enablement admin invites them first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.db.models import Q, QuerySet
from django_tasks import task

from uplift.orgs.models import Person


def people_who_may_reset_password(*, email: str) -> QuerySet[Person]:
    """Active people with this address (any case) who have a password or were invited."""
    # Django marks an unusable password with a leading "!".
    has_password = ~Q(password__startswith="!") & ~Q(password="")  # noqa: S106
    return Person.objects.filter(
        has_password | Q(invited_at__isnull=False), email__iexact=email.strip(), is_active=True
    )


class _ResetMail(PasswordResetForm):
    """Django's reset e-mail (token, link and templates), sent to whom the rule above allows."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(people_who_may_reset_password(email=email))


@task()
def password_reset_mail_send(email: str, domain: str, use_https: bool) -> None:
    form = _ResetMail({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue a reset e-mail for the address.

    The request does the same work whatever the address (it queues one task), so neither its
    answer nor its timing tells whether someone has an account; the worker finds the person.
    """
    transaction.on_commit(lambda: password_reset_mail_send.enqueue(email, domain, use_https))
