"""The canonical CRM schema (SPEC "Data contract"): what every importer writes and every metric
reads. Each row keeps its source system and the source's own id.

Money is stored as integer cents (`amount_cents`): sums of integers are exact and identical on
every engine, so rankings built on them are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names and columns are read without Ibis (the importers' mappings)
    import ibis
    from ibis.backends import BaseBackend


@dataclass(frozen=True)
class CanonicalTable:
    name: str
    key: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (name, ibis type)
    description: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @property
    def value_columns(self) -> tuple[str, ...]:
        return tuple(name for name in self.column_names if name not in self.key)

    def schema(self) -> ibis.Schema:
        import ibis

        return ibis.schema(dict(self.columns))


REPS = CanonicalTable(
    "crm_reps",
    key=("source", "rep_id"),
    columns=(
        ("source", "string"),
        ("rep_id", "string"),
        ("name", "string"),
        ("email", "string"),
        ("manager_id", "string"),
        ("team", "string"),
        ("region", "string"),
        ("title", "string"),
        ("hire_date", "date"),
        ("active", "boolean"),
    ),
    description="CRM users who own opportunities and activities, with their manager chain.",
)
ACCOUNTS = CanonicalTable(
    "crm_accounts",
    key=("source", "account_id"),
    columns=(
        ("source", "string"),
        ("account_id", "string"),
        ("name", "string"),
        ("segment", "string"),
        ("industry", "string"),
        ("region", "string"),
    ),
    description="Customer accounts; `segment` drives the mix adjustment.",
)
OPPORTUNITIES = CanonicalTable(
    "crm_opportunities",
    key=("source", "opportunity_id"),
    columns=(
        ("source", "string"),
        ("opportunity_id", "string"),
        ("owner_id", "string"),
        ("account_id", "string"),
        ("name", "string"),
        ("product", "string"),
        ("amount_cents", "int64"),
        ("currency", "string"),
        ("created_date", "date"),
        ("close_date", "date"),
        ("stage", "string"),
        ("is_closed", "boolean"),
        ("is_won", "boolean"),
        ("type", "string"),
        ("lead_source", "string"),
    ),
    description="Deals. Open deals have is_closed false; lost deals may have no amount.",
)
STAGE_HISTORY = CanonicalTable(
    "crm_stage_history",
    key=("source", "opportunity_id", "stage", "entered_at"),
    columns=(
        ("source", "string"),
        ("opportunity_id", "string"),
        ("stage", "string"),
        ("entered_at", "timestamp"),
    ),
    description="When each opportunity entered each stage.",
)
ACTIVITIES = CanonicalTable(
    "crm_activities",
    key=("source", "activity_id"),
    columns=(
        ("source", "string"),
        ("activity_id", "string"),
        ("owner_id", "string"),
        ("opportunity_id", "string"),
        ("account_id", "string"),
        ("type", "string"),
        ("occurred_at", "timestamp"),
        ("duration_minutes", "float64"),
    ),
    description="Calls, e-mails, meetings and tasks (type is one of call/email/meeting/task).",
)
CONTACT_ROLES = CanonicalTable(
    "crm_contact_roles",
    key=("source", "opportunity_id", "contact_id"),
    columns=(
        ("source", "string"),
        ("opportunity_id", "string"),
        ("contact_id", "string"),
        ("role", "string"),
    ),
    description="Buyer contacts on each opportunity: contacts per opportunity = multi-threading.",
)
QUOTAS = CanonicalTable(
    "crm_quotas",
    key=("source", "rep_id", "period_start"),
    columns=(
        ("source", "string"),
        ("rep_id", "string"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("amount_cents", "int64"),
    ),
    description="Optional quotas per rep and period.",
)

CANONICAL_TABLES: tuple[CanonicalTable, ...] = (
    REPS,
    ACCOUNTS,
    OPPORTUNITIES,
    STAGE_HISTORY,
    ACTIVITIES,
    CONTACT_ROLES,
    QUOTAS,
)
ACTIVITY_TYPES = ("call", "email", "meeting", "task")


def canonical_tables_create(con: BaseBackend) -> list[str]:
    """Create the canonical tables that are missing; return the names created."""
    existing = set(con.list_tables())
    created = []
    for table in CANONICAL_TABLES:
        if table.name not in existing:
            con.create_table(table.name, schema=table.schema())
            created.append(table.name)
    return created
