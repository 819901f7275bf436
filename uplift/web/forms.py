from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.http import HttpRequest

from uplift.identity.selectors import password_sign_in_allowed
from uplift.orgs.models import Person
from uplift.orgs.passwords import password_reset_request
from uplift.orgs.services import person_password_set


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct e-mail and password.",
    }
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def confirm_login_allowed(self, user: Person) -> None:
        """An organisation that signs in through its identity provider refuses passwords,
        except its break-glass admin's (docs/identity.md)."""
        super().confirm_login_allowed(user)
        if not password_sign_in_allowed(person=user):
            raise forms.ValidationError(
                "Your organisation signs in with single sign-on: choose 'Company single "
                "sign-on' below.",
                code="password_sign_in_off",
            )


class EmailPasswordResetForm(PasswordResetForm):
    """Asks for a reset e-mail: the worker sends it to whoever may set a password with it
    (uplift.orgs.passwords), and the page answers the same whether or not the address exists."""

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        use_https: bool = False,
        request: HttpRequest | None = None,
        **_: Any,
    ) -> None:
        domain = domain_override or (request.get_host() if request is not None else "")
        password_reset_request(email=self.cleaned_data["email"], domain=domain, use_https=use_https)


class _NewPasswordRevokesTokens:
    """A new password goes through the service, which also revokes the person's API tokens."""

    user: Person
    cleaned_data: dict[str, Any]

    def save(self, commit: bool = True) -> Person:
        person_password_set(person=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class NewPasswordForm(_NewPasswordRevokesTokens, SetPasswordForm):  # type: ignore[type-arg]
    """Choosing a password from a reset or invitation link."""


class ChangePasswordForm(_NewPasswordRevokesTokens, PasswordChangeForm):
    """Changing one's password while signed in."""
