"""What an impact analysis is asked to do: the knobs, with defaults that suit most teams."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from uplift.analytics.stats import ControlGroup, Inference

ImpactMetric = Literal["win_rate", "bookings", "deals_closed", "deals_won", "activities"]
IMPACT_METRICS: tuple[ImpactMetric, ...] = (
    "win_rate",
    "bookings",
    "deals_closed",
    "deals_won",
    "activities",
)
CONTROL_GROUPS: tuple[ControlGroup, ...] = ("not_yet_treated", "never_treated")
Estimator = Literal["imputation", "callaway_santanna"]
ESTIMATORS: tuple[Estimator, ...] = ("imputation", "callaway_santanna")


@dataclass(frozen=True)
class ImpactConfig:
    """Settings of :func:`uplift.analytics.impact.estimate_impact` and the panel behind it.

    - ``window_months``: the rep-month panel covers at most this many months ending at
      ``as_of`` (and never starts before the first month with a closed deal). Longer windows
      give late adopters more "before" months but lose reps who joined or left meanwhile.
    - ``min_adopters``: treatments (practices, coaching programmes) with fewer adopters that
      can be estimated (in the panel, adopted inside it after its first month) are listed as
      not estimated rather than given a number built on a handful of reps.
    - ``min_cohort_size``: adoption months with fewer adopters are merged into the next month's
      cohort (see :mod:`uplift.analytics.impact.inference`); 1 keeps every month apart.
    - ``min_post_months``: when the adopters' median follow-up after adoption is shorter,
      the reading is "too early to say" whatever the interval.
    - ``control_group``: compare adopters with reps who have ``"not_yet_treated"`` (never, or
      later: the default) or only with reps who have ``"never_treated"``.
    - ``metrics``: outcomes to estimate; ``"win_rate"`` is deal-weighted (see
      :mod:`uplift.analytics.impact.ratio`), the others are means per rep and month
      (bookings in currency units, not cents).
    - ``confidence``, ``draws``, ``seed``: intervals from a seeded multiplier bootstrap
      clustered by rep (``draws`` = 0: analytical standard errors only).
    - ``pretrend_alpha``: below this pre-trend p-value the reading warns that adopters and
      comparison reps were already drifting apart before adoption.
    - ``event_window``: event-study points shown from this many months before adoption to
      this many after.
    - ``estimator``: ``"imputation"`` (the default: Borusyak, Jaravel & Spiess on deals for the
      win rate, on rep-months otherwise; ADR 0009) or ``"callaway_santanna"`` (rep-month
      group-time effects, ADR 0002/0003).
    - ``in_flight_share``: a deal open when its rep adopted counts as treated when at least this
      share of its open life came after adoption; below it the deal is left out (why:
      ``impact/deals.py``).
    - ``no_effect_within``: for the win rate, an interval that includes zero and lies within
      ± this (a fraction: 0.05 is five points), once the adopters have had ``min_post_months``,
      reads "no effect detected": an effect worth having is ruled out.
    """

    window_months: int = 24
    min_adopters: int = 5
    min_cohort_size: int = 2
    min_post_months: int = 3
    control_group: ControlGroup = "not_yet_treated"
    metrics: tuple[ImpactMetric, ...] = ("win_rate", "bookings")
    confidence: float = 0.95
    draws: int = 999
    seed: int = 0
    pretrend_alpha: float = 0.05
    event_window: int = 12
    estimator: Estimator = "imputation"
    in_flight_share: float = 0.5
    no_effect_within: float = 0.05

    def __post_init__(self) -> None:
        if self.window_months < 3:
            raise ValueError("window_months must be at least 3")
        if self.min_adopters < 1:
            raise ValueError("min_adopters must be at least 1")
        if self.min_cohort_size < 1:
            raise ValueError("min_cohort_size must be at least 1")
        if self.min_post_months < 1:
            raise ValueError("min_post_months must be at least 1")
        if self.control_group not in CONTROL_GROUPS:
            raise ValueError(f"control_group must be one of {CONTROL_GROUPS}")
        unknown = [m for m in self.metrics if m not in IMPACT_METRICS]
        if unknown or not self.metrics:
            raise ValueError(f"metrics must be some of {IMPACT_METRICS}, not {self.metrics!r}")
        if not 0 < self.pretrend_alpha < 1:
            raise ValueError("pretrend_alpha must be between 0 and 1")
        if self.estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be one of {ESTIMATORS}")
        if not 0 < self.in_flight_share <= 1:
            raise ValueError("in_flight_share must be more than 0 and at most 1")
        if not 0 < self.no_effect_within < 1:
            raise ValueError("no_effect_within must be between 0 and 1")
        if self.event_window < 1:
            raise ValueError("event_window must be at least 1")
        self.inference()  # checks confidence and draws

    @property
    def method(self) -> str:
        """The document-level method name: ``imputation`` or ``callaway_santanna_<control>``."""
        if self.estimator == "imputation":
            return "imputation"
        return f"callaway_santanna_{self.control_group}"

    def inference(self) -> Inference:
        return Inference(draws=self.draws, seed=self.seed, confidence=self.confidence)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["metrics"] = list(self.metrics)
        return data
