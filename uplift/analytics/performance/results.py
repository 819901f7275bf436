"""The typed results of a performance analysis, each with a stable, JSON-ready ``to_dict()``.

The ``insights`` app stores these dictionaries as snapshots and serves them (``uplift report
segments|gap|scorecards --json``), so their keys are a contract: add keys, never rename them.
Each class reads its dictionary back with ``from_dict`` (``from_dict(x.to_dict()).to_dict() ==
x.to_dict()``); a document stored before a key existed reads with that field's default.
Conventions in every ``to_dict()``:

- dates are ISO strings (``"2026-10-31"``); ``as_of`` is the last day the analysis covers;
- rates are fractions (0.41 is 41 %), never percentages;
- money is in currency units (dollars, euros: cents / 100, rounded to the cent) unless the key
  ends in ``_cents`` (integer cents, exact); the currency is named once per document;
- numbers that are undefined (a rate without a denominator, an interval that cannot be
  computed) are ``null``, never NaN;
- intervals are two-element lists ``[low, high]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from uplift.analytics.metrics.availability import MissingSource
from uplift.analytics.metrics.columns import SCORECARD_COLUMNS
from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.config import PrimaryMetric
from uplift.analytics.performance.formatting import finite_or_none, stored_number, to_display

Band = Literal["star", "core", "tail"]
ExclusionReason = Literal[
    "no_closed_deals",
    "too_few_closed_deals",
    "not_in_crm_users",
    "nothing_expected",
    "no_quota",
    "too_new",
]


def _interval(low: float | None, high: float | None) -> list[float | None]:
    return [finite_or_none(low), finite_or_none(high)]


@dataclass(frozen=True)
class RepIdentity:
    """Who a row is about. ``rep_id`` is the id in the source CRM; the other fields come from
    crm_reps and are null for owners missing from the CRM's user export."""

    source: str
    rep_id: str
    email: str | None
    name: str | None
    team: str | None
    region: str | None
    active: bool | None

    def to_dict(self) -> dict[str, Any]:
        """Keys: rep_id, source, email, name, team, region, active."""
        return {
            "rep_id": self.rep_id,
            "source": self.source,
            "email": self.email,
            "name": self.name,
            "team": self.team,
            "region": self.region,
            "active": self.active,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RepIdentity:
        """The identity keys of a row (any other key is ignored)."""
        return cls(
            source=data["source"],
            rep_id=data["rep_id"],
            email=data.get("email"),
            name=data.get("name"),
            team=data.get("team"),
            region=data.get("region"),
            active=data.get("active"),
        )


_MONEY_COLUMNS = {
    "bookings_cents": "bookings",
    "avg_won_deal_cents": "avg_won_deal",
    "pipeline_created_cents": "pipeline_created",
    "quota_cents": "quota",
}
_IDENTITY_KEYS = frozenset({"rep_id", "source", "email", "name", "team", "region", "active"})
# Keys of a scorecard row that are not metric columns: who, which period, money in units.
_NOT_VALUES = _IDENTITY_KEYS | {"period", "period_start", "period_end", *_MONEY_COLUMNS.values()}


@dataclass(frozen=True)
class ScorecardRow:
    """One rep's scorecard for one period; ``values`` holds the metric columns of
    :data:`uplift.analytics.metrics.SCORECARD_COLUMNS` (counts as int, rates as float or None).
    Descriptive: a scorecard reflects territory and deal mix as much as skill."""

    rep: RepIdentity
    period: str
    period_start: date
    period_end: date
    values: dict[str, int | float | None]

    def to_dict(self) -> dict[str, Any]:
        """The rep's identity keys, ``period`` (``2026-10``, ``2026-Q4`` or
        ``start..end``), ``period_start``, ``period_end``, every metric column, and each money
        column also in currency units (``bookings``, ``avg_won_deal``, ``pipeline_created``,
        ``quota``)."""
        data = self.rep.to_dict()
        data.update(
            period=self.period,
            period_start=self.period_start.isoformat(),
            period_end=self.period_end.isoformat(),
        )
        for name, value in self.values.items():
            data[name] = finite_or_none(value) if isinstance(value, float) else value
            if name in _MONEY_COLUMNS:
                data[_MONEY_COLUMNS[name]] = None if value is None else to_display(value)
        return data

    def in_units(self, column: str) -> float | None:
        """A money column (``bookings_cents``, …) in currency units, as :meth:`to_dict` writes
        it (``bookings``, …); None without a value."""
        value = self.values.get(column)
        return None if value is None else to_display(value)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScorecardRow:
        """A row as :meth:`to_dict` wrote it: every key that is not the identity, the period or
        a money column in currency units (derived from its cents) is a metric column."""
        return cls(
            rep=RepIdentity.from_dict(data),
            period=data["period"],
            period_start=date.fromisoformat(data["period_start"]),
            period_end=date.fromisoformat(data["period_end"]),
            values={k: v for k, v in data.items() if k not in _NOT_VALUES},
        )


@dataclass(frozen=True)
class Scorecards:
    """Scorecards for the window (``reps``), by month over the trend months (``monthly``) and by
    quarter over the window (``quarterly``; empty when not asked for)."""

    as_of: date
    window: Window
    currency: str
    reps: tuple[ScorecardRow, ...]
    monthly: tuple[ScorecardRow, ...]
    quarterly: tuple[ScorecardRow, ...]
    missing: tuple[MissingSource, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window {start, end}, currency, columns {name: meaning}, reps, monthly,
        quarterly (lists of :meth:`ScorecardRow.to_dict`), missing (the sources the export has
        no rows of: [{columns, source, reason}]; their columns are null for every rep)."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "currency": self.currency,
            "columns": {k: v for k, v in SCORECARD_COLUMNS.items() if k != "period_key"},
            "reps": [row.to_dict() for row in self.reps],
            "monthly": [row.to_dict() for row in self.monthly],
            "quarterly": [row.to_dict() for row in self.quarterly],
            "missing": [found.to_dict() for found in self.missing],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecards:
        """The document as :meth:`to_dict` wrote it (``columns`` is the module's own)."""
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            window=Window.from_dict(data["window"]),
            currency=data["currency"],
            reps=tuple(ScorecardRow.from_dict(row) for row in data.get("reps") or ()),
            monthly=tuple(ScorecardRow.from_dict(row) for row in data.get("monthly") or ()),
            quarterly=tuple(ScorecardRow.from_dict(row) for row in data.get("quarterly") or ()),
            missing=tuple(MissingSource.from_dict(m) for m in data.get("missing") or ()),
        )


@dataclass(frozen=True)
class LensStanding:
    """Where a rep stands on one lens, ranked on that lens alone over the same reps.

    ``raw`` is the rep's own value (fractions for rates, currency units for money, closed deals
    per month for volume), ``expected`` the fair baseline in the same unit, ``index`` raw over
    expected and ``adjusted`` its shrunk value; ``rank`` of ``of`` and ``band`` as if this lens
    were the definition; ``in_use`` marks the lens that made the bands."""

    lens: str
    label: str
    unit: str
    raw: float | None
    expected: float | None
    index: float | None
    adjusted: float | None
    rank: int
    of: int
    band: Band
    in_use: bool

    def to_dict(self) -> dict[str, Any]:
        """Keys: lens, label, unit, raw, expected, index, adjusted, rank, of, band, in_use."""
        return {
            "lens": self.lens,
            "label": self.label,
            "unit": self.unit,
            "raw": finite_or_none(self.raw),
            "expected": finite_or_none(self.expected),
            "index": finite_or_none(self.index),
            "adjusted": finite_or_none(self.adjusted),
            "rank": self.rank,
            "of": self.of,
            "band": self.band,
            "in_use": self.in_use,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LensStanding:
        return cls(
            lens=data["lens"],
            label=data["label"],
            unit=data["unit"],
            raw=data.get("raw"),
            expected=data.get("expected"),
            index=data.get("index"),
            adjusted=data.get("adjusted"),
            rank=data["rank"],
            of=data["of"],
            band=data["band"],
            in_use=bool(data.get("in_use")),
        )


@dataclass(frozen=True)
class RepSegment:
    """A ranked rep: band, probability of being a star, rank interval and the evidence.

    ``raw`` is the rep's primary metric in the window (win rate as a fraction, or bookings in
    currency units); ``expected`` what the organisation achieves on the same deal mix;
    ``adjusted_raw`` = raw / expected (the mix-adjusted index, 1.0 = as expected) and
    ``adjusted`` its shrunk (empirical Bayes posterior mean) value, with ``adjusted_sd``.
    ``p_star`` is the posterior probability of being in the top ``star_fraction``; ``rank`` (1 =
    best) orders the shrunk index; ``rank_low`` to ``rank_high`` is a 90 % interval of the rank.
    ``n`` is the number of closed deals behind it. Associations, not causes: a high index says the
    rep does better than the baseline predicts, not why.

    ``lenses`` is the rep's standing on every lens side by side; ``pattern`` where the result
    comes from (volume, conversion, deal size, speed against the core); ``tenure`` the selling
    time in words and ``exposure_months`` in ramp-weighted months; ``disagreement`` a sentence
    when the lenses disagree sharply (a star on one, the tail on another), else None.
    """

    rep: RepIdentity
    segment: Band
    p_star: float
    rank: int
    rank_low: int
    rank_high: int
    metric: PrimaryMetric
    raw: float
    expected: float
    adjusted_raw: float
    adjusted: float
    adjusted_sd: float
    n: int
    wins: int
    bookings_cents: int
    mix: tuple[tuple[str, float], ...]
    why: str
    lenses: tuple[LensStanding, ...] = ()
    pattern: dict[str, Any] | None = None
    tenure: str | None = None
    exposure_months: float | None = None
    disagreement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Keys: the identity keys, segment ("star" | "core" | "tail"), p_star, rank, rank_low,
        rank_high, metric, raw, expected, adjusted, adjusted_raw, adjusted_sd, n, wins,
        bookings_cents, mix {cell: share of closed deals}, why, lenses {lens: standing},
        pattern, tenure, exposure_months, disagreement."""
        data = self.rep.to_dict()
        data.update(
            segment=self.segment,
            p_star=round(self.p_star, 4),
            rank=self.rank,
            rank_low=self.rank_low,
            rank_high=self.rank_high,
            metric=self.metric,
            raw=finite_or_none(self.raw),
            expected=finite_or_none(self.expected),
            adjusted=finite_or_none(self.adjusted),
            adjusted_raw=finite_or_none(self.adjusted_raw),
            adjusted_sd=finite_or_none(self.adjusted_sd),
            n=self.n,
            wins=self.wins,
            bookings_cents=self.bookings_cents,
            mix=dict(self.mix),
            why=self.why,
            lenses={standing.lens: standing.to_dict() for standing in self.lenses},
            pattern=self.pattern,
            tenure=self.tenure,
            exposure_months=finite_or_none(self.exposure_months),
            disagreement=self.disagreement,
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RepSegment:
        """A ranked rep as :meth:`to_dict` wrote it; the keys added since the first analyses
        (lenses, pattern, tenure, exposure_months, disagreement) default to none."""
        return cls(
            rep=RepIdentity.from_dict(data),
            segment=data["segment"],
            p_star=data["p_star"],
            rank=data["rank"],
            rank_low=data["rank_low"],
            rank_high=data["rank_high"],
            metric=data["metric"],
            raw=stored_number(data.get("raw")),
            expected=stored_number(data.get("expected")),
            adjusted_raw=stored_number(data.get("adjusted_raw")),
            adjusted=stored_number(data.get("adjusted")),
            adjusted_sd=stored_number(data.get("adjusted_sd")),
            n=data["n"],
            wins=data["wins"],
            bookings_cents=data["bookings_cents"],
            mix=tuple((data.get("mix") or {}).items()),
            why=data.get("why") or "",
            lenses=tuple(
                LensStanding.from_dict(standing) for standing in (data.get("lenses") or {}).values()
            ),
            pattern=data.get("pattern"),
            tenure=data.get("tenure"),
            exposure_months=data.get("exposure_months"),
            disagreement=data.get("disagreement"),
        )


@dataclass(frozen=True)
class ExcludedRep:
    """A CRM user or deal owner who is not ranked, and why (``reason`` is a stable code)."""

    rep: RepIdentity
    reason: ExclusionReason
    detail: str
    deals_closed: int

    def to_dict(self) -> dict[str, Any]:
        """Keys: the identity keys, reason, detail, deals_closed."""
        data = self.rep.to_dict()
        data.update(reason=self.reason, detail=self.detail, deals_closed=self.deals_closed)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExcludedRep:
        return cls(
            rep=RepIdentity.from_dict(data),
            reason=data["reason"],
            detail=data.get("detail") or "",
            deals_closed=data.get("deals_closed") or 0,
        )


@dataclass(frozen=True)
class BandRule:
    """How the ranked reps were cut into bands, and how many fell in each."""

    star_fraction: float
    tail_fraction: float
    n_ranked: int
    n_star: int
    n_core: int
    n_tail: int
    rule: str

    def to_dict(self) -> dict[str, Any]:
        """Keys: star_fraction, tail_fraction, n_ranked, n_star, n_core, n_tail, rule."""
        return {
            "star_fraction": self.star_fraction,
            "tail_fraction": self.tail_fraction,
            "n_ranked": self.n_ranked,
            "n_star": self.n_star,
            "n_core": self.n_core,
            "n_tail": self.n_tail,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BandRule:
        return cls(
            star_fraction=data["star_fraction"],
            tail_fraction=data["tail_fraction"],
            n_ranked=data["n_ranked"],
            n_star=data["n_star"],
            n_core=data["n_core"],
            n_tail=data["n_tail"],
            rule=data["rule"],
        )


@dataclass(frozen=True)
class MetricDefinition:
    """What "performance" meant for this analysis, who chose it, and why, in words.

    ``chosen_by`` is ``"default"`` (the rule: attainment when quotas cover most of the ranked
    reps' selling days, bookings otherwise), ``"organisation"`` (the saved definition) or
    ``"run"`` (``uplift analyze --metric``). ``parameters`` holds what the definition depends on
    (composite weights, ramp months, mix keys, quota coverage)."""

    primary_metric: PrimaryMetric
    label: str
    chosen_by: str
    sentence: str
    parameters: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Keys: primary_metric, label, chosen_by, sentence, parameters."""
        return {
            "primary_metric": self.primary_metric,
            "label": self.label,
            "chosen_by": self.chosen_by,
            "sentence": self.sentence,
            "parameters": self.parameters,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MetricDefinition:
        return cls(
            primary_metric=data["primary_metric"],
            label=data["label"],
            chosen_by=data["chosen_by"],
            sentence=data["sentence"],
            parameters=dict(data.get("parameters") or {}),
        )


@dataclass(frozen=True)
class Segments:
    """Who the stars, core and tail are, best first, with who was left out and why."""

    as_of: date
    window: Window
    metric: PrimaryMetric
    method: str
    bands: BandRule
    reps: tuple[RepSegment, ...]
    excluded: tuple[ExcludedRep, ...]
    definition: MetricDefinition | None = None
    lenses: tuple[str, ...] = ()
    disagreements: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, metric, method (a sentence), bands, reps (best first),
        excluded, excluded_counts {reason: count}, definition, lenses (the lenses shown side by
        side), disagreements (ranked reps whose lenses disagree sharply)."""
        counts = Counter(rep.reason for rep in self.excluded)
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "metric": self.metric,
            "method": self.method,
            "definition": None if self.definition is None else self.definition.to_dict(),
            "lenses": list(self.lenses),
            "disagreements": self.disagreements,
            "bands": self.bands.to_dict(),
            "reps": [rep.to_dict() for rep in self.reps],
            "excluded": [rep.to_dict() for rep in self.excluded],
            "excluded_counts": dict(sorted(counts.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Segments:
        """The document as :meth:`to_dict` wrote it (``excluded_counts`` follows from
        ``excluded``); one stored before definitions and lenses reads with none."""
        definition = data.get("definition")
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            window=Window.from_dict(data["window"]),
            metric=data["metric"],
            method=data["method"],
            bands=BandRule.from_dict(data["bands"]),
            reps=tuple(RepSegment.from_dict(rep) for rep in data.get("reps") or ()),
            excluded=tuple(ExcludedRep.from_dict(rep) for rep in data.get("excluded") or ()),
            definition=None if definition is None else MetricDefinition.from_dict(definition),
            lenses=tuple(data.get("lenses") or ()),
            disagreements=data.get("disagreements") or 0,
        )
