"""Which impact estimator should be the default? Simulated organisations decide.

For each scenario, organisations are drawn with :mod:`benchmarks.impact_simulator` (independent
of `uplift generate`) and each is estimated by the product's own code
(:func:`uplift.analytics.impact.estimate_impact`, win rate) with:

- ``imputation (deals)``: the default — Borusyak, Jaravel & Spiess on deals by creation month;
- ``imputation (rep-months)``: the same estimator on deals by close month, rep-month cells;
- ``Callaway & Sant'Anna``: the previous default (rep-month ratio ATT(g,t), not-yet-treated,
  small-cohort corrections, 199 bootstrap draws).

The two imputation variants take a few hundredths of a second per organisation and run on
``--runs`` organisations (500 by default): a coverage measured on 50 runs has a Monte Carlo
standard error of three points, too coarse to tell 95% from 100%. Callaway & Sant'Anna's
bootstrap costs about a second per organisation, so it runs on the first ``--slow-runs`` (50).
Every scenario uses the same seeds (common random numbers: differences between scenarios are
not noise between draws, but the scenarios' errors move together).

Reported per scenario and estimator: bias (mean estimate minus the planted effect on the
treated deals, points), coverage of the planted effect by the 95% interval, power (share of
intervals excluding zero; for the placebo, the false-positive rate), mean interval width, the
share of runs whose pre-trend check rejected, and the share read "likely positive". For the
imputation variants, the same estimates with the normal quantile (1.96 standard errors, the
quantile before the t one) give the baseline coverage and power beside them.

    .venv/bin/python -m benchmarks.bench_impact_simulation [--runs 500] [--slow-runs 50] [--record]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np

from benchmarks.impact_simulator import Scenario, simulate
from uplift.analytics.impact import ImpactConfig, estimate_impact
from uplift.analytics.impact.config import Estimator

NORMAL_95 = 1.959964  # the normal 97.5% quantile

SCENARIOS = (
    Scenario("20 adopters, +10, 18 months"),
    Scenario("40 adopters, +10, 18 months", adopters=40),
    Scenario("20 adopters, heterogeneous +10", shape="heterogeneous"),
    Scenario("20 adopters, growing to +15", shape="growing"),
    Scenario("20 adopters, placebo (0)", effect=0.0),
    Scenario("20 adopters, 24 months, +10", months=24),
    Scenario("selection: improving reps adopt (0)", effect=0.0, drift=0.015),
)


@dataclass(frozen=True)
class Variant:
    label: str
    estimator: Estimator
    deals: bool
    slow: bool = False  # run on --slow-runs organisations


VARIANTS = (
    Variant("imputation (deals)", "imputation", deals=True),
    Variant("imputation (rep-months)", "imputation", deals=False),
    Variant("Callaway & Sant'Anna", "callaway_santanna", deals=False, slow=True),
)


def run(scenario: Scenario, variant: Variant, runs: int, seed0: int) -> dict[str, float]:
    config = ImpactConfig(metrics=("win_rate",), estimator=variant.estimator, draws=199)
    rows = []
    for seed in range(seed0, seed0 + runs):
        org = simulate(scenario, seed)
        (estimate,) = estimate_impact(
            org.panel, org.events, config=config, deals=org.deals if variant.deals else None
        ).estimates
        rows.append(
            (
                estimate.att - org.planted,
                estimate.ci_low <= org.planted <= estimate.ci_high,
                estimate.ci_low > 0 or estimate.ci_high < 0,
                estimate.ci_high - estimate.ci_low,
                estimate.pretrend is not None and estimate.pretrend.p_value < 0.05,
                estimate.reading == "likely positive",
                org.planted,
                estimate.se,
                abs(estimate.att - org.planted) <= NORMAL_95 * estimate.se,
                abs(estimate.att) > NORMAL_95 * estimate.se,
            )
        )
    a = np.asarray(rows, dtype=float)
    keys = (
        "bias",
        "coverage",
        "power",
        "width",
        "flagged",
        "positive",
        "planted",
        "se",
        "coverage_normal",
        "power_normal",
    )
    summary = dict(zip(keys, a.mean(axis=0), strict=True))
    # the spread of the errors over the mean standard error: above 1, intervals too narrow
    summary["se_ratio"] = float(np.std(a[:, 0]) / summary["se"])
    summary["runs"] = float(runs)
    if variant.slow:  # bootstrap intervals: no normal-quantile baseline
        summary["coverage_normal"] = summary["power_normal"] = float("nan")
    return summary


def _share(value: float) -> str:
    return "—" if np.isnan(value) else f"{value:.1%}"


def table(results: dict[tuple[str, str], dict[str, float]]) -> str:
    lines = [
        (
            "Simulated organisations of 64 reps, 6 deals per rep and month, median cycle 45 days; "
            "win rate in points. A coverage or rate measured on n runs has a Monte Carlo "
            "standard error of about sqrt(p(1-p)/n): one point at 95% on 500 runs, three on 50."
        ),
        "",
        (
            "| scenario | estimator | runs | planted | bias | coverage | "
            "power / false positives | coverage, normal quantile | power, normal quantile | "
            "width | sd of errors / se | pre-trend flagged | read 'likely positive' |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (scenario, variant), r in results.items():
        lines.append(
            f"| {scenario} | {variant} | {r['runs']:.0f} | {r['planted'] * 100:+.1f} | "
            f"{r['bias'] * 100:+.2f} | {r['coverage']:.1%} | {r['power']:.1%} | "
            f"{_share(r['coverage_normal'])} | {_share(r['power_normal'])} | "
            f"{r['width'] * 100:.1f} | {r['se_ratio']:.2f} | {r['flagged']:.1%} | "
            f"{r['positive']:.1%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--slow-runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    results: dict[tuple[str, str], dict[str, float]] = {}
    for scenario in SCENARIOS:
        for variant in VARIANTS:
            runs = args.slow_runs if variant.slow else args.runs
            results[scenario.name, variant.label] = run(scenario, variant, runs, args.seed)
            print(scenario.name, variant.label, results[scenario.name, variant.label], flush=True)
    body = table(results)
    body += f"\n\nWhole run: {time.perf_counter() - started:.0f} s."
    print(body)
    if args.record:
        from benchmarks.record import record

        record("impact-simulation", "Impact estimators on simulated organisations", body)


if __name__ == "__main__":
    main()
