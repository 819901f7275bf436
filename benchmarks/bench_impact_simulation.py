"""Which impact estimator should be the default? Simulated organisations decide.

For each scenario, ``--runs`` organisations (50 by default) are drawn with
:mod:`benchmarks.impact_simulator` (independent of `uplift generate`) and each is estimated by
the product's own code (:func:`uplift.analytics.impact.estimate_impact`, win rate) with:

- ``imputation (deals)``: the default — Borusyak, Jaravel & Spiess on deals by creation month;
- ``imputation (rep-months)``: the same estimator on deals by close month, rep-month cells;
- ``Callaway & Sant'Anna``: the previous default (rep-month ratio ATT(g,t), not-yet-treated,
  small-cohort corrections, 199 bootstrap draws).

Reported per scenario and estimator: bias (mean estimate minus the planted effect on the
treated deals, points), coverage of the planted effect by the 95% interval, power (share of
intervals excluding zero; for the placebo, the false-positive rate), mean interval width, the
share of runs whose pre-trend check rejected, and the share read "likely positive".

    .venv/bin/python -m benchmarks.bench_impact_simulation [--runs 50] [--record]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np

from benchmarks.impact_simulator import Scenario, simulate
from uplift.analytics.impact import ImpactConfig, estimate_impact
from uplift.analytics.impact.config import Estimator

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


VARIANTS = (
    Variant("imputation (deals)", "imputation", deals=True),
    Variant("imputation (rep-months)", "imputation", deals=False),
    Variant("Callaway & Sant'Anna", "callaway_santanna", deals=False),
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
            )
        )
    a = np.asarray(rows, dtype=float)
    keys = ("bias", "coverage", "power", "width", "flagged", "positive", "planted")
    return dict(zip(keys, a.mean(axis=0), strict=True))


def table(results: dict[tuple[str, str], dict[str, float]], runs: int) -> str:
    lines = [
        (
            f"{runs} simulated organisations per scenario (64 reps, 6 deals per rep and month, "
            "median cycle 45 days); win rate in points."
        ),
        "",
        (
            "| scenario | estimator | planted | bias | coverage | power / false positives | "
            "width | pre-trend flagged | read 'likely positive' |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (scenario, variant), r in results.items():
        lines.append(
            f"| {scenario} | {variant} | {r['planted'] * 100:+.1f} | {r['bias'] * 100:+.2f} | "
            f"{r['coverage']:.0%} | {r['power']:.0%} | {r['width'] * 100:.1f} | "
            f"{r['flagged']:.0%} | {r['positive']:.0%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    results: dict[tuple[str, str], dict[str, float]] = {}
    for scenario in SCENARIOS:
        for variant in VARIANTS:
            results[scenario.name, variant.label] = run(scenario, variant, args.runs, args.seed)
            print(scenario.name, variant.label, results[scenario.name, variant.label], flush=True)
    body = table(results, args.runs)
    body += f"\n\nWhole run: {time.perf_counter() - started:.0f} s."
    print(body)
    if args.record:
        from benchmarks.record import record

        record("impact-simulation", "Impact estimators on simulated organisations", body)


if __name__ == "__main__":
    main()
