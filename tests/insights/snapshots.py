"""A hand-made analysis small enough to check every number the pages show by hand.

Nine ranked CRM reps over three months (2026-01 to 2026-03), in the shapes `uplift analyze`
stores. Four of them are people of the test world (Ann, Art, Bob, Gil, linked by
`crm_user_id`); five are CRM-only colleagues that no page of the test world may name.

| rep | team | band | closed | won | win rate | bookings |
|---|---|---|---|---|---|---|
| ART | Alpha | star | 20 | 10 | 0.50 | 100,000 |
| BOB | Beta | star | 20 | 9 | 0.45 | 90,000 |
| XS1 | Delta | star | 20 | 8 | 0.40 | 80,000 |
| ANN | Alpha | core | 20 | 6 | 0.30 | 60,000 |
| XC1 | Delta | core | 20 | 5 | 0.25 | 50,000 |
| XC2 | Delta | core | 20 | 5 | 0.25 | 50,000 |
| XC3 | Delta | core | 20 | 4 | 0.20 | 40,000 |
| GIL | Gamma | tail | 20 | 2 | 0.10 | 20,000 |
| XT1 | Delta | tail | 20 | 2 | 0.10 | 20,000 |

Every rep closes 6, 7 and 7 deals in the three months, winning their wins as evenly as possible
(won 10 -> 3, 3, 4). Mia (Alpha's manager) is excluded for having no closed deal.

The organisation defines a star by win rate (`segments.definition`, chosen by the organisation);
`bookings_documents()` is the same analysis under the default definition, bookings. Every rep
stands on four lenses (win rate, bookings, average deal, volume): on bookings they rank as on win
rate; on average deal Bob is last and clearly below the baseline (0.80), so Bob, a star on win
rate, is the one rep whose lenses disagree; volume is level for everyone. Each rep's pattern is
named by the analytics' own `win_pattern` from their parts against the core's; Xavier joined in
February, everyone else sold all three months.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from uplift.analytics.performance.config import PrimaryMetric
from uplift.analytics.performance.gap import GAP_METRICS, GapMetric, gap_headline, metric_gap
from uplift.analytics.performance.pattern import win_pattern
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.insights.snapshots import SnapshotKind
from uplift.insights.snapshots.readers import snapshot_set
from uplift.orgs.models import Organisation
from uplift.presenters.dashboards import Analysis, Member

if TYPE_CHECKING:
    from tests.conftest import World

AS_OF = "2026-03-31"
WINDOW = {"start": "2026-01-01", "end": "2026-03-31"}
MONTHS = (("2026-01", 6), ("2026-02", 7), ("2026-03", 7))
OPPORTUNITY_CENTS = 12_000_000  # 120,000.00 a year at close_fraction 0.25


@dataclass(frozen=True)
class Rep:
    rep_id: str
    name: str
    email: str
    team: str
    segment: str
    won: int
    p_star: float
    closed: int = 20

    @property
    def bookings_cents(self) -> int:
        return self.won * 1_000_000  # 10,000.00 a won deal

    def monthly_won(self) -> list[int]:
        base, extra = divmod(self.won, len(MONTHS))
        return [base + (1 if i >= len(MONTHS) - extra else 0) for i in range(len(MONTHS))]


REPS = (
    Rep("ART", "Art Test", "art@acme.test", "Alpha", "star", 10, 0.91),
    Rep("BOB", "Bob Test", "bob@acme.test", "Beta", "star", 9, 0.74),
    Rep("XS1", "Xavier Star", "xavier@crm.test", "Delta", "star", 8, 0.55),
    Rep("ANN", "Ann Test", "ann@acme.test", "Alpha", "core", 6, 0.12),
    Rep("XC1", "Yusuf Core", "yusuf@crm.test", "Delta", "core", 5, 0.06),
    Rep("XC2", "Zora Core", "zora@crm.test", "Delta", "core", 5, 0.05),
    Rep("XC3", "Quinn Core", "quinn@crm.test", "Delta", "core", 4, 0.02),
    Rep("GIL", "Gil Test", "gil@acme.test", "Gamma", "tail", 2, 0.001),
    Rep("XT1", "Trent Tail", "trent@crm.test", "Delta", "tail", 2, 0.001),
)
CRM_ONLY = tuple(rep for rep in REPS if rep.rep_id.startswith("X"))


def _identity(rep: Rep) -> dict[str, Any]:
    return {
        "rep_id": rep.rep_id,
        "source": "salesforce",
        "email": rep.email,
        "name": rep.name,
        "team": rep.team,
        "region": None,
        "active": True,
    }


def _period_days(period: str) -> tuple[str, str]:
    """The first and last day of ``2026-01`` or of ``2026-01-01..2026-03-31``."""
    if ".." in period:
        start, end = period.split("..")
        return start, end
    year, month = (int(part) for part in period.split("-"))
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"


def _card(rep: Rep, *, period: str, closed: int, won: int) -> dict[str, Any]:
    bookings = won * 1_000_000
    start, end = _period_days(period)
    return {
        **_identity(rep),
        "period": period,
        "period_start": start,
        "period_end": end,
        "deals_closed": closed,
        "deals_won": won,
        "win_rate": won / closed if closed else None,
        "bookings_cents": bookings,
        "bookings": bookings / 100,
        "avg_won_deal_cents": 1_000_000 if won else None,
        "avg_won_deal": 10_000.0 if won else None,
        "median_cycle_days": 30.0 + won,
        "pipeline_created_cents": 2 * bookings,
        "pipeline_created": 2 * bookings / 100,
        "calls_per_opportunity": 2.0,
        "emails_per_opportunity": 3.0,
        "meetings_per_opportunity": 1.0 + won / 10,
        "contacts_per_opportunity": 2.5,
        "quota_attainment": None,
    }


WIN_RATE_DEFINITION = {
    "primary_metric": "win_rate",
    "label": "Win rate",
    "chosen_by": "organisation",
    "sentence": "Stars are the top 20% by win rate (wins out of closed deals), against the "
    "organisation on the same deals.",
    "parameters": {
        "ramp_months": 3,
        "mix_by": ["segment"],
        "quota_coverage": 0.0,
        "star_fraction": 0.2,
    },
}
BOOKINGS_DEFINITION = {
    **WIN_RATE_DEFINITION,
    "primary_metric": "bookings",
    "label": "Bookings",
    "chosen_by": "default",
    "sentence": "Stars are the top 20% by bookings (won amounts), against an average rep with "
    "the same selling time and deal mix. Chosen by default: this export has no quotas.",
}
LENSES = ("win_rate", "bookings", "avg_deal", "volume")
BANDS_BY_POSITION = ("star",) * 3 + ("core",) * 4 + ("tail",) * 2
DISAGREEMENT = (
    "A star on win rate but among the tail on average won deal: look at both before acting on "
    "either."
)
CORE_WIN_RATE = math.prod(r.won / r.closed for r in REPS if r.segment == "core") ** (1 / 4)
CORE_CYCLE = 35.5  # median of the core's 30 + won days


def _tenure(rep: Rep) -> str:
    return (
        "active 2 of 3 months, joined 2026-02-01" if rep.rep_id == "XS1" else "active all 3 months"
    )


def _lens(
    name: str,
    label: str,
    unit: str,
    raw: float,
    expected: float,
    adjusted: float,
    rank: int,
    *,
    in_use: bool,
) -> dict[str, Any]:
    return {
        "lens": name,
        "label": label,
        "unit": unit,
        "raw": raw,
        "expected": expected,
        "index": raw / expected,
        "adjusted": adjusted,
        "rank": rank,
        "of": len(REPS),
        "band": BANDS_BY_POSITION[rank - 1],
        "in_use": in_use,
    }


def _lenses(rep: Rep, rank: int, primary: str) -> dict[str, Any]:
    """Win rate and bookings rank as the table; on average deal Bob is last; volume is level."""
    deal_rank = len(REPS) if rep.rep_id == "BOB" else rank - (rank > 2)
    deal = 8_000.0 if rep.rep_id == "BOB" else 10_000.0
    return {
        "win_rate": _lens(
            "win_rate",
            "Win rate",
            "fraction",
            rep.won / rep.closed,
            0.3,
            rep.won / rep.closed / 0.3,
            rank,
            in_use=primary == "win_rate",
        ),
        "bookings": _lens(
            "bookings",
            "Bookings",
            "currency",
            rep.bookings_cents / 100,
            60_000.0,
            rep.bookings_cents / 6_000_000,
            rank,
            in_use=primary == "bookings",
        ),
        "avg_deal": _lens(
            "avg_deal",
            "Average won deal",
            "currency",
            deal,
            10_000.0,
            deal / 10_000,
            deal_rank,
            in_use=False,
        ),
        "volume": _lens(
            "volume",
            "Deal volume",
            "per_month",
            rep.closed / 3,
            rep.closed / 3,
            1.0,
            rank,
            in_use=False,
        ),
    }


def _pattern(rep: Rep) -> dict[str, Any]:
    deal_size = 0.8 if rep.rep_id == "BOB" else 1.0
    parts = {
        "volume": 1.0,
        "conversion": rep.won / rep.closed / CORE_WIN_RATE,
        "deal_size": deal_size,
    }
    return win_pattern(parts, CORE_CYCLE / (30.0 + rep.won)).to_dict()  # type: ignore[arg-type]


def segments_document() -> dict[str, Any]:
    reps = []
    for rank, rep in enumerate(REPS, start=1):
        raw = rep.won / rep.closed
        pattern = _pattern(rep)
        reps.append(
            {
                **_identity(rep),
                "segment": rep.segment,
                "p_star": rep.p_star,
                "rank": rank,
                "rank_low": max(1, rank - 2),
                "rank_high": min(len(REPS), rank + 2),
                "metric": "win_rate",
                "raw": raw,
                "expected": 0.3,
                "adjusted": raw / 0.3,
                "adjusted_raw": raw / 0.3,
                "adjusted_sd": 0.1,
                "n": rep.closed,
                "wins": rep.won,
                "bookings_cents": rep.bookings_cents,
                "mix": {"SMB": 1.0},
                "why": f"win rate {raw:.0%} on {rep.closed} closed deals vs 30% expected; "
                f"{pattern['sentence']}; rank {rank} of {len(REPS)}",
                "lenses": _lenses(rep, rank, "win_rate"),
                "pattern": pattern,
                "tenure": _tenure(rep),
                "exposure_months": 2.0 if rep.rep_id == "XS1" else 3.0,
                "disagreement": DISAGREEMENT if rep.rep_id == "BOB" else None,
            }
        )
    return {
        "as_of": AS_OF,
        "window": WINDOW,
        "metric": "win_rate",
        "definition": WIN_RATE_DEFINITION,
        "lenses": list(LENSES),
        "disagreements": 1,
        "method": "Index = wins / wins expected for the same segment mix; shrunk.",
        "bands": {
            "star_fraction": 0.2,
            "tail_fraction": 0.2,
            "n_ranked": 9,
            "n_star": 3,
            "n_core": 4,
            "n_tail": 2,
            "rule": "Organisation-wide bands over the 9 ranked reps: 3 stars, 4 core, 2 tail.",
        },
        "reps": reps,
        "excluded": [
            {
                "rep_id": "MIA",
                "source": "salesforce",
                "email": "mia@acme.test",
                "name": "Mia Test",
                "team": "Alpha",
                "region": None,
                "active": True,
                "reason": "no_closed_deals",
                "detail": "no deal closed",
                "deals_closed": 0,
            },
            {
                "rep_id": "XGHOST",
                "source": "salesforce",
                "email": None,
                "name": None,
                "team": None,
                "region": None,
                "active": True,
                "reason": "not_in_crm_users",
                "detail": "owns deals but is not in User",
                "deals_closed": 3,
            },
        ],
        "excluded_counts": {"no_closed_deals": 1, "not_in_crm_users": 1},
    }


def scorecards_document() -> dict[str, Any]:
    monthly = [
        _card(rep, period=period, closed=closed, won=won)
        for rep in REPS
        for (period, closed), won in zip(MONTHS, rep.monthly_won(), strict=True)
    ]
    return {
        "as_of": AS_OF,
        "window": WINDOW,
        "currency": "USD",
        "reps": [
            _card(rep, period="2026-01-01..2026-03-31", closed=rep.closed, won=rep.won)
            for rep in REPS
        ],
        "monthly": monthly,
        "quarterly": [],
    }


def gap_document() -> dict[str, Any]:
    cards = {row["rep_id"]: row for row in scorecards_document()["reps"]}
    metrics = []
    for spec in GAP_METRICS:
        if spec.metric == "quota_attainment":
            continue
        scale = 100.0 if spec.unit == "currency" else 1.0

        def values(band: str, column: str = spec.column, divide: float = scale) -> list[float]:
            found = (cards[r.rep_id].get(column) for r in REPS if r.segment == band)
            return [float(v) / divide for v in found if v is not None and math.isfinite(v)]

        metrics.append(metric_gap(values("star"), values("core"), spec, 0.95).to_dict())
    index = {
        "metric": "win_rate_index",
        "label": "Win rate vs expected for the deal mix (shrunk)",
        "unit": "index",
        "higher_is_better": True,
        "star": 1.5,
        "core": 0.83,
        "gap_pct": 1.5 / 0.83 - 1,
        "ci": [0.4, 1.0],
        "n_star": 3,
        "n_core": 4,
        "method": "posterior",
    }
    metrics.insert(1, index)  # the primary metric's raw row, then its index row, lead
    raw = metrics[0]
    return {
        "as_of": AS_OF,
        "window": WINDOW,
        "primary_metric": "win_rate",
        "currency": "USD",
        "definition": WIN_RATE_DEFINITION,
        "headline": _headline("win_rate", "Win rate", raw, index),
        "metrics": metrics,
        "opportunity": {
            "close_fraction": 0.25,
            "annual_value": OPPORTUNITY_CENTS / 100,
            "annual_value_ci": [60_000.0, 180_000.0],
            "annual_value_cents": OPPORTUNITY_CENTS,
            "annual_value_ci_cents": [6_000_000, 18_000_000],
            "currency": "USD",
            "metric": "win_rate",
            "index_gap": 0.67,
            "index_gap_ci": [0.33, 1.0],
            "base_annual_bookings": 716_417.91,
            "n_core": 4,
            "formula": "close_fraction * (star index - core index) * base",
            "assumptions": "A what-if on an association, not a forecast.",
        },
    }


def _headline(
    metric: PrimaryMetric, label: str, raw: dict[str, Any], index: dict[str, Any]
) -> dict[str, Any]:
    """Worded by `uplift.analytics.performance.gap` itself from the same two rows."""
    return gap_headline(
        metric, label, GapMetric.from_dict(raw), GapMetric.from_dict(index)
    ).to_dict()


def trend_document() -> dict[str, Any]:
    teams = ["all", *sorted({rep.team for rep in REPS})]
    series = []
    for team in teams:
        for i, (period, closed) in enumerate(MONTHS):
            tallies = {}
            for band in ("star", "core"):
                group = [r for r in REPS if r.segment == band and team in ("all", r.team)]
                won = sum(r.monthly_won()[i] for r in group)
                tallies[band] = (won / (closed * len(group)) if group else None, len(group))
            (star, n_star), (core, n_core) = tallies["star"], tallies["core"]
            series.append(
                {
                    "period": period,
                    "period_start": f"{period}-01",
                    "period_end": f"{period}-28",
                    "team": team,
                    "star": star,
                    "core": core,
                    "gap_pct": star / core - 1 if star is not None and core else None,
                    "n_star": n_star,
                    "n_core": n_core,
                }
            )
    return {
        "as_of": AS_OF,
        "window": WINDOW,
        "metric": "win_rate",
        "unit": "fraction",
        "series": series,
    }


def documents() -> dict[str, Any]:
    return {
        "segments": segments_document(),
        "gap": gap_document(),
        "scorecards": scorecards_document(),
        "trend": trend_document(),
        "summary": {"as_of": AS_OF, "window": WINDOW, "currency": "USD", "notes": []},
    }


def bookings_documents() -> dict[str, Any]:
    """The same analysis under the default definition, bookings (this export has no quotas)."""
    parts = documents()
    segments, gap = parts["segments"], parts["gap"]
    segments.update(metric="bookings", definition=BOOKINGS_DEFINITION)
    for rank, row in enumerate(segments["reps"], start=1):
        rep = REPS[rank - 1]
        raw = rep.bookings_cents / 100
        row.update(
            metric="bookings",
            raw=raw,
            expected=60_000.0,
            adjusted=raw / 60_000,
            adjusted_raw=raw / 60_000,
            lenses=_lenses(rep, rank, "bookings"),
            disagreement=None,
            why=f"booked ${raw / 1000:.1f}k ({_tenure(rep)}) vs $60.0k for an average rep with "
            f"the same selling time on their deals; {row['pattern']['sentence']}",
        )
    segments["disagreements"] = 0
    rows = {m["metric"]: m for m in gap["metrics"]}
    index = {
        **rows.pop("win_rate_index"),
        "metric": "bookings_index",
        "label": "Bookings vs an average rep with the same selling time and mix (shrunk)",
    }
    raw = rows.pop("bookings")
    gap.update(
        primary_metric="bookings",
        definition=BOOKINGS_DEFINITION,
        headline=_headline("bookings", "Bookings", raw, index),
        metrics=[raw, index, *rows.values()],
    )
    gap["opportunity"].update(
        metric="bookings",
        formula="close_fraction * (star index - core index) * the core's baseline annual "
        "bookings (an average rep with their selling time and mix) = 0.25 * (1.500 - 0.830) * "
        "$716.4k = $120.0k",
    )
    return parts


# The test world's people who are reps in these documents (Art and Bob are the stars).
CRM_IDS = {"ann": "ANN", "art": "ART", "bob": "BOB", "gil": "GIL", "mia": "MIA"}


def link_crm_ids(world: World) -> None:
    """Link the world's people to the documents' reps by CRM id, as an import would."""
    for attribute, crm_id in CRM_IDS.items():
        person = getattr(world, attribute)
        person.crm_user_id = crm_id
        person.save(update_fields=["crm_user_id"])


def analysis_store(
    *, organisation: Organisation, parts: dict[str, Any] | None = None
) -> AnalysisRun:
    """Store the documents as the organisation's latest finished analysis."""
    run = AnalysisRun.objects.create(
        organisation=organisation,
        as_of=date.fromisoformat(AS_OF),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    for kind, data in (parts or documents()).items():
        Snapshot.objects.create(run=run, kind=kind, data=data)
    return run


def analysis_in_memory(parts: dict[str, Any] | None = None) -> Analysis:
    """The documents as the pages' selectors receive them, without a database."""
    run = AnalysisRun(as_of=date.fromisoformat(AS_OF), status=AnalysisRun.Status.SUCCEEDED)
    stored = {SnapshotKind(kind): data for kind, data in (parts or documents()).items()}
    return Analysis(run=run, snapshots=snapshot_set(stored))


def member(rep_id: str, person_id: int) -> Member:
    rep = next(r for r in REPS if r.rep_id == rep_id)
    return Member(person_id=person_id, name=rep.name, crm_user_id=rep.rep_id, team=rep.team)
