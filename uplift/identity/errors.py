"""Refusals of single sign-on: each names what went wrong and what to do, in plain words."""

from __future__ import annotations

from uplift.core.refusals import Invalid, NotAllowed


class SignInRefused(NotAllowed):
    """A sign-in through an identity provider that Uplift will not accept (403)."""

    default_code = "sign_in_refused"


class ProviderSetupInvalid(Invalid):
    """An identity provider's settings that cannot be used as given (400)."""

    default_code = "provider_invalid"
