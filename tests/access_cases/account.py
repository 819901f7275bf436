"""Roles x endpoints rows for settings (see tests/access_cases): one's own account and, for
enablement admins, the organisation's.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Everyone changes their own time zone; only an enablement admin changes the organisation's.
"""

from __future__ import annotations

from tests.access_cases import Case

EVERYONE = (302, 200, 200, 200, 200)
ADMINS = (302, 403, 403, 403, 200)

CASES: list[Case] = [
    #     name                                path                        anon rep  mgr  lead adm
    Case("account_settings", "/settings/account/", EVERYONE),
    Case(
        "account_settings (POST)",
        "/settings/account/",
        (302, 302, 302, 302, 302),
        "post",
        data={"time_zone": "Europe/Paris"},
    ),
    Case(
        "account_settings (unknown zone)",
        "/settings/account/",
        (302, 400, 400, 400, 400),
        "post",
        data={"time_zone": "Mars/Olympus"},
    ),
    Case("organisation_settings", "/settings/organisation/", ADMINS),
    Case(
        "organisation_settings (POST)",
        "/settings/organisation/",
        (302, 403, 403, 403, 302),
        "post",
        data={"time_zone": "Europe/Lisbon"},
    ),
]
