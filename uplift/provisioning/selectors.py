"""What the directory settings page reads."""

from __future__ import annotations

from uplift.orgs.models import Organisation
from uplift.provisioning.models import ScimToken


def scim_token_of(*, organisation: Organisation) -> ScimToken | None:
    """The organisation's SCIM token (only its hash and dates are kept), if one was created."""
    return ScimToken.objects.filter(organisation=organisation).first()
