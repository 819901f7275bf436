from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from uplift.orgs.models import Person


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct e-mail and password.",
    }
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class EmailPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for people created by an import who never had a password.

    It answers the same whether or not the address exists, so it reveals no one.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(Person.objects.filter(email__iexact=email.strip(), is_active=True))
