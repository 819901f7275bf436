"""CRM system accounts: integration, automation and API users that every CRM export carries.

They sell nothing, so they have no place among the people, the rankings, the pickers or
recognition. A CRM user is a system account when the export says so — a user type such as
Salesforce's `AutomatedProcess` or `CloudIntegrationUser`, a HubSpot queue, a profile named for
integrations or the API — or when their name or address reads like one ("Integration User",
"Automated Process", "API", "no-reply@…"), and, either way, when they own no deals. One that owns
deals is kept (its deals need their owner) and the summary says it looks like a system account.

Every importer stages the export's users into the canonical reps table; the stagers that read a
user type or profile stage it beside (`StagedExport.user_kinds`, a table of rep_id, user_type,
profile). `system_accounts_set_aside` then takes the system accounts out of the staged reps, so
they never reach the analytics store or the people, and the summary lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from uplift.crm.importers.csvread import ident
from uplift.crm.importers.staging import StagedExport

# Salesforce UserType values of non-human users, and HubSpot's owner type of a queue; compared
# lower-cased with anything but letters left out.
SYSTEM_USER_TYPES = frozenset(
    {
        "automatedprocess",
        "cloudintegrationuser",
        "licensemanager",
        "guest",
        "queue",
        "systemuser",
        "integration",
        "api",
        "bot",
    }
)
SYSTEM_PROFILE = re.compile(r"\b(integration|api|automat\w*|system|bot)\b", re.IGNORECASE)
SYSTEM_NAME = re.compile(
    r"^(?:.*\bintegration\b.*|automated process|.*\bapi\b.*|.*\bautomation\b.*|system|"
    r"system user|.*\bbot|data\.com clean|chatter expert|security user|"
    r"no[ .-]?reply|do[ .-]?not[ .-]?reply)$",
    re.IGNORECASE,
)
SYSTEM_ADDRESS = re.compile(
    r"^(?:no[.-]?reply|do[.-]?not[.-]?reply|integration|api|automation|system|bot)"
    r"(?:[._+-][^@]*)?@",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SystemAccount:
    """A CRM user that reads as a system account, and why; `deals` it owns (kept when any)."""

    rep_id: str
    name: str
    reason: str
    deals: int = 0

    @property
    def kept(self) -> bool:
        return self.deals > 0


def system_reason(
    *, name: str | None, email: str | None, user_type: str | None, profile: str | None
) -> str | None:
    """Why this CRM user reads as a system account, in words, or None."""
    kind = re.sub(r"[^a-z]", "", (user_type or "").lower())
    if kind in SYSTEM_USER_TYPES:
        return f"user type {user_type}"
    if profile and SYSTEM_PROFILE.search(profile):
        return f"profile “{profile}”"
    if name and SYSTEM_NAME.match(name.strip()):
        return f"named “{name.strip()}”"
    if email and SYSTEM_ADDRESS.match(email.strip()):
        return f"address {email.strip()}"
    return None


def system_accounts_find(
    con: Any, reps: str, *, owners: str | None, kinds: str | None
) -> list[SystemAccount]:
    """The staged reps (table `reps`) that read as system accounts, with how many deals of the
    staged opportunities (`owners`, a table with owner_id) each owns; `kinds` is the table of
    user types and profiles, when the export has one."""
    kind_join = (
        f"LEFT JOIN (SELECT rep_id, any_value(user_type) AS user_type, "
        f"any_value(profile) AS profile FROM {ident(kinds)} GROUP BY rep_id) k "
        "ON k.rep_id = r.rep_id"
        if kinds
        else ""
    )
    kind_columns = "k.user_type, k.profile" if kinds else "NULL, NULL"
    deal_join = (
        f"LEFT JOIN (SELECT owner_id, count(*) AS n FROM {ident(owners)} GROUP BY owner_id) d "
        "ON d.owner_id = r.rep_id"
        if owners
        else ""
    )
    deals = "coalesce(d.n, 0)" if owners else "0"
    rows = con.execute(
        f"SELECT r.rep_id, r.name, r.email, {kind_columns}, {deals} "
        f"FROM {ident(reps)} r {kind_join} {deal_join} ORDER BY r.rep_id"
    ).fetchall()
    found = []
    for rep_id, name, email, user_type, profile, owned in rows:
        reason = system_reason(name=name, email=email, user_type=user_type, profile=profile)
        if reason is not None:
            found.append(SystemAccount(str(rep_id), str(name or rep_id), reason, int(owned)))
    return found


def system_accounts_set_aside(con: Any, staged: StagedExport) -> list[SystemAccount]:
    """Find the export's system accounts and take those that own no deals out of the staged
    reps (a new staged table); returns every one found, those kept included."""
    reps = staged.tables.get("crm_reps")
    if reps is None:
        return []
    found = system_accounts_find(
        con,
        reps,
        owners=staged.tables.get("crm_opportunities"),
        kinds=staged.user_kinds,
    )
    aside = [account.rep_id for account in found if not account.kept]
    staged.set_aside = aside
    if aside:
        con.execute("CREATE OR REPLACE TEMP TABLE system_account_ids (rep_id VARCHAR)")
        con.executemany("INSERT INTO system_account_ids VALUES (?)", [(i,) for i in aside])
        kept = "final_crm_reps_people"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(kept)} AS SELECT * FROM {ident(reps)} "
            "WHERE rep_id NOT IN (SELECT rep_id FROM system_account_ids)"
        )
        staged.tables["crm_reps"] = kept
    return found
