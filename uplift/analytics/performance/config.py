"""What an analysis of performance is asked to do: the knobs, with defaults that suit most teams."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from uplift.analytics.metrics.mix import check_mix_keys

PrimaryMetric = Literal["attainment", "bookings", "win_rate", "avg_deal", "composite"]
PRIMARY_METRICS: tuple[PrimaryMetric, ...] = (
    "attainment",
    "bookings",
    "win_rate",
    "avg_deal",
    "composite",
)
MetricChoice = PrimaryMetric | Literal["auto"]
COMPOSITE_LENSES = ("attainment", "bookings", "win_rate", "avg_deal", "volume")
DEFAULT_COMPOSITE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bookings", 0.5),
    ("win_rate", 0.25),
    ("volume", 0.25),
)
METRIC_WORDS: dict[str, str] = {
    "attainment": "quota attainment (bookings over the quota for the same months)",
    "bookings": "bookings (won amounts), against an average rep with the same selling time "
    "and deal mix",
    "win_rate": "win rate (wins out of closed deals), against the organisation on the same deals",
    "avg_deal": "average won deal, against the organisation's on the same deal mix",
    "composite": "a weighted blend of lenses",
}


@dataclass(frozen=True)
class PerformanceConfig:
    """Settings of :func:`uplift.analytics.performance.analyse_performance`.

    - ``primary_metric``: what makes a star, a result (see :mod:`.lenses`): ``"attainment"``
      (bookings over prorated quota), ``"bookings"`` (won amounts against an average rep with
      the same selling time and mix), ``"win_rate"``, ``"avg_deal"``, or ``"composite"`` (a
      weighted geometric mean of lenses, ``composite_weights``). ``"auto"`` (the default) takes
      attainment when quotas cover at least ``quota_coverage`` of the ranked reps' selling
      days in the window, bookings otherwise.
    - ``composite_weights``: (lens, weight) pairs for the composite, stored as data.
    - ``ramp_months``: how long a new hire ramps up to a full rep's result (linearly).
    - ``min_selling_months``: reps who sold fewer calendar months of the window are listed as
      too new to rank (their few weeks would be judged against a ramp, not a full rep).
    - ``star_fraction`` / ``tail_fraction``: the share of ranked reps in the top and bottom bands.
    - ``close_fraction``: the share of the star-core gap the "what is it worth" figure assumes
      the core closes.
    - ``window_months``: the scorecard and ranking window, ending at ``as_of``.
    - ``trend_months``: how many months the trend covers, ending at ``as_of``.
    - ``mix_by``: the deal attributes the mix adjustment holds fixed (``uplift.analytics.metrics.
      mix.MIX_KEYS``); ``("segment",)`` by default, e.g. ``("segment", "product")``.
    - ``min_closed_deals``: reps with fewer closed deals in the window are not ranked.
    - ``draws``, ``seed``: simulation draws for the star probabilities and rank intervals
      (seeded: the same data give the same answer).
    - ``confidence``: of the gap and opportunity intervals; ``rank_interval`` of rank intervals.
    - ``currency``: the currency of amounts; ``None`` takes the most common one in the data.
    - ``quarterly``: also compute quarterly scorecards (monthly ones are always computed; the
      trend needs them).
    - ``period_activity_ratios``: count the distinct opportunities worked (and so activities per
      opportunity) for each month and quarter too, not only for the window. Exact but costly at
      scale (a pass over every rep, month and opportunity); without it those columns are null
      in monthly and quarterly scorecards, while the activity counts are always there.
    """

    primary_metric: MetricChoice = "auto"
    composite_weights: tuple[tuple[str, float], ...] = DEFAULT_COMPOSITE_WEIGHTS
    ramp_months: int = 6
    min_selling_months: float = 3.0
    quota_coverage: float = 0.5
    star_fraction: float = 0.2
    tail_fraction: float = 0.2
    close_fraction: float = 0.25
    window_months: int = 12
    trend_months: int = 12
    mix_by: tuple[str, ...] = ("segment",)
    min_closed_deals: int = 5
    draws: int = 4000
    seed: int = 0
    confidence: float = 0.95
    currency: str | None = None
    quarterly: bool = True
    period_activity_ratios: bool = False

    def __post_init__(self) -> None:
        if self.primary_metric != "auto" and self.primary_metric not in PRIMARY_METRICS:
            raise ValueError(
                f"primary_metric must be 'auto' or one of {PRIMARY_METRICS}, "
                f"not {self.primary_metric!r}"
            )
        check_composite_weights(self.composite_weights)
        if not 0 <= self.ramp_months <= 24:
            raise ValueError("ramp_months must be between 0 and 24")
        if not 0 < self.quota_coverage <= 1:
            raise ValueError("quota_coverage must be in (0, 1]")
        for name in ("star_fraction", "tail_fraction", "close_fraction"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], not {value}")
        if self.star_fraction + self.tail_fraction > 1:
            raise ValueError("star_fraction + tail_fraction cannot exceed 1")
        if self.window_months < 1 or self.trend_months < 1:
            raise ValueError("window_months and trend_months must be at least 1")
        check_mix_keys(self.mix_by)
        if self.min_closed_deals < 1:
            raise ValueError("min_closed_deals must be at least 1")
        if self.draws < 100:
            raise ValueError("draws must be at least 100")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must be between 0 and 1")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["mix_by"] = list(self.mix_by)
        data["composite_weights"] = dict(self.composite_weights)
        return data


def check_composite_weights(weights: tuple[tuple[str, float], ...]) -> None:
    """Weights name known lenses, are not negative, and at least one is positive."""
    unknown = [name for name, _ in weights if name not in COMPOSITE_LENSES]
    if unknown:
        raise ValueError(f"unknown composite lenses {unknown}; choose from {COMPOSITE_LENSES}")
    if any(w < 0 for _, w in weights) or not any(w > 0 for _, w in weights):
        raise ValueError("composite weights must not be negative and one must be positive")
