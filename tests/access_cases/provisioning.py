"""Roles x endpoints rows for the directory (SCIM) and its settings (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Only the admin Ada manages the directory's token. The SCIM endpoints answer only the
organisation's SCIM bearer token: a person's session, whatever their role, gets 401
(tests/provisioning/test_scim.py drives them with a token).
"""

from __future__ import annotations

from tests.access_cases import Case

TOKEN_ONLY = (401, 401, 401, 401, 401)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("directory_settings", "/settings/directory/", (302, 403, 403, 403, 200)),
    Case(
        "directory_settings (rotate)",
        "/settings/directory/",
        (302, 403, 403, 403, 200),
        "post",
        data={"action": "rotate"},
    ),
    Case(
        "directory_settings (no action)",
        "/settings/directory/",
        (302, 403, 403, 403, 400),
        "post",
        data={"action": "other"},
    ),
    Case("scim_service_provider_config", "/scim/v2/ServiceProviderConfig", TOKEN_ONLY),
    Case("scim_schemas", "/scim/v2/Schemas", TOKEN_ONLY),
    Case("scim_resource_types", "/scim/v2/ResourceTypes", TOKEN_ONLY),
    Case("scim_users", "/scim/v2/Users", TOKEN_ONLY),
    Case("scim_users (create)", "/scim/v2/Users", TOKEN_ONLY, "post", data={"userName": "x"}),
    Case("scim_user", "/scim/v2/Users/{w.ann.pk}", TOKEN_ONLY),
    Case("scim_user (deactivate)", "/scim/v2/Users/{w.ann.pk}", TOKEN_ONLY, "delete"),
    Case("scim_groups", "/scim/v2/Groups", TOKEN_ONLY),
    Case("scim_group", "/scim/v2/Groups/{w.alpha.pk}", TOKEN_ONLY),
]
