"""Credit: what a practice's measured effect is worth, and who gets it.

The rule (``docs/credit.md``):

- a practice's **value** on a metric = its effect per adopter and month (the impact estimate's
  ATT) x its adopters x the horizon (12 months by default): what the adopters gain over the
  next horizon if the effect persists and they keep practising. Bookings give currency; the win
  rate gives extra won deals, through the organisation's closed deals per rep and month. The
  95% interval is carried through the same multiplication (the constants are taken as known);
- only an estimate read as "likely positive" or "likely negative" counts as **measured** (its
  interval excludes zero, the pre-trend check passed, the adopters have had enough time); the
  one read "no effect detected" (an interval around zero that rules out an effect worth
  having, after enough time) says so, with no value; the others are "not measured yet";
- a measured gain flows to the practice's **contributors**: an equal split, unless every
  contributor has a recorded share, in which case those shares (scaled to add up to one);
  a measured loss is shown and credits nobody;
- a person's credit adds up their shares of each practice's measured gains; the interval adds
  the ends (as if the practices' errors moved together: wider, never narrower, than the truth).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from uplift.analytics.impact.results import finite

CreditStatus = Literal["measured gain", "measured loss", "no effect detected", "not measured yet"]
MEASURED_READINGS = ("likely positive", "likely negative")
VALUE_UNITS = {"bookings": "currency", "win_rate": "won_deals"}


@dataclass(frozen=True)
class Contributor:
    person: int
    share: float | None = None  # recorded share, if any


@dataclass(frozen=True)
class PracticeContributors:
    practice: str
    practice_id: int | None
    contributors: tuple[Contributor, ...]
    adopters: int | None = None  # recorded adopters other than the contributors, when known


@dataclass(frozen=True)
class Effect:
    """One impact estimate (a row of the impact snapshot) that credit is computed from."""

    practice: str
    metric: str
    att: float | None
    ci_low: float | None
    ci_high: float | None
    adopters: int
    reading: str
    summary: str = ""

    @classmethod
    def from_impact_row(cls, row: Mapping[str, Any]) -> Effect:
        low, high = row.get("ci") or (None, None)
        return cls(
            practice=str(row["practice"]),
            metric=str(row["metric"]),
            att=finite(row.get("att")),
            ci_low=finite(low),
            ci_high=finite(high),
            adopters=int(row.get("adopters") or 0),
            reading=str(row.get("reading") or ""),
            summary=str(row.get("summary") or ""),
        )

    @property
    def measured(self) -> bool:
        return (
            self.reading in MEASURED_READINGS
            and self.att is not None
            and self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )


@dataclass(frozen=True)
class CreditRules:
    horizon_months: int = 12
    closed_per_rep_month: float | None = None  # converts a win-rate effect into won deals

    def __post_init__(self) -> None:
        if self.horizon_months < 1:
            raise ValueError("horizon_months must be at least 1")
        if self.closed_per_rep_month is not None and self.closed_per_rep_month < 0:
            raise ValueError("closed_per_rep_month cannot be negative")


@dataclass(frozen=True)
class EffectValue:
    effect: Effect
    status: CreditStatus
    value: float | None
    value_low: float | None
    value_high: float | None

    @property
    def unit(self) -> str:
        return VALUE_UNITS.get(self.effect.metric, self.effect.metric)

    def to_dict(self) -> dict[str, Any]:
        e = self.effect
        return {
            "metric": e.metric,
            "att": e.att,
            "ci": [e.ci_low, e.ci_high],
            "adopters": e.adopters,
            "reading": e.reading,
            "summary": e.summary,
            "measured": e.measured,
            "status": self.status,
            "value_unit": self.unit,
            "value": _round(self.value),
            "value_ci": [_round(self.value_low), _round(self.value_high)],
        }


@dataclass(frozen=True)
class PersonCredit:
    person: int
    items: tuple[dict[str, Any], ...]
    totals: dict[str, dict[str, float]] = field(default_factory=dict)
    practices: int = 0
    measured_practices: int = 0
    adopters_reached: int = 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def shares(contributors: Sequence[Contributor]) -> dict[int, float]:
    """Each contributor's share of a practice's credit: equal, unless every one has a recorded
    positive share, then those shares scaled to add up to one."""
    if not contributors:
        return {}
    recorded = [c.share for c in contributors]
    if all(s is not None and s > 0 for s in recorded):
        total = sum(s for s in recorded if s is not None)
        return {c.person: (c.share or 0.0) / total for c in contributors}
    return {c.person: 1 / len(contributors) for c in contributors}


def effect_value(effect: Effect, rules: CreditRules) -> EffectValue:
    """The value of one estimate over the horizon, with its interval, and its status."""
    if effect.reading == "no effect detected":
        return EffectValue(effect, "no effect detected", None, None, None)
    if not effect.measured or effect.att is None:
        return EffectValue(effect, "not measured yet", None, None, None)
    scale = float(effect.adopters * rules.horizon_months)
    if effect.metric == "win_rate":
        if rules.closed_per_rep_month is None:
            return EffectValue(effect, "not measured yet", None, None, None)
        scale *= rules.closed_per_rep_month
    status: CreditStatus = "measured gain" if effect.att > 0 else "measured loss"
    low = None if effect.ci_low is None else effect.ci_low * scale
    high = None if effect.ci_high is None else effect.ci_high * scale
    return EffectValue(effect, status, effect.att * scale, low, high)


@dataclass(frozen=True)
class PracticeCredit:
    practice: PracticeContributors
    values: tuple[EffectValue, ...]
    shares: dict[int, float]

    @property
    def measured(self) -> bool:
        return any(v.status == "measured gain" for v in self.values)


@dataclass(frozen=True)
class Credit:
    rules: CreditRules
    practices: tuple[PracticeCredit, ...]
    people: tuple[PersonCredit, ...]


def credit_allocate(
    practices: Iterable[PracticeContributors], effects: Iterable[Effect], rules: CreditRules
) -> Credit:
    """Every practice's valued effects and every contributor's share of the measured gains."""
    by_practice: dict[str, list[Effect]] = {}
    for effect in effects:
        by_practice.setdefault(effect.practice, []).append(effect)
    credited: list[PracticeCredit] = []
    ledger: dict[int, list[dict[str, Any]]] = {}
    counts: dict[int, list[int]] = {}
    for practice in practices:
        values = tuple(effect_value(e, rules) for e in by_practice.get(practice.practice, []))
        split = shares(practice.contributors)
        item = PracticeCredit(practice, values, split)
        credited.append(item)
        adopters = practice.adopters
        if adopters is None:
            adopters = max((v.effect.adopters for v in values), default=0)
        for person, share in split.items():
            tally = counts.setdefault(person, [0, 0, 0])
            tally[0] += 1
            tally[1] += int(item.measured)
            tally[2] += adopters
            for v in values:
                gain = v.status == "measured gain"
                ledger.setdefault(person, []).append(
                    {
                        "practice": practice.practice,
                        "practice_id": practice.practice_id,
                        "metric": v.effect.metric,
                        "status": v.status,
                        "share": round(share, 4),
                        "value_unit": v.unit,
                        "value": _round(v.value * share) if gain and v.value is not None else None,
                        "value_ci": [
                            _round(v.value_low * share)
                            if gain and v.value_low is not None
                            else None,
                            _round(v.value_high * share)
                            if gain and v.value_high is not None
                            else None,
                        ],
                    }
                )
    people = []
    for person, tally in counts.items():
        items = tuple(ledger.get(person, []))
        totals: dict[str, dict[str, float]] = {}
        for it in items:
            if it["status"] != "measured gain" or it["value"] is None:
                continue
            total = totals.setdefault(it["value_unit"], {"value": 0.0, "low": 0.0, "high": 0.0})
            total["value"] += it["value"]
            total["low"] += it["value_ci"][0] or 0.0
            total["high"] += it["value_ci"][1] or 0.0
        people.append(PersonCredit(person, items, totals, tally[0], tally[1], tally[2]))
    return Credit(rules, tuple(credited), tuple(people))
