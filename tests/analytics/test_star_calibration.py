"""Calibration: reps given P(star) = p are true stars about p of the time.

Many small organisations are simulated the way real books look: selling time from a few months
to a full year, deal flow that differs up to fourfold, win rates of 20-40 %, skewed deal sizes,
each rep's true volume, conversion and deal size drawn independently. A true star is in the top
20 % by the bookings they would make per month of selling time (volume x win rate x typical
deal), which is what the bookings ranking estimates. The reliability table groups reps by their
P(star) and compares the mean P(star) with the share of true stars in each group; docs/stars.md
shows it.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pyarrow as pa

from uplift.analytics.metrics import trailing_window
from uplift.analytics.performance import PerformanceConfig
from uplift.analytics.performance.adjust import rep_results
from uplift.analytics.performance.analyse import metric_definition
from uplift.analytics.performance.results import RepIdentity
from uplift.analytics.performance.stars import rank_reps

WINDOW = trailing_window(date(2026, 10, 31))
BINS = ((0.0, 0.1), (0.1, 0.3), (0.3, 0.7), (0.7, 0.9), (0.9, 1.0001))


def organisation(rng: np.random.Generator, reps: int) -> tuple[pa.Table, dict, np.ndarray]:
    months = np.where(rng.random(reps) < 0.8, 12.0, rng.uniform(3, 12, reps))
    volume = rng.lognormal(0, 0.35, reps)
    win = np.clip(0.3 * rng.lognormal(0, 0.2, reps), 0.02, 0.95)
    size = rng.lognormal(0, 0.3, reps)
    closed = rng.poisson(6.0 * volume * months)
    won = rng.binomial(closed, win)
    rows: dict[str, list] = {
        k: []
        for k in (
            "source",
            "rep_id",
            "cell",
            "deals_closed",
            "deals_won",
            "bookings_cents",
            "bookings_squares",
            "won_with_amount",
            "log_amount_sum",
            "log_amount_squares",
        )
    }
    for i in range(reps):
        amounts = np.round(rng.lognormal(math.log(500_000) + math.log(size[i]), 0.8, won[i]))
        logs = np.log(amounts)
        for key, value in (
            ("source", "sf"),
            ("rep_id", f"r{i:03d}"),
            ("cell", "Unknown"),
            ("deals_closed", int(closed[i])),
            ("deals_won", int(won[i])),
            ("bookings_cents", int(amounts.sum())),
            ("bookings_squares", float((amounts**2).sum())),
            ("won_with_amount", int(won[i])),
            ("log_amount_sum", float(logs.sum())),
            ("log_amount_squares", float((logs**2).sum())),
        ):
            rows[key].append(value)
    exposure = {("sf", f"r{i:03d}"): float(months[i]) for i in range(reps)}
    true_rate = volume * win * size  # bookings per month of selling time, up to a constant
    return pa.table(rows), exposure, true_rate


def reliability(orgs: int = 30, reps: int = 60, seed: int = 11) -> list[tuple[float, float, int]]:
    """(mean P(star), share of true stars, reps) per P(star) bin, over simulated organisations."""
    rng = np.random.default_rng(seed)
    config = PerformanceConfig(primary_metric="bookings", min_closed_deals=1, draws=1000)
    definition = metric_definition(config, 0.0, "run")
    p_all: list[float] = []
    star_all: list[bool] = []
    for _ in range(orgs):
        table, exposure, true_rate = organisation(rng, reps)
        results = rep_results(table, exposure=exposure)
        people = {
            key: RepIdentity(key[0], key[1], None, key[1], "T", None, True) for key in results.keys
        }
        segments = rank_reps(
            results,
            people,
            config,
            metric="bookings",
            definition=definition,
            as_of=WINDOW.end,
            window=WINDOW,
            currency="USD",
            tenure={},
            cycle_days={},
        )
        cut = np.sort(true_rate)[-segments.bands.n_star]
        truth = {f"r{i:03d}": bool(true_rate[i] >= cut) for i in range(reps)}
        for rep in segments.reps:
            p_all.append(rep.p_star)
            star_all.append(truth[rep.rep.rep_id])
    p = np.asarray(p_all)
    star = np.asarray(star_all)
    table = []
    for low, high in BINS:
        inside = (p >= low) & (p < high)
        if inside.any():
            table.append((float(p[inside].mean()), float(star[inside].mean()), int(inside.sum())))
    return table


def test_star_probabilities_are_calibrated() -> None:
    table = reliability()
    for mean_p, share, count in table:
        # Binomial noise of the share at this count, plus a modest allowance for the model's
        # approximations (gamma for a log-normal spread, reps ranked within small organisations).
        allowed = 2.5 * math.sqrt(max(share * (1 - share), 0.02) / count) + 0.06
        assert abs(mean_p - share) <= allowed, (mean_p, share, count, table)
    assert table[0][0] < 0.05
    assert table[-1][0] > 0.9
