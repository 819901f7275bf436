"""What an analysis of performance is asked to do: the knobs, with defaults that suit most teams."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from uplift.analytics.metrics.mix import check_mix_keys

PrimaryMetric = Literal["win_rate", "bookings"]
PRIMARY_METRICS: tuple[PrimaryMetric, ...] = ("win_rate", "bookings")


@dataclass(frozen=True)
class PerformanceConfig:
    """Settings of :func:`uplift.analytics.performance.analyse_performance`.

    - ``primary_metric``: what makes a star. ``"win_rate"`` (wins out of closed deals) or
      ``"bookings"`` (won amounts per closed deal); either way compared with what the
      organisation achieves on the same deal mix.
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

    primary_metric: PrimaryMetric = "win_rate"
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
        if self.primary_metric not in PRIMARY_METRICS:
            raise ValueError(
                f"primary_metric must be one of {PRIMARY_METRICS}, not {self.primary_metric!r}"
            )
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
        return data
