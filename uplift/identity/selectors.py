"""Reads of single sign-on: an organisation's providers and policy, which provider serves an
e-mail address, and whether a person may still sign in with a password."""

from __future__ import annotations

from django.db.models import QuerySet

from uplift.core.refusals import NotFound
from uplift.identity.models import IdentityProvider, SignInPolicy
from uplift.orgs.models import Organisation, Person, Role


def providers_of(*, organisation: Organisation) -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(organisation=organisation)


def access_identity_provider(*, viewer: Person, provider_id: int) -> IdentityProvider:
    """The viewer's organisation's provider, for its enablement admins; 404 for anyone else's
    (another company's provider is answered as if it did not exist)."""
    provider = IdentityProvider.objects.filter(
        pk=provider_id, organisation=viewer.organisation
    ).first()
    if provider is None or viewer.organisation is None or viewer.role != Role.ADMIN:
        raise NotFound("No such identity provider in your organisation.")
    return provider


def provider_for_sign_in(*, organisation_slug: str, provider_slug: str) -> IdentityProvider:
    """An enabled provider named by its organisation's and its own slug (public sign-in links)."""
    provider = (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation__slug=organisation_slug, slug=provider_slug, enabled=True)
        .first()
    )
    if provider is None:
        raise NotFound(
            "There is no such single sign-on link. Ask your Uplift administrator for the right "
            "one, or sign in with your e-mail on the sign-in page."
        )
    return provider


def enabled_providers_of(*, organisation_slug: str) -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(
        organisation__slug=organisation_slug, enabled=True
    ).select_related("organisation")


def providers_for_email(*, email: str) -> list[IdentityProvider]:
    """The enabled providers whose e-mail domains include the address's domain."""
    domain = email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""
    if not domain:
        return []
    candidates = IdentityProvider.objects.filter(
        enabled=True, email_domains__icontains=domain
    ).select_related("organisation")
    return [provider for provider in candidates if domain in provider.domains]


def policy_of(*, organisation: Organisation) -> SignInPolicy:
    """The organisation's sign-in policy (unsaved defaults when it never set one)."""
    found = SignInPolicy.objects.filter(organisation=organisation).first()
    return found or SignInPolicy(organisation=organisation)


def password_sign_in_allowed(*, person: Person) -> bool:
    """False when the person's organisation signs in only through its identity provider and
    the person is not its break-glass admin."""
    if person.organisation_id is None:
        return True
    policy = SignInPolicy.objects.filter(organisation_id=person.organisation_id).first()
    if policy is None or policy.password_sign_in:
        return True
    return policy.break_glass_id == person.pk and person.role == Role.ADMIN


def provider_signed_in_with(*, provider_id: int | None) -> IdentityProvider | None:
    """The provider a session records having signed in through (None when it recorded none or
    the provider has since been removed)."""
    if not provider_id:
        return None
    return IdentityProvider.objects.filter(pk=provider_id).first()
