"""`uplift report adoption-habits`: each adopter's deal behaviours month by month, so that the
practice library can tell whether a rep's linked behaviour moved after they adopted a practice
(`uplift.practices.habits`).

Per rep (adopters only) and calendar month of close: deals closed, and the meetings, calls,
e-mails logged on them up to their close day and their buyer contact roles — the same counting as
the drivers analysis (``uplift.analytics.behaviour.metrics``). The engine aggregates; only
rep-month rows come back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uplift.analytics.metrics.periods import Window, add_months
from uplift.insights.snapshots.store import SnapshotKind
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.practices.models import Adoption

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from uplift.analytics.metrics.tables import CrmTables

KIND = SnapshotKind.ADOPTION_HABITS
BASELINE_MONTHS = 6
COUNTS = ("deals", "meetings", "calls", "emails", "contacts")


def rep_month_behaviour_expr(tables: CrmTables, window: Window, rep_ids: list[str]) -> ir.Table:
    import ibis  # here, as the engine's expressions: printing a stored report needs neither

    from uplift.analytics.behaviour.metrics import closed_deals_expr

    deals = closed_deals_expr(tables, window)
    deals = deals.filter(deals.rep_id.isin(rep_ids))
    act = tables.activities
    act = act.filter(act.opportunity_id.notnull())
    joined = deals.select("source", "opportunity_id", "close_date").inner_join(
        act.select("source", "opportunity_id", "type", "occurred_at"), ["source", "opportunity_id"]
    )
    joined = joined.filter(
        joined.occurred_at < (joined.close_date + ibis.interval(days=1)).cast("timestamp")
    )
    per_deal = joined.group_by(["source", "opportunity_id"]).aggregate(
        meetings=joined.count(where=joined.type == "meeting"),
        calls=joined.count(where=joined.type == "call"),
        emails=joined.count(where=joined.type == "email"),
    )
    roles = tables.contact_roles
    contacts = roles.group_by(["source", "opportunity_id"]).aggregate(contacts=roles.count())
    d = deals.left_join(per_deal, ["source", "opportunity_id"])
    d = d.left_join(contacts, ["source", "opportunity_id"])
    d = d.select(
        "rep_id",
        year=d.close_date.year(),
        month=d.close_date.month(),
        meetings=d.meetings.fill_null(0),
        calls=d.calls.fill_null(0),
        emails=d.emails.fill_null(0),
        contacts=d.contacts.fill_null(0),
    )
    return d.group_by(["rep_id", "year", "month"]).aggregate(
        deals=d.count(),
        meetings=d.meetings.sum(),
        calls=d.calls.sum(),
        emails=d.emails.sum(),
        contacts=d.contacts.sum(),
    )


def compute(ctx: AnalysisContext) -> dict[str, Any]:
    from uplift.analytics.metrics.tables import crm_tables

    adoptions = Adoption.objects.filter(
        practice__organisation_id=ctx.organisation.pk
    ).select_related("person")
    rep_ids = sorted({a.person.crm_user_id for a in adoptions if a.person.crm_user_id})
    starts = [d for a in adoptions for d in (a.planned_on, a.practising_on) if d is not None]
    document: dict[str, Any] = {
        "as_of": ctx.as_of.isoformat(),
        "counts": list(COUNTS),
        "baseline_months": BASELINE_MONTHS,
        "reps": {},
    }
    if not rep_ids or not starts:
        document["notes"] = ["No adopters with a CRM id yet."]
        return document
    start = add_months(min(starts).replace(day=1), -BASELINE_MONTHS)
    window = Window(start=min(start, ctx.as_of), end=ctx.as_of)
    rows = (
        rep_month_behaviour_expr(crm_tables(ctx.backend), window, rep_ids).to_pyarrow().to_pylist()
    )
    reps: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        month = f"{int(row['year']):04d}-{int(row['month']):02d}"
        reps.setdefault(row["rep_id"], {})[month] = [int(row[c]) for c in COUNTS]
    document["window"] = {"start": window.start.isoformat(), "end": window.end.isoformat()}
    document["reps"] = {rep: dict(sorted(months.items())) for rep, months in sorted(reps.items())}
    return document


def print_table(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Adopters' deal behaviours by month, as of {doc['as_of']}")
    for column in ("rep", "months", "deals", "meetings", "calls", "e-mails", "contacts"):
        table.add_column(column, justify="left" if column == "rep" else "right")
    for rep, months in doc.get("reps", {}).items():
        totals = [sum(m[i] for m in months.values()) for i in range(len(COUNTS))]
        table.add_row(rep, str(len(months)), *(str(t) for t in totals))
    Console().print(table)


register(
    AnalysisPart(
        kind=KIND,
        title="Adopters' deal behaviours by month",
        compute=compute,
        print_table=print_table,
        order=850,
    )
)
