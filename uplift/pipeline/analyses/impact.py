"""`uplift report impact`: did adopting a practice move the adopters' win rate and bookings?

Reads the organisation's dated adoptions (``Adoption.practising_on``), maps each person to their
CRM rep through ``Person.crm_user_id`` and hands plain (rep, practice, date) events to
:func:`uplift.analytics.impact.analyse_impact`. One row per practice and metric; rates are
fractions (0.06 is six points), bookings are currency units per rep and month.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Min

from uplift.insights.snapshots.store import SnapshotKind
from uplift.pipeline.analyses import AnalysisContext, AnalysisPart, register
from uplift.practices.models import Adoption

if TYPE_CHECKING:
    from uplift.analytics.impact import ImpactAnalysis, TreatmentEvent

KIND = SnapshotKind.IMPACT
COACHING_NOTE = (
    "No coaching records yet: once coaching programmes are recorded with dates, they are "
    "estimated here the same way."
)
COACHING_PREFIX = "Coaching: "
COACHING_DEFINITION = (
    "Coaching is estimated like a practice: a rep's treatment date is their first coaching "
    "session of that kind marked done; rows are in `coaching`."
)
NO_ADOPTIONS_NOTE = (
    "No dated practice adoptions yet: record when reps start practising (or run "
    "`uplift import adoptions FILE`) to measure impact."
)


def _adoption_events(
    organisation_id: int, keys: dict[str, tuple[tuple[str, str], ...]]
) -> tuple[list[TreatmentEvent], dict[str, int], dict[str, int]]:
    """(events, practice ids by title, counts of adoptions that could not be used)."""
    # The estimators load in the functions that compute, not when the part registers (a report).
    from uplift.analytics.impact import TreatmentEvent

    adoptions = (
        Adoption.objects.filter(
            practice__organisation_id=organisation_id, practising_on__isnull=False
        )
        .select_related("practice", "person")
        .order_by("practice__title", "person__email")
    )
    events: list[TreatmentEvent] = []
    practice_ids: dict[str, int] = {}
    skipped = {"without_crm_id": 0, "unknown_in_crm": 0, "ambiguous_crm_id": 0}
    for adoption in adoptions:
        title, adopted_on = adoption.practice.title, adoption.practising_on
        practice_ids[title] = adoption.practice.pk
        crm_id = adoption.person.crm_user_id
        found = keys.get(crm_id, ()) if crm_id else ()
        if not crm_id:
            skipped["without_crm_id"] += 1
        elif not found:
            skipped["unknown_in_crm"] += 1
        elif len(found) > 1:
            skipped["ambiguous_crm_id"] += 1
        elif adopted_on is not None:  # always: the query asks for a date
            events.append(TreatmentEvent(found[0], title, adopted_on))
    return events, practice_ids, skipped


def _coaching_events(
    organisation_id: int, keys: dict[str, tuple[tuple[str, str], ...]]
) -> list[TreatmentEvent]:
    """Each rep's first done coaching session of each kind, as a treatment ("Coaching: Role
    play"); none when coaching is not recorded on this installation."""
    from uplift.analytics.impact import TreatmentEvent

    try:
        from uplift.coaching.models import CoachingSession
    except ImportError:  # pragma: no cover - coaching is part of the product; kept for forks
        return []
    sessions = (
        CoachingSession.objects.filter(
            organisation_id=organisation_id, status=CoachingSession.Status.DONE
        )
        .values("rep__crm_user_id", "kind")
        .annotate(first=Min("scheduled_at"))
    )
    labels = dict(CoachingSession.Kind.choices)
    events = []
    for row in sessions:
        found = keys.get(row["rep__crm_user_id"] or "", ())
        if len(found) == 1 and row["first"] is not None:
            name = f"{COACHING_PREFIX}{labels.get(row['kind'], row['kind'])}"
            events.append(TreatmentEvent(found[0], name, row["first"].date()))
    return sorted(events, key=lambda e: (e.treatment, e.on))


def _split_coaching(document: dict[str, Any]) -> dict[str, Any]:
    """Coaching rows go under `coaching`, practices stay under `practices`."""
    rows = document["practices"]
    document["practices"] = [r for r in rows if not r["practice"].startswith(COACHING_PREFIX)]
    document["coaching"] = [
        {
            "programme": r["practice"],
            **{k: v for k, v in r.items() if k not in ("practice", "practice_id", "contributors")},
        }
        for r in rows
        if r["practice"].startswith(COACHING_PREFIX)
    ]
    left = document["not_estimated"]
    document["not_estimated"] = [r for r in left if not r["practice"].startswith(COACHING_PREFIX)]
    document["coaching_not_estimated"] = [
        r for r in left if r["practice"].startswith(COACHING_PREFIX)
    ]
    return document


def _document(
    analysis: ImpactAnalysis, as_of: date, practice_ids: dict[str, int]
) -> dict[str, Any]:
    data = analysis.to_dict()
    rows = []
    for estimate in data.pop("estimates"):
        title = estimate.pop("treatment")
        rows.append(
            {
                "practice": title,
                "practice_id": practice_ids.get(title),
                **estimate,
                "contributors": [],
            }
        )
    not_estimated = [
        {
            "practice": item["treatment"],
            "practice_id": practice_ids.get(item["treatment"]),
            "adopters": item["adopters"],
            "reason": item["reason"],
        }
        for item in data.pop("not_estimated")
    ]
    return {
        "as_of": as_of.isoformat(),
        "method": analysis.config.method,
        "estimator": analysis.config.estimator,
        **data,
        "practices": rows,
        "not_estimated": not_estimated,
        "coaching": [],
    }


def compute(ctx: AnalysisContext) -> dict[str, Any]:
    """The impact document for ``ctx.organisation`` as of ``ctx.as_of``."""
    from uplift.analytics.impact import ImpactConfig, analyse_impact, crm_rep_keys, impact_window
    from uplift.analytics.metrics import crm_tables

    config = ImpactConfig()
    tables = crm_tables(ctx.backend)
    keys = crm_rep_keys(tables)
    events, practice_ids, skipped = _adoption_events(ctx.organisation.pk, keys)
    coaching = _coaching_events(ctx.organisation.pk, keys)
    notes = [COACHING_DEFINITION if coaching else COACHING_NOTE]
    unusable = sum(skipped.values())
    if unusable:
        notes.append(
            f"{unusable} adoption(s) left out: {skipped['without_crm_id']} by people without a "
            f"CRM id, {skipped['unknown_in_crm']} by people unknown to the CRM data, "
            f"{skipped['ambiguous_crm_id']} with a CRM id found in several sources."
        )
    if not events:
        notes.insert(0, NO_ADOPTIONS_NOTE)
    if not events and not coaching:
        window = impact_window(tables, ctx.as_of, config.window_months)
        return {
            "as_of": ctx.as_of.isoformat(),
            "method": config.method,
            "estimator": config.estimator,
            "window": window.to_dict(),
            "config": config.to_dict(),
            "practices": [],
            "not_estimated": [],
            "coaching": [],
            "adoptions_left_out": skipped,
            "notes": notes,
        }
    analysis = analyse_impact(tables, [*events, *coaching], as_of=ctx.as_of, config=config)
    document = _split_coaching(_document(analysis, ctx.as_of, practice_ids))
    document["adoptions_left_out"] = skipped
    document["notes"] = [*document["notes"], *notes]
    return document


def _effect(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "fraction":
        return f"{value * 100:+.1f} pts"
    if unit == "currency":
        return f"{value:+,.0f}"
    return f"{value:+,.2f}"


def print_table(doc: dict[str, Any]) -> None:
    """The estimates as a table, then what was left out and the caveats."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    window = doc.get("window") or {}
    compared = (
        "reps who never adopted"
        if doc.get("method", "").endswith("never_treated")
        else "reps not (yet) adopting"
    )
    table = Table(
        title=(
            f"Impact of practices as of {doc['as_of']} "
            f"({window.get('start')} to {window.get('end')}, adopters vs {compared})"
        ),
        title_justify="left",
    )
    for column in (
        "practice",
        "metric",
        "adopters",
        "compared with",
        "effect",
        "95% interval",
        "pre-trend p",
        "reading",
    ):
        table.add_column(
            column,
            justify="right"
            if column in ("adopters", "compared with", "effect", "95% interval", "pre-trend p")
            else "left",
        )
    rows = [
        *doc["practices"],
        *({**r, "practice": r["programme"]} for r in doc.get("coaching", [])),
    ]
    for row in rows:
        low, high = row["ci"]
        p_value = row.get("pre_trend_p")
        table.add_row(
            row["practice"],
            row["metric"].replace("_", " "),
            str(row["adopters"]),
            str(row["comparison_reps"]),
            _effect(row["att"], row["unit"]),
            f"{_effect(low, row['unit'])} to {_effect(high, row['unit'])}",
            "—" if p_value is None else f"{p_value:.2f}",
            row["reading"],
        )
    if rows:
        console.print(table)
        console.print(
            "Win rate effects are in percentage points; bookings effects in currency per rep "
            "and month."
        )
    for item in doc.get("not_estimated", []):
        console.print(f"Not estimated: {item['practice']} — {item['reason']}.")
    for note in doc.get("notes", []):
        console.print(note)


register(
    AnalysisPart(
        kind=KIND,
        title="Impact of practices (staggered difference-in-differences, imputation estimator)",
        compute=compute,
        print_table=print_table,
        order=900,
    )
)
