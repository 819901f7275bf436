"""The daily prune of the audit trail: once a day per organisation, queued by the worker's
periodic pass (uplift.orgs.daily), whether or not anyone signs in."""

from __future__ import annotations

from datetime import date
from typing import Any

from uplift.audit.services import audit_prune
from uplift.orgs.daily import daily_work
from uplift.orgs.models import Organisation

AUDIT_PRUNE = "audit_prune"


@daily_work(AUDIT_PRUNE, title="Audit trail pruned")
def audit_prune_daily(organisation: Organisation, day: date) -> dict[str, Any]:
    return {"removed": audit_prune(organisation=organisation, today=day)}
