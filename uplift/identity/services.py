"""Writes of single sign-on: identity providers added and removed, the sign-in policy, and who a
verified sign-in is (matched by e-mail within the provider's organisation only)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from uplift.core.secrets import secret_decrypt, secret_encrypt
from uplift.identity import oidc, saml
from uplift.identity.errors import ProviderSetupInvalid, SignInRefused
from uplift.identity.models import IdentityProvider, SignInPolicy, UsedAssertion
from uplift.orgs.models import Organisation, Person, Role

CLIENT_SECRET = "uplift identity provider client secret v1"  # noqa: S105  (a purpose)
SP_KEY = "uplift identity provider signing key v1"


def client_secret_of(provider: IdentityProvider) -> str:
    return secret_decrypt(provider.client_secret_encrypted, purpose=CLIENT_SECRET)


def sp_private_key_of(provider: IdentityProvider) -> str:
    return secret_decrypt(provider.sp_private_key_encrypted, purpose=SP_KEY)


def _domains(text: str) -> str:
    domains = [d.strip().lower().lstrip("@") for d in text.replace(";", ",").split(",")]
    for domain in domains:
        if domain and ("." not in domain or " " in domain or "@" in domain):
            raise ProviderSetupInvalid(
                f"'{domain}' is not an e-mail domain (like example.com).", field="email_domains"
            )
    return ", ".join(d for d in domains if d)


def _free_slug(organisation: Organisation, name: str) -> str:
    base = slugify(name)[:50] or "provider"
    taken = set(
        IdentityProvider.objects.filter(organisation=organisation).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def provider_oidc_add(
    *,
    organisation: Organisation,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_domains: str = "",
) -> IdentityProvider:
    """Adds an OpenID Connect provider once its discovery document answers for the issuer."""
    issuer = issuer.strip()
    document = oidc.oidc_discover(issuer, fresh=True)
    provider = IdentityProvider(
        organisation=organisation,
        protocol=IdentityProvider.Protocol.OIDC,
        name=name.strip(),
        slug=_free_slug(organisation, name),
        issuer=str(document["issuer"]),
        client_id=client_id.strip(),
        client_secret_encrypted=secret_encrypt(client_secret.strip(), purpose=CLIENT_SECRET),
        email_domains=_domains(email_domains),
    )
    provider.save()
    return provider


def provider_saml_add(
    *,
    organisation: Organisation,
    name: str,
    metadata_xml: str = "",
    metadata_url: str = "",
    email_domains: str = "",
) -> IdentityProvider:
    """Adds a SAML identity provider from its metadata (uploaded, or downloaded from its
    address), with a signing key and certificate of our own for this provider."""
    if not metadata_xml and not metadata_url:
        raise ProviderSetupInvalid(
            "Give the identity provider's metadata: its address, or the XML file.",
            field="metadata",
        )
    xml = metadata_xml or saml.idp_metadata_fetch(metadata_url.strip())
    entity_id = saml.idp_metadata_read(xml)
    key_pem, certificate = saml.sp_key_pair(f"Uplift {organisation.slug}")
    provider = IdentityProvider(
        organisation=organisation,
        protocol=IdentityProvider.Protocol.SAML,
        name=name.strip(),
        slug=_free_slug(organisation, name),
        idp_metadata_xml=xml,
        idp_metadata_url=metadata_url.strip(),
        idp_entity_id=entity_id,
        sp_private_key_encrypted=secret_encrypt(key_pem, purpose=SP_KEY),
        sp_certificate=certificate,
        email_domains=_domains(email_domains),
    )
    provider.save()
    return provider


def provider_saml_metadata_refresh(*, provider: IdentityProvider, metadata_xml: str = "") -> None:
    """Imports the identity provider's metadata again (a new signing certificate, say)."""
    xml = metadata_xml or saml.idp_metadata_fetch(provider.idp_metadata_url)
    provider.idp_entity_id = saml.idp_metadata_read(xml)
    provider.idp_metadata_xml = xml
    provider.save(update_fields=["idp_metadata_xml", "idp_entity_id"])


def provider_remove(*, provider: IdentityProvider) -> None:
    """Removes a provider. The last one cannot go while password sign-in is off."""
    with transaction.atomic():
        policy = SignInPolicy.objects.filter(organisation_id=provider.organisation_id).first()
        others = IdentityProvider.objects.filter(
            organisation_id=provider.organisation_id, enabled=True
        ).exclude(pk=provider.pk)
        if policy is not None and not policy.password_sign_in and not others.exists():
            raise ProviderSetupInvalid(
                "Password sign-in is off: turn it on before removing the last identity "
                "provider, or nobody but the break-glass admin could sign in."
            )
        provider.delete()


def policy_set(
    *,
    organisation: Organisation,
    password_sign_in: bool,
    create_people: bool,
    default_role: str,
    break_glass: Person | None,
) -> SignInPolicy:
    """Sets how the organisation signs in. Password sign-in can be switched off only with an
    enabled identity provider and a break-glass enablement admin of the organisation who has a
    password, so that a broken provider never locks everyone out."""
    if default_role not in (Role.REP, Role.MANAGER):
        raise ProviderSetupInvalid(
            "People created at sign-in start as reps or managers; an admin gives other roles.",
            field="default_role",
        )
    if break_glass is not None and (
        break_glass.organisation_id != organisation.pk or break_glass.role != Role.ADMIN
    ):
        raise ProviderSetupInvalid(
            "The break-glass account must be an enablement admin of this organisation.",
            field="break_glass",
        )
    if not password_sign_in:
        if not IdentityProvider.objects.filter(organisation=organisation, enabled=True).exists():
            raise ProviderSetupInvalid(
                "Add an identity provider before switching password sign-in off.",
                field="password_sign_in",
            )
        if break_glass is None or not break_glass.has_usable_password():
            raise ProviderSetupInvalid(
                "Choose a break-glass enablement admin who has a password before switching "
                "password sign-in off: they can still sign in if the identity provider fails.",
                field="break_glass",
            )
    policy, _ = SignInPolicy.objects.update_or_create(
        organisation=organisation,
        defaults={
            "password_sign_in": password_sign_in,
            "create_people": create_people,
            "default_role": default_role,
            "break_glass": break_glass,
        },
    )
    return policy


def assertion_use(
    *, provider: IdentityProvider, assertion_id: str, expires_at: dt.datetime
) -> None:
    """Records an assertion or ID token as used; the same one again is a replay and refused."""
    if not assertion_id:
        raise SignInRefused(
            "The sign-in carried no identifier, so it could be replayed: refused.",
            code="replayed",
        )
    UsedAssertion.objects.filter(expires_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(
                provider=provider, assertion_id=assertion_id[:300], expires_at=expires_at
            )
    except IntegrityError as exc:
        raise SignInRefused(
            "This sign-in was already used once. Sign in again from the sign-in page.",
            code="replayed",
        ) from exc


def person_for_sign_in(
    *, provider: IdentityProvider, email: str, email_verified: bool, name: str = ""
) -> Person:
    """The person a verified sign-in names: the provider's organisation's person with that
    e-mail, never anyone of another organisation; created with the default role when the
    organisation's policy says so."""
    email = email.strip().lower()
    if not email:
        raise SignInRefused(
            "The identity provider did not send your e-mail address: ask your IT team to "
            "release the e-mail claim (or attribute) to Uplift.",
            code="no_email",
        )
    if not email_verified:
        raise SignInRefused(
            f"Your identity provider has not verified {email}. Verify it there, then sign in "
            "again.",
            code="unverified_email",
        )
    organisation = provider.organisation
    person = Person.objects.filter(email__iexact=email).first()
    if person is not None and person.organisation_id != organisation.pk:
        raise SignInRefused(
            f"{email} belongs to another organisation in Uplift, not to {organisation.name}: "
            "sign in through your own organisation's link.",
            code="wrong_organisation",
        )
    if person is None:
        policy = SignInPolicy.objects.filter(organisation=organisation).first()
        if policy is None or not policy.create_people:
            raise SignInRefused(
                f"No one with the e-mail {email} is in {organisation.name} on Uplift. Ask your "
                "Uplift administrator to add you.",
                code="no_matching_person",
            )
        person = Person.objects.create_user(
            email,
            full_name=name.strip()[:200] or email.split("@")[0],
            organisation=organisation,
            role=policy.default_role,
        )
    if not person.may_sign_in:  # switched off, past their leave date, or erased
        raise SignInRefused(
            "Your Uplift account is switched off. Ask your Uplift administrator.",
            code="inactive",
        )
    return person
