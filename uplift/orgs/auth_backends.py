from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from uplift.orgs.models import Person


class EmailBackend(ModelBackend):
    """Sign in with an e-mail address, whatever its case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Person | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            # Spend the same time as a real check so that timing does not reveal who exists.
            Person().set_password(password)
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        """Active, not erased, and not past their leave date (the HR roster's or directory's)."""
        return bool(getattr(user, "may_sign_in", False))
