"""What the impact pages show, shaped from the stored impact, credit and team-iq snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.core.plain_words import SAME_WIN_RATE, Reading, impact_words
from uplift.insights.snapshots.documents import window_dict
from uplift.insights.snapshots.impact_documents import (
    CreditContributor,
    CreditDocument,
    CreditEffect,
    CreditPersonRow,
    CreditPracticeRow,
    ImpactDocument,
    ImpactRow,
)
from uplift.orgs.models import Person
from uplift.practices.models import Practice
from uplift.presenters.impact_board.iq import GapView, IQView, gap_view, iq_teams_visible, iq_view
from uplift.presenters.impact_board.loading import ImpactSnapshots
from uplift.presenters.impact_board.texts import (
    METRIC_NAMES,
    READING_STYLES,
    effect_text,
    interval_text,
    value_interval_text,
    value_text,
)

PRIMARY = "win_rate"


@dataclass(frozen=True)
class EffectView:
    metric: str
    name: str
    effect: str
    interval: str
    reading: str  # the analysis' own label ("likely positive"): credit and the API use it
    style: str
    summary: str  # the analysis' sentence, with its interval: "How is this computed?"
    plain: Reading  # what a rep or a manager reads: "likely better", "too early to say"
    in_words: str  # the change in a sentence, without the statistics
    adopters: int
    comparison: int
    sizes: dict[str, Any]
    pre_trend: str
    credit_status: str
    value: str
    value_interval: str
    chart: dict[str, Any]
    event_rows: list[dict[str, str]]
    att: float | None = None  # the estimate and its interval as numbers, to sort and download
    low: float | None = None
    high: float | None = None


def _event_chart(row: ImpactRow) -> dict[str, Any]:
    points = row.get("event_study") or []
    unit = "points" if row["metric"] == PRIMARY else "signed-currency"
    return {
        "kind": "lines",
        "unit": unit,
        "zero": False,
        "labels": [str(p["event_time"]) for p in points],
        "series": [
            {
                "key": "att",
                "label": "Effect",
                "color": "#2b59c3",
                "width": 3,
                "values": [p["att"] for p in points],
            },
            {
                "key": "low",
                "label": "95% interval, low",
                "color": "#9aa6bd",
                "dash": [4, 4],
                "values": [p["ci"][0] for p in points],
            },
            {
                "key": "high",
                "label": "95% interval, high",
                "color": "#9aa6bd",
                "dash": [4, 4],
                "values": [p["ci"][1] for p in points],
            },
            {
                "key": "zero",
                "label": "No effect",
                "color": "#1d2433",
                "width": 1,
                "values": [0.0 for _ in points],
            },
        ],
        "x_title": "Months since adopting (0 = the adoption month; negative = before)",
    }


def _pre_trend(row: ImpactRow) -> str:
    words = row.get("pre_trend")
    if words:
        return str(words)
    p = row.get("pre_trend_p")
    if p is None:
        return "not checked (too few months before adoption)"
    verdict = (
        "no sign of different trends before adopting"
        if p >= 0.05
        else ("adopters were already drifting apart before adopting")
    )
    return f"p = {p:.2f}: {verdict}"


PRE_TRENDS_DIFFER = "pre-trends differ: treat with caution"


def _in_words(row: ImpactRow, name: str, effect: str, plain: Reading) -> str:
    """The change in one sentence a rep can read: who, which result, by how much, and what to
    make of it; the interval and the method stay in the disclosure."""
    who = f"{row['adopters']} rep{'' if row['adopters'] == 1 else 's'} who adopted it"
    if effect == "—":
        return f"{who.capitalize()}: not measured yet."
    verdicts = {
        "likely better": "so far it looks like it helps",
        "likely worse": "so far it looks like it hurts",
        "about the same": "so far it makes little difference",
        "no effect detected": "no effect detected: after enough time, an effect worth having "
        "is ruled out",
        "too early to say": "too early to say whether that is the practice or chance",
    }
    verdict = verdicts.get(
        plain.words,
        "they were already moving differently before, so "
        "this cannot be read as the practice's doing yet",
    )
    return f"{who.capitalize()}: {name.lower()} {effect} against similar reps; {verdict}."


def effect_view(row: ImpactRow, credit_effect: CreditEffect | None, currency: str) -> EffectView:
    metric = row["metric"]
    credited = credit_effect or CreditEffect()
    status = credited.get("status") or "not measured yet"
    unit = credited.get("value_unit") or "currency"
    events = [
        {
            "t": str(p["event_time"]),
            "effect": effect_text(p["att"], metric, currency),
            "interval": interval_text(p["ci"], metric, currency),
        }
        for p in row.get("event_study") or []
    ]
    sizes = {
        "adopters": row.get("adopters"),
        "comparison_reps": row.get("comparison_reps"),
        "never_adopted": row.get("never_adopted"),
        "rep_months": row.get("rep_months"),
        "cohorts": row.get("cohorts"),
        "median_post_months": row.get("median_post_months"),
    }
    plain = impact_words(
        row.get("reading"),
        row.get("ci"),
        same_within=SAME_WIN_RATE if metric == PRIMARY else None,
    )
    name = METRIC_NAMES.get(metric, metric.replace("_", " "))
    return EffectView(
        metric=metric,
        name=name,
        effect=effect_text(row["att"], metric, currency),
        interval=interval_text(row["ci"], metric, currency),
        reading=row["reading"],
        style=READING_STYLES.get(row["reading"], "secondary"),
        summary=row.get("summary", ""),
        plain=plain,
        in_words=_in_words(row, name, effect_text(row["att"], metric, currency), plain),
        adopters=row["adopters"],
        comparison=row["comparison_reps"],
        sizes=sizes,
        pre_trend=_pre_trend(row),
        credit_status=status,
        value=value_text(credited.get("value"), unit, currency),
        value_interval=value_interval_text(credited.get("value_ci"), unit, currency),
        chart=_event_chart(row),
        event_rows=events,
        att=_number(row["att"]),
        low=_number((row["ci"] or (None, None))[0]),
        high=_number((row["ci"] or (None, None))[1]),
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def credit_row(credit: CreditDocument | None, practice: str) -> CreditPracticeRow:
    """The practice's row of the credit document (an empty one when it has none)."""
    rows = credit.practices if credit else ()
    return next((r for r in rows if r["practice"] == practice), CreditPracticeRow())


def _credit_effects(
    credit: CreditDocument | None, practice: str
) -> tuple[CreditPracticeRow, dict[str, CreditEffect]]:
    row = credit_row(credit, practice)
    return row, {e["metric"]: e for e in row.get("effects", [])}


def _share_row(contributor: CreditContributor) -> dict[str, Any]:
    row: dict[str, Any] = dict(contributor)
    row["share_text"] = f"{contributor['share'] * 100:.0f}%"
    return row


def _impact_rows(impact: ImpactDocument | None) -> tuple[ImpactRow, ...]:
    return impact.practices if impact else ()


def _comparison(impact: ImpactDocument | None) -> str:
    """Whom the adopters were compared with, as the estimator's name says."""
    method = str((impact.method if impact else None) or "")
    if method.endswith("never_treated"):
        return "reps who never adopted"
    return "reps who had not adopted yet"


@dataclass(frozen=True)
class PracticeImpact:
    practice: Practice
    as_of: str
    effects: list[EffectView]
    not_estimated: str
    contributors: list[dict[str, Any]]
    credit_status: str
    credit_reason: str
    horizon: int
    rule: str
    comparison: str


def practice_impact(*, snapshots: ImpactSnapshots, practice: Practice) -> PracticeImpact:
    impact, credit = snapshots.documents.impact, snapshots.documents.credit
    currency = snapshots.currency
    credit_row, credit_by_metric = _credit_effects(credit, practice.title)
    rows = [
        r
        for r in _impact_rows(impact)
        if r.get("practice_id") == practice.pk or r["practice"] == practice.title
    ]
    rows.sort(key=lambda r: (r["metric"] != PRIMARY, r["metric"]))
    effects = [effect_view(r, credit_by_metric.get(r["metric"]), currency) for r in rows]
    left_out = next(
        (i for i in (impact.not_estimated if impact else ()) if i["practice"] == practice.title),
        None,
    )
    reason = ""
    if not effects:
        reason = left_out["reason"] if left_out else "no dated adoptions in the analysis window"
    contributors = [_share_row(c) for c in credit_row.get("contributors", [])]
    if not contributors:
        contributors = [
            {
                "person_id": p.pk,
                "name": p.full_name,
                "team": p.team.name if p.team else None,
                "share": None,
                "share_text": "—",
            }
            for p in practice.contributors.select_related("team").order_by("full_name")
        ]
    return PracticeImpact(
        practice=practice,
        as_of=snapshots.as_of,
        effects=effects,
        not_estimated=reason,
        contributors=contributors,
        credit_status=str(credit_row.get("credit_status") or "not measured yet"),
        credit_reason=str(credit_row.get("reason") or ""),
        horizon=int((credit.horizon_months if credit else None) or 12),
        rule=str((credit.rule if credit else None) or ""),
        comparison=_comparison(impact),
    )


@dataclass(frozen=True)
class PracticeRow:
    practice: str
    practice_id: int | None
    adopters: int
    primary: EffectView | None
    bookings: EffectView | None
    contributors: str
    credit_status: str


@dataclass(frozen=True)
class ImpactBoard:
    as_of: str
    window: dict[str, str]
    comparison: str
    rows: list[PracticeRow]
    not_estimated: list[dict[str, Any]]
    effects_chart: dict[str, Any]
    people: list[dict[str, Any]]
    horizon: int
    rule: str
    iq: IQView | None
    gap: GapView | None
    teams: list[str]
    notes: list[str] = field(default_factory=list)
    measured: int = 0
    coaching: list[PracticeRow] = field(default_factory=list)


def _effects_chart(rows: Sequence[ImpactRow]) -> dict[str, Any]:
    found = sorted(
        (r for r in rows if r["metric"] == PRIMARY and r["att"] is not None),
        key=lambda r: -float(r["att"] or 0),
    )
    chart_rows: list[dict[str, Any]] = [
        {
            "label": r["practice"],
            "estimate": r["att"],
            "low": r["ci"][0],
            "high": r["ci"][1],
            "clear": r["reading"] in ("likely positive", "likely negative"),
        }
        for r in found
    ]
    lows = [r["low"] for r in chart_rows if r["low"] is not None] or [-0.1]
    highs = [r["high"] for r in chart_rows if r["high"] is not None] or [0.1]
    bound = max(0.05, abs(min(lows)), abs(max(highs)))
    step = 0.05
    edge = (int(bound / step) + 1) * step
    return {
        "kind": "forest",
        "unit": "points",
        "rows": chart_rows,
        "bounds": [-edge, edge],
        "axis": "Change in the adopters' win rate after adopting, 95% interval",
    }


def _people(rows: Sequence[CreditPersonRow], currency: str) -> list[dict[str, Any]]:
    people = []
    for p in rows:
        cash = p["measured_value"].get("currency")
        wins = p["measured_value"].get("won_deals")
        people.append(
            {
                "person_id": p["person_id"],
                "name": p["name"] or "—",
                "team": p["team"] or "—",
                "practices": p["practices"],
                "measured_practices": p["measured_practices"],
                "adopters_reached": p["adopters_reached"],
                "value": value_text(cash["value"], "currency", currency) if cash else "",
                "value_interval": value_interval_text(cash["ci"], "currency", currency)
                if cash
                else "",
                "wins": value_text(wins["value"], "won_deals") if wins else "",
                "wins_interval": value_interval_text(wins["ci"], "won_deals") if wins else "",
                "measured": bool(cash or wins),
                "value_amount": cash["value"] if cash else None,
                "wins_amount": wins["value"] if wins else None,
            }
        )
    return people


def _coaching_rows(coaching: Sequence[ImpactRow], currency: str) -> list[PracticeRow]:
    by_programme: dict[str, dict[str, ImpactRow]] = {}
    for row in coaching:
        by_programme.setdefault(row["programme"], {})[row["metric"]] = row
    rows = []
    for name, metrics in sorted(by_programme.items()):
        views = {m: effect_view(r, None, currency) for m, r in metrics.items()}
        rows.append(
            PracticeRow(
                name.removeprefix("Coaching: "),
                None,
                max(r["adopters"] for r in metrics.values()),
                views.get(PRIMARY),
                views.get("bookings"),
                "",
                "",
            )
        )
    return rows


def impact_board(*, snapshots: ImpactSnapshots, viewer: Person, team: str) -> ImpactBoard:
    impact, credit, iq = (
        snapshots.documents.impact,
        snapshots.documents.credit,
        snapshots.documents.team_iq,
    )
    currency = snapshots.currency
    by_practice: dict[str, dict[str, ImpactRow]] = {}
    for row in _impact_rows(impact):
        by_practice.setdefault(row["practice"], {})[row["metric"]] = row
    credit_rows = {r["practice"]: r for r in (credit.practices if credit else ())}
    rows = []
    for title, metrics in sorted(by_practice.items()):
        _, by_metric = _credit_effects(credit, title)
        credit_row = credit_rows.get(title) or CreditPracticeRow()
        views = {m: effect_view(r, by_metric.get(m), currency) for m, r in metrics.items()}
        names = ", ".join(c["name"] or "—" for c in credit_row.get("contributors", []))
        rows.append(
            PracticeRow(
                title,
                next(iter(metrics.values())).get("practice_id"),
                max(r["adopters"] for r in metrics.values()),
                views.get(PRIMARY),
                views.get("bookings"),
                names or "not recorded",
                str(credit_row.get("credit_status") or "not measured yet"),
            )
        )
    teams = iq_teams_visible(viewer=viewer, document=iq) if iq else []
    chosen = team if team in teams else (teams[0] if teams else "")
    return ImpactBoard(
        as_of=snapshots.as_of,
        window=window_dict(impact.window if impact else None),
        comparison=_comparison(impact),
        rows=rows,
        not_estimated=[dict(r) for r in (impact.not_estimated if impact else ())],
        effects_chart=_effects_chart(_impact_rows(impact)),
        people=_people(credit.people if credit else (), currency),
        horizon=int((credit.horizon_months if credit else None) or 12),
        rule=str((credit.rule if credit else None) or ""),
        iq=iq_view(document=iq, team=chosen) if iq and chosen else None,
        gap=gap_view(document=iq, team=chosen) if iq and chosen else None,
        teams=teams,
        notes=[*(impact.notes if impact else ()), *(iq.notes if iq else ())],
        measured=sum(1 for r in rows if r.credit_status == "measured"),
        coaching=_coaching_rows(impact.coaching if impact else (), currency),
    )
