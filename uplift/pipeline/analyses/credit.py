"""`uplift report credit`: what each practice's measured effect is worth, and who gets the credit.

Reads the impact estimates computed earlier in the same run (the ``impact`` part), the
practices' contributors (`Practice.contributors`, with a recorded share when the installation
keeps one) and the organisation's closed deals per rep and month (from the performance
scorecards, to turn a win-rate effect into won deals), and applies
:func:`uplift.analytics.impact.credit.credit_allocate`. Spotlights, nominations and the
future-leaders view read the stored ``credit`` snapshot; its shape is in ``docs/credit.md``.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.formatting import money
from uplift.insights.snapshots.store import SnapshotKind
from uplift.orgs.models import Organisation, Person
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.practices.models import Adoption, Practice

if TYPE_CHECKING:
    from uplift.analytics.impact.credit import Credit, PracticeContributors

KIND = SnapshotKind.CREDIT
RULE = (
    "Value = the effect per adopter and month x adopters x {horizon} months, if the effect "
    "persists; the 95% interval is carried through. Only estimates read 'likely positive' or "
    "'likely negative' (interval excludes zero, pre-trends passed, enough follow-up) are measured; "
    "one read 'no effect detected' (an interval around zero ruling out an effect worth having) "
    "earns no credit. "
    "A measured gain is split equally between the practice's contributors unless shares are "
    "recorded; a person's interval adds up the ends of their shares' intervals."
)


def closed_per_rep_month(performance: dict[str, Any]) -> float | None:
    """The organisation's closed deals per rep and month over the scorecard window."""
    rows = (performance.get("scorecards") or {}).get("reps") or []
    window = performance.get("window") or (performance.get("scorecards") or {}).get("window")
    reps = [r for r in rows if int(r.get("deals_closed") or 0) > 0]
    if not reps or not window:
        return None
    months = Window(date.fromisoformat(window["start"]), date.fromisoformat(window["end"])).months
    return sum(int(r["deals_closed"]) for r in reps) / len(reps) / months


def _contributors(organisation: Organisation) -> list[tuple[Practice, PracticeContributors]]:
    # The estimators' package loads here, not when the module registers its part (a report).
    from uplift.analytics.impact.credit import Contributor, PracticeContributors

    through = Practice.contributors.through
    has_share = any(f.name == "share" for f in through._meta.get_fields())
    fields = ["practice_id", "person_id", *(["share"] if has_share else [])]
    links: dict[int, list[Contributor]] = {}
    for row in through.objects.filter(practice__organisation=organisation).values(*fields):
        share = row.get("share")
        links.setdefault(row["practice_id"], []).append(
            Contributor(row["person_id"], None if share is None else float(share))
        )
    adopters: dict[int, set[int]] = {}
    for practice_id, person_id in Adoption.objects.filter(
        practice__organisation=organisation, practising_on__isnull=False
    ).values_list("practice_id", "person_id"):
        adopters.setdefault(practice_id, set()).add(person_id)
    practices = Practice.objects.filter(organisation=organisation).order_by("title")
    found = []
    for p in practices:
        contributors = tuple(sorted(links.get(p.pk, []), key=lambda c: c.person))
        others = adopters.get(p.pk, set()) - {c.person for c in contributors}
        found.append((p, PracticeContributors(p.title, p.pk, contributors, len(others))))
    return found


def _person(person: Person | None, pk: int) -> dict[str, Any]:
    if person is None:
        return {"person_id": pk, "name": None, "email": None, "crm_user_id": None, "team": None}
    return {
        "person_id": pk,
        "name": person.full_name,
        "email": person.email,
        "crm_user_id": person.crm_user_id or None,
        "team": person.team.name if person.team else None,
    }


def _document(
    credit: Credit,
    practices: list[tuple[Practice, PracticeContributors]],
    impact: dict[str, Any],
    people: dict[int, Person],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    reasons = {item["practice"]: item["reason"] for item in impact.get("not_estimated", [])}
    practice_rows = []
    for (practice, _), credited in zip(practices, credit.practices, strict=True):
        effects = [v.to_dict() for v in credited.values]
        no_effect = False
        if not effects:
            reason = reasons.get(practice.title, "no dated adoptions in the analysis window")
        elif credited.measured:
            reason = ""
        elif no_effect := any(v.status == "no effect detected" for v in credited.values):
            reason = "after enough time, the interval rules out an effect worth having"
        else:
            reason = "the interval includes zero, or the estimate is not trusted yet"
        practice_rows.append(
            {
                "practice": practice.title,
                "practice_id": practice.pk,
                "status": practice.status,
                "contributors": [
                    {**_person(people.get(pk), pk), "share": round(share, 4)}
                    for pk, share in credited.shares.items()
                ],
                "measured": credited.measured,
                "credit_status": "measured"
                if credited.measured
                else ("no effect detected" if no_effect else "not measured yet"),
                "reason": reason,
                "effects": effects,
            }
        )
    person_rows = []
    for item in credit.people:
        totals = {
            unit: {"value": round(t["value"], 2), "ci": [round(t["low"], 2), round(t["high"], 2)]}
            for unit, t in item.totals.items()
        }
        person_rows.append(
            {
                **_person(people.get(item.person), item.person),
                "practices": item.practices,
                "measured_practices": item.measured_practices,
                "adopters_reached": item.adopters_reached,
                "measured_value": totals,
                "items": list(item.items),
            }
        )
    person_rows.sort(
        key=lambda r: (
            -(r["measured_value"].get("currency", {}).get("value") or 0.0),
            -(r["measured_value"].get("won_deals", {}).get("value") or 0.0),
            -r["adopters_reached"],
            r["name"] or "",
        )
    )
    return practice_rows, person_rows


def credit_document(
    *,
    organisation: Organisation,
    impact: dict[str, Any],
    performance: dict[str, Any],
    as_of: date,
    horizon_months: int = 12,
) -> dict[str, Any]:
    """The credit document (JSON-ready; keys in docs/credit.md)."""
    from uplift.analytics.impact.credit import CreditRules, Effect, credit_allocate

    rules = CreditRules(
        horizon_months=horizon_months, closed_per_rep_month=closed_per_rep_month(performance)
    )
    practices = _contributors(organisation)
    effects = [Effect.from_impact_row(row) for row in impact.get("practices", [])]
    credit = credit_allocate([pc for _, pc in practices], effects, rules)
    ids = {c.person for _, pc in practices for c in pc.contributors}
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("team")}
    practice_rows, person_rows = _document(credit, practices, impact, people)
    notes = []
    if not effects:
        notes.append("No impact estimates yet: every practice is 'not measured yet'.")
    if rules.closed_per_rep_month is None:
        notes.append("No closed deals in the window: win-rate effects cannot be valued.")
    return {
        "as_of": as_of.isoformat(),
        "horizon_months": rules.horizon_months,
        "closed_per_rep_month": (
            None if rules.closed_per_rep_month is None else round(rules.closed_per_rep_month, 3)
        ),
        "currency": performance.get("currency"),
        "rule": RULE.format(horizon=rules.horizon_months),
        "practices": practice_rows,
        "people": person_rows,
        "notes": notes,
    }


def compute(ctx: AnalysisContext) -> dict[str, Any]:
    return credit_document(
        organisation=ctx.organisation,
        impact=ctx.earlier.get(SnapshotKind.IMPACT) or {},
        performance=ctx.performance,
        as_of=ctx.as_of,
    )


def print_table(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    currency = str(doc.get("currency") or "")
    table = Table(
        title=f"Credit for measured practice value as of {doc['as_of']} "
        f"(next {doc['horizon_months']} months)",
        title_justify="left",
    )
    for column in (
        "contributor",
        "team",
        "practices",
        "measured",
        "bookings value",
        "95% interval",
        "extra won deals",
    ):
        table.add_column(column, justify="left" if column in ("contributor", "team") else "right")
    for row in doc["people"]:
        cash = row["measured_value"].get("currency")
        wins = row["measured_value"].get("won_deals")
        table.add_row(
            row["name"] or str(row["person_id"]),
            row["team"] or "—",
            str(row["practices"]),
            str(row["measured_practices"]),
            money(cash["value"] * 100, currency) if cash else "not measured yet",
            f"{money(cash['ci'][0] * 100, currency)} to {money(cash['ci'][1] * 100, currency)}"
            if cash
            else "—",
            f"{wins['value']:.1f} ({wins['ci'][0]:.1f} to {wins['ci'][1]:.1f})" if wins else "—",
        )
    console.print(table)
    console.print(doc["rule"])
    for note in doc.get("notes", []):
        console.print(note)


register(
    AnalysisPart(
        kind=KIND,
        title="Credit for measured practice value",
        compute=compute,
        print_table=print_table,
        order=960,
    )
)
