"""Reading an organisation's analytics store in tests, as pages do: its current version."""

from __future__ import annotations

from typing import Any

from uplift.orgs.analytics_stores import organisation_store
from uplift.orgs.models import Organisation


def organisation_rows(organisation: Organisation, sql: str) -> list[tuple[Any, ...]]:
    """Run `sql` on the version of the organisation's store that pages read now."""
    with organisation_store(organisation) as backend:
        return list(backend.con.execute(sql).fetchall())
