"""Did adopting it work? One staggered difference-in-differences estimate per treatment and metric.

A *treatment* is any dated event per rep: adopting a practice, starting a coaching programme.
For each treatment, reps are grouped into cohorts by the month they were treated (the adoption
month is the first treated month: deals closed later that month count as "after", which dilutes
the first month's effect a little but keeps the month before — the base of every comparison —
untouched). Each cohort is compared with reps not (yet) treated, month by month, with
:func:`uplift.analytics.stats.att_gt` (Callaway & Sant'Anna 2021; the ratio version of
:mod:`.ratio` for the win rate), and the group-time effects are averaged into one effect with
:func:`uplift.analytics.stats.aggregate` ("simple") and an event study ("dynamic"). Small
cohorts (a few reps adopting in the same month) are handled as :mod:`.inference` explains.

Several treatments: each is estimated on its own. A rep who adopted practice B but not A is a
comparison rep for A (not yet treated with A), so B's effect is part of the comparison trend.
That is unbiased for A when adopting B does not go with adopting A at the same time; when
practices are adopted together (a programme rolling out several at once), their effects cannot
be told apart and each estimate carries some of the others'. ``AdopterCounts.also_other`` says
how many adopters of A also adopted something else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from ibis.backends import BaseBackend

from uplift.analytics.impact.config import ImpactConfig, ImpactMetric
from uplift.analytics.impact.deals import DealCells, deal_cells
from uplift.analytics.impact.imputed import (
    Observations,
    deal_observations,
    impute,
    panel_observations,
)
from uplift.analytics.impact.inference import (
    PreTrendCheck,
    merge_small_cohorts,
    pre_trend_check,
    with_small_sample_correction,
)
from uplift.analytics.impact.panel import (
    IntArray,
    RepKey,
    RepMonthPanel,
    impact_window,
    rep_month_panel,
)
from uplift.analytics.impact.ratio import ratio_att_gt
from uplift.analytics.impact.results import (
    AdopterCounts,
    EventStudyPoint,
    ImpactAnalysis,
    NotEstimated,
    SampleSizes,
    TreatmentImpact,
    reading_for,
)
from uplift.analytics.metrics.asof import default_as_of
from uplift.analytics.metrics.tables import CrmTables, crm_tables
from uplift.analytics.stats import GroupTimeResult, aggregate, att_gt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TreatmentEvent:
    """Rep ``rep`` received ``treatment`` (e.g. a practice's title) on ``on``."""

    rep: RepKey
    treatment: str
    on: date


EventInput = TreatmentEvent | tuple[RepKey, str, date]

NOTES = (
    (
        "Effects are causal only under parallel trends: without adopting, adopters' results "
        "would have moved like the comparison reps'. Check the pre-trend test and the event "
        "study's points before adoption."
    ),
    (
        "Each practice is estimated on its own; reps who adopted other practices remain in the "
        "comparison group, so practices adopted together share each other's effects."
    ),
    (
        "The win rate compares won deals per closed deal over groups of reps (deal-weighted), "
        "so months without closed deals add nothing rather than a made-up rate."
    ),
)


@dataclass(frozen=True)
class _Cohorts:
    adopted: IntArray  # per panel rep: the adoption month's period, 0 = not in the window
    groups: IntArray  # the cohort: ``adopted`` after merging small months, 0 = not treated
    keep: BoolArray  # reps in the estimate (all but those treated by the panel's first month)
    counts: AdopterCounts


def _first_dates(events: Iterable[EventInput]) -> dict[str, dict[RepKey, date]]:
    """Each treatment's reps with their earliest date (a repeated record counts once)."""
    found: dict[str, dict[RepKey, date]] = defaultdict(dict)
    for event in events:
        rep, treatment, on = (
            (event.rep, event.treatment, event.on) if isinstance(event, TreatmentEvent) else event
        )
        known = found[treatment].get(rep)
        if known is None or on < known:
            found[treatment][rep] = on
    return found


def _cohorts(
    panel: RepMonthPanel, treated: dict[RepKey, date], others: set[RepKey], min_size: int
) -> _Cohorts:
    index = {rep: i for i, rep in enumerate(panel.reps)}
    n_months = len(panel.months)
    adopted = np.zeros(len(panel.reps), dtype=np.int64)
    keep = np.ones(len(panel.reps), dtype=bool)
    outside = before = after = also_other = 0
    for rep, on in treated.items():
        if rep not in index:
            outside += 1
            continue
        period = panel.period_of(on)
        if period <= 1:
            keep[index[rep]] = False
            before += 1
        elif period > n_months:
            after += 1
        else:
            adopted[index[rep]] = period
            also_other += rep in others
    counts = AdopterCounts(
        recorded=len(treated),
        outside_panel=outside,
        before_window=before,
        after_window=after,
        in_estimate=int(np.sum(adopted > 0)),
        also_other=also_other,
    )
    groups = merge_small_cohorts(adopted, min_size)
    return _Cohorts(adopted=adopted, groups=groups, keep=keep, counts=counts)


def _outcome(panel: RepMonthPanel, metric: ImpactMetric) -> FloatArray:
    if metric == "bookings":
        return panel.bookings_cents.astype(np.float64) / 100.0
    columns = {
        "deals_closed": panel.deals_closed,
        "deals_won": panel.deals_won,
        "activities": panel.activities,
    }
    return columns[metric].astype(np.float64)


def _group_time(
    panel: RepMonthPanel, cohorts: _Cohorts, metric: ImpactMetric, config: ImpactConfig
) -> GroupTimeResult:
    keep = cohorts.keep
    units = np.flatnonzero(keep)
    groups = cohorts.groups[keep]
    if metric == "win_rate":
        result = ratio_att_gt(
            unit_ids=units,
            numerator=panel.deals_won[keep],
            denominator=panel.deals_closed[keep],
            first_treated=groups,
            control_group=config.control_group,
            inference=config.inference(),
        )
    else:
        values = _outcome(panel, metric)[keep]
        n_units, n_months = values.shape
        result = att_gt(
            unit=np.repeat(units, n_months),
            period=np.tile(panel.periods, n_units),
            outcome=values.ravel(),
            first_treated=np.repeat(groups, n_months),
            control_group=config.control_group,
            inference=config.inference(),
        )
    return with_small_sample_correction(result)


def _comparison_reps(result: GroupTimeResult) -> int:
    """Reps serving as a comparison in at least one post-treatment cell."""
    groups = result.unit_groups
    used = np.zeros(len(groups), dtype=bool)
    for cell in result.cells:
        if not cell.post:
            continue
        if result.control_group == "never_treated":
            used |= groups == 0
        else:
            used |= (groups == 0) | ((groups > cell.period) & (groups != cell.group))
    return int(used.sum())


def _estimate(
    panel: RepMonthPanel,
    treatment: str,
    cohorts: _Cohorts,
    metric: ImpactMetric,
    config: ImpactConfig,
) -> TreatmentImpact:
    result = _group_time(panel, cohorts, metric, config)
    simple = aggregate(result, "simple")
    dynamic = aggregate(
        result, "dynamic", min_event=-config.event_window, max_event=config.event_window
    )
    groups = result.unit_groups
    adopted = cohorts.adopted[cohorts.keep]
    n_months = len(panel.months)
    follow_up = n_months - adopted[adopted > 0] + 1
    sizes = SampleSizes(
        adopters=int(np.sum(groups > 0)),
        comparison_reps=_comparison_reps(result),
        never_adopted=int(np.sum(groups == 0)),
        rep_months=len(groups) * n_months,
        cohorts=len(np.unique(groups[groups > 0])),
        median_post_months=float(np.median(follow_up)),
        counted_early=int(np.sum(groups[groups > 0] < adopted[groups > 0])),
    )
    pretrend = pre_trend_check(result, config.event_window)
    return TreatmentImpact(
        treatment=treatment,
        metric=metric,
        control_group=config.control_group,
        att=simple.estimate,
        se=simple.se,
        ci_low=simple.ci_low,
        ci_high=simple.ci_high,
        confidence=simple.confidence,
        event_study=tuple(
            EventStudyPoint(e.key, e.estimate, e.ci_low, e.ci_high, e.band_low, e.band_high)
            for e in dynamic.elements
        ),
        sizes=sizes,
        pretrend=pretrend,
        reading=reading_for(
            ci_low=simple.ci_low,
            ci_high=simple.ci_high,
            pretrend=pretrend,
            median_post_months=sizes.median_post_months,
            config=config,
            metric=metric,
        ),
    )


DealSource = Callable[[Mapping[RepKey, date]], DealCells]


def _observations(
    panel: RepMonthPanel,
    cohorts: _Cohorts,
    metric: ImpactMetric,
    cells: DealCells | None,
) -> tuple[Observations, str]:
    if metric == "win_rate" and cells is not None:
        obs = deal_observations(cells, cohorts.adopted)
        keep = cohorts.keep[obs.rep]
        return (
            Observations(
                rep=obs.rep[keep],
                month=obs.month[keep],
                outcome=obs.outcome[keep],
                count=obs.count[keep],
                treated=obs.treated[keep],
                adopted=obs.adopted[keep],
            ),
            "deal_created",
        )
    exposure = "rep_month_closed" if metric == "win_rate" else "rep_month"
    return panel_observations(panel, cohorts.adopted, cohorts.keep, metric), exposure


def _estimate_imputed(  # noqa: PLR0917 - the same six facts as _estimate, plus the deals
    panel: RepMonthPanel,
    treatment: str,
    cohorts: _Cohorts,
    metric: ImpactMetric,
    config: ImpactConfig,
    cells: DealCells | None,
) -> TreatmentImpact:
    obs, exposure = _observations(panel, cohorts, metric, cells)
    imputed = impute(obs, config, exposure)
    result = imputed.result
    adopted = cohorts.adopted[cohorts.keep]
    in_window = adopted[adopted > 0]
    follow_up = len(panel.months) - in_window + 1
    sizes = SampleSizes(
        adopters=imputed.adopters,
        # every rep whose untreated observations fit the "without" model: never or later
        # adopters, and adopters before they adopted (the not-yet-treated, as in CS)
        comparison_reps=int(np.unique(obs.rep[~obs.treated]).size),
        never_adopted=int(np.sum(adopted == 0)),
        rep_months=int(cohorts.keep.sum()) * len(panel.months),
        cohorts=len(np.unique(in_window)),
        median_post_months=float(np.median(follow_up)) if follow_up.size else 0.0,
        counted_early=0,
    )
    drift = imputed.drift
    pretrend = (
        None
        if drift is None
        else PreTrendCheck(drift.drift, drift.se, drift.p_value, drift.observations)
    )
    return TreatmentImpact(
        treatment=treatment,
        metric=metric,
        control_group=config.control_group,
        att=result.estimate,
        se=result.se,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        confidence=result.confidence,
        event_study=imputed.event_study,
        sizes=sizes,
        pretrend=pretrend,
        reading=reading_for(
            ci_low=result.ci_low,
            ci_high=result.ci_high,
            pretrend=pretrend,
            median_post_months=sizes.median_post_months,
            config=config,
            metric=metric,
        ),
        estimator="imputation",
        exposure=exposure,
    )


def estimate_impact(
    panel: RepMonthPanel,
    events: Sequence[EventInput],
    *,
    config: ImpactConfig | None = None,
    deals: DealSource | None = None,
) -> ImpactAnalysis:
    """Estimate every treatment in ``events`` on every metric of ``config``.

    ``events`` are ``TreatmentEvent``s or ``((source, rep_id), treatment, date)`` tuples; a rep's
    earliest date per treatment counts. Treatments with fewer than ``config.min_adopters``
    adopters that can enter the estimate are returned in ``not_estimated`` with the reason, as
    are metrics that cannot be estimated (e.g. no comparison reps).

    ``deals`` gives one treatment's deal counts by exposure (:func:`.deals.deal_cells`) for the
    deal-level win rate of the imputation estimator; without it the win rate runs on the panel's
    closed deals by close month.
    """
    settings = config or ImpactConfig()
    by_treatment = _first_dates(events)
    reps_with: dict[RepKey, set[str]] = defaultdict(set)
    for treatment, reps in by_treatment.items():
        for rep in reps:
            reps_with[rep].add(treatment)
    estimates: list[TreatmentImpact] = []
    skipped: list[NotEstimated] = []
    counts: dict[str, AdopterCounts] = {}
    for treatment in sorted(by_treatment, key=str.casefold):
        others = {rep for rep, names in reps_with.items() if names - {treatment}}
        cohorts = _cohorts(panel, by_treatment[treatment], others, settings.min_cohort_size)
        counts[treatment] = cohorts.counts
        adopters = cohorts.counts.in_estimate
        if adopters < settings.min_adopters:
            skipped.append(
                NotEstimated(
                    treatment,
                    adopters,
                    f"{adopters} adopter(s) in the panel with a month before adopting; "
                    f"at least {settings.min_adopters} are needed",
                )
            )
            continue
        imputation = settings.estimator == "imputation"
        cells = (
            deals(by_treatment[treatment])
            if imputation and deals is not None and "win_rate" in settings.metrics
            else None
        )
        for metric in settings.metrics:
            try:
                if imputation:
                    estimates.append(
                        _estimate_imputed(panel, treatment, cohorts, metric, settings, cells)
                    )
                else:
                    estimates.append(_estimate(panel, treatment, cohorts, metric, settings))
            except ValueError as exc:
                skipped.append(NotEstimated(treatment, adopters, f"{metric}: {exc}"))
    return ImpactAnalysis(
        window=panel.window,
        months=len(panel.months),
        panel_reps=len(panel.reps),
        excluded_reps=panel.excluded_reps,
        config=settings,
        estimates=tuple(estimates),
        not_estimated=tuple(skipped),
        adopters=counts,
        notes=NOTES,
    )


def analyse_impact(
    con: BaseBackend | CrmTables,
    events: Sequence[EventInput],
    *,
    as_of: date | None = None,
    config: ImpactConfig | None = None,
) -> ImpactAnalysis:
    """Build the rep-month panel in the engine (:mod:`.panel`) and estimate every treatment.

    ``as_of`` defaults to the end of the last full month with data.
    """
    settings = config or ImpactConfig()
    tables = con if isinstance(con, CrmTables) else crm_tables(con)
    day = as_of or default_as_of(tables)
    window = impact_window(tables, day, settings.window_months)
    panel = rep_month_panel(tables, window)

    def cells(adopted: Mapping[RepKey, date]) -> DealCells:
        return deal_cells(
            tables, window, panel.reps, adopted, in_flight_share=settings.in_flight_share
        )

    return estimate_impact(panel, events, config=settings, deals=cells)
