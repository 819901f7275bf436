"""The lenses a rep's performance can be judged by, each with a fair baseline and a posterior.

- ``attainment``: bookings / prorated quota, against the organisation's attainment; posterior:
  wins against the quota's share of wins, times deal size against the organisation's.
- ``bookings``: won amounts, against an average rep with the same selling time on the same mix;
  posterior: wins against that rep's, times deal size against the mix's typical deal.
- ``win_rate``: wins / closed deals, against the organisation's rates on the same deals.
- ``avg_deal``: bookings / wins, against the typical won deal on the same mix (log amounts).
- ``volume``: closed deals per month, against an average rep's deal flow on the same mix.

Counts (wins, closed deals) get Poisson-gamma empirical Bayes, deal sizes normal empirical Bayes
on log amounts; bookings and attainment are the product of the two, the model actuaries use for
sums of money (how many x how big), so a rep is judged on how many deals they win and how large
those are typically, and one outsized deal counts without deciding everything. The priors are
fitted to the ranked reps only. See ``docs/adr/0007-stars-by-results.md`` for the alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from uplift.analytics.performance.adjust import FloatArray, RepResults
from uplift.analytics.performance.posterior import (
    GammaPart,
    IntArray,
    LogPosterior,
    NormalPart,
)
from uplift.analytics.stats.counts import gamma_posteriors
from uplift.analytics.stats.shrinkage import normal_shrinkage

LensName = Literal["attainment", "bookings", "win_rate", "avg_deal", "volume"]
LENS_NAMES: tuple[LensName, ...] = ("attainment", "bookings", "win_rate", "avg_deal", "volume")
RawUnit = Literal["fraction", "currency", "per_month"]


@dataclass(frozen=True)
class LensSpec:
    name: LensName
    label: str
    unit: RawUnit
    noun: str  # what a star on this lens does more of, in a sentence


LENS_SPECS: dict[LensName, LensSpec] = {
    "attainment": LensSpec("attainment", "Quota attainment", "fraction", "attain"),
    "bookings": LensSpec("bookings", "Bookings", "currency", "book"),
    "win_rate": LensSpec("win_rate", "Win rate", "fraction", "win"),
    "avg_deal": LensSpec("avg_deal", "Average won deal", "currency", "sell"),
    "volume": LensSpec("volume", "Deal volume", "per_month", "close"),
}


@dataclass(frozen=True)
class Lens:
    """One lens over the reps in ``idx`` (positions in the :class:`RepResults`).

    ``raw`` is the rep's own value (cents for money), ``expected`` the baseline in the same
    unit, ``index`` raw / expected, and ``posterior`` the log index's posterior."""

    spec: LensSpec
    idx: IntArray
    raw: FloatArray
    expected: FloatArray
    index: FloatArray
    posterior: LogPosterior


def _size_part(results: RepResults, idx: IntArray, *, organisation_wide: bool) -> NormalPart:
    """How much larger (or smaller) the rep's won deals are than expected on their mix, on the
    log scale, shrunk by normal empirical Bayes with each rep's own sampling variance.

    Deal sizes are compared on two scales, and the one that tells reps apart more reliably is
    used: the typical deal (mean log amount), efficient when every rep's deals spread alike, and
    the average deal (what bookings add up), which sees a rep who wins more of the expensive
    products when many products at very different prices make the typical deal say little. On
    either, a few deals, or one outsized deal among them, say little."""
    with np.errstate(divide="ignore"):  # a rep with no sized deal: infinite noise, not used
        log_noise = results.log_size_var / results.sized
    if organisation_wide:
        log_scale = (results.log_size_shift_org, log_noise)
        average = (results.size_shift_org, results.size_variance_org)
    else:
        log_scale = (results.log_size_shift, log_noise)
        average = (results.size_shift, results.size_variance)
    sized = results.sized[idx] > 0
    spread = float(np.sqrt(results.log_size_var))
    fits = [
        _size_fit(shift[idx], noise[idx], sized, fallback_sd=spread)
        for shift, noise in (log_scale, average)
    ]
    chosen = max(fits, key=lambda fit: fit[2])  # the first (typical deal) when neither separates
    return NormalPart(chosen[0], chosen[1])


def _size_fit(
    observed: FloatArray,
    variance: FloatArray,
    sized: npt.NDArray[np.bool_],
    *,
    fallback_sd: float,
) -> tuple[FloatArray, FloatArray, float]:
    """Posterior means and sds on one scale, and its reliability: the share of the spread
    between reps' estimates that is not sampling noise (0 when none is)."""
    with np.errstate(invalid="ignore"):
        has = sized & np.isfinite(observed) & np.isfinite(variance) & (variance > 0)
    mean = np.zeros(len(observed))
    if int(has.sum()) < 3:
        sd = np.where(has, np.sqrt(np.where(has, variance, 1.0)), fallback_sd)
        mean[has] = observed[has]
        return mean, sd, 0.0
    fitted = normal_shrinkage(observed[has], variance[has])
    sd = np.full(len(observed), np.sqrt(fitted.prior_variance + 1e-12))
    mean[has], sd[has] = fitted.posterior_mean, fitted.posterior_sd
    mean[~has] = fitted.prior_mean
    typical_noise = float(np.median(variance[has]))
    return mean, sd, fitted.prior_variance / (fitted.prior_variance + typical_noise)


def _count_part(
    counts: FloatArray, expected: FloatArray, dispersion: FloatArray | float = 1.0
) -> GammaPart:
    safe = np.maximum(expected, 1e-9)
    return GammaPart.of(gamma_posteriors(counts, safe, dispersion=dispersion))


def _lens(
    name: LensName,
    idx: IntArray,
    raw: FloatArray,
    expected: FloatArray,
    posterior: LogPosterior,
) -> Lens:
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(expected > 0, raw / expected, np.nan)
    return Lens(LENS_SPECS[name], idx, raw, expected, index, posterior)


def bookings_lens(results: RepResults, idx: IntArray, size: NormalPart | None = None) -> Lens:
    """``size`` is the deal-size part over ``idx`` when already fitted (it is shared with the
    average-deal lens)."""
    wins = _count_part(results.wins[idx], results.expected_wins_time[idx])
    size = size or _size_part(results, idx, organisation_wide=False)
    posterior = LogPosterior(((1.0, wins), (1.0, size)))
    return _lens(
        "bookings",
        idx,
        results.bookings_cents[idx],
        results.expected_bookings_cents[idx],
        posterior,
    )


def attainment_lens(results: RepResults, idx: IntArray) -> Lens | None:
    """Reps with a quota in ``idx`` only; None when fewer than five have one."""
    quota = results.quota_cents[idx]
    with_quota = idx[np.isfinite(quota) & (quota > 0)]
    if len(with_quota) < 5:
        return None
    q = results.quota_cents[with_quota]
    booked = results.bookings_cents[with_quota]
    attainment = float(booked.sum() / q.sum())
    wins_per_quota = float(results.wins[with_quota].sum() / q.sum())
    wins = _count_part(results.wins[with_quota], q * wins_per_quota)
    size = _size_part(results, with_quota, organisation_wide=True)
    posterior = LogPosterior(((1.0, wins), (1.0, size)))
    raw = booked / q
    return _lens("attainment", with_quota, raw, np.full(len(q), attainment), posterior)


def win_rate_lens(results: RepResults, idx: IntArray) -> Lens:
    # Wins out of known closed deals are binomial: variance n p (1 - p), below Poisson's n p.
    dispersion = np.clip(results.win_variance[idx] / results.expected_wins[idx], 0.05, 1.0)
    part = _count_part(results.wins[idx], results.expected_wins[idx], dispersion)
    closed = results.closed[idx]
    return _lens(
        "win_rate",
        idx,
        results.wins[idx] / closed,
        results.expected_wins[idx] / closed,
        LogPosterior(((1.0, part),)),
    )


def avg_deal_lens(results: RepResults, idx: IntArray, size: NormalPart | None = None) -> Lens:
    size = size or _size_part(results, idx, organisation_wide=False)
    wins = results.wins[idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(wins > 0, results.bookings_cents[idx] / wins, np.nan)
        typical = np.where(
            results.expected_wins[idx] > 0,
            results.deal_value_cents[idx] / results.expected_wins[idx],
            np.nan,
        )
    return _lens("avg_deal", idx, raw, typical, LogPosterior(((1.0, size),)))


def volume_lens(results: RepResults, idx: IntArray) -> Lens:
    closed = results.closed[idx]
    months = results.exposure[idx]
    expected = closed * months / np.maximum(results.work_months[idx], 1e-9)
    part = _count_part(closed, expected)
    return _lens("volume", idx, closed / months, expected / months, LogPosterior(((1.0, part),)))


def all_lenses(results: RepResults, idx: IntArray) -> dict[LensName, Lens]:
    """Every lens the data allow over the reps in ``idx`` (attainment only with quotas)."""
    lenses: dict[LensName, Lens] = {}
    attainment = attainment_lens(results, idx)
    if attainment is not None:
        lenses["attainment"] = attainment
    size = _size_part(results, idx, organisation_wide=False)
    lenses["bookings"] = bookings_lens(results, idx, size)
    lenses["win_rate"] = win_rate_lens(results, idx)
    lenses["avg_deal"] = avg_deal_lens(results, idx, size)
    lenses["volume"] = volume_lens(results, idx)
    return lenses


def composite_posterior(
    lenses: dict[LensName, Lens], weights: tuple[tuple[str, float], ...], idx: IntArray
) -> LogPosterior:
    """Σ w_k log index_k over the reps in ``idx`` (every lens must cover them)."""
    total = sum(w for _, w in weights)
    combined: LogPosterior | None = None
    for name, weight in weights:
        lens = lenses[name]  # type: ignore[index]
        where = {int(i): j for j, i in enumerate(lens.idx)}
        part = lens.posterior.take(np.asarray([where[int(i)] for i in idx], dtype=np.intp))
        scaled = part.scaled(weight / total)
        combined = scaled if combined is None else combined.plus(scaled)
    if combined is None:
        raise ValueError("a composite needs at least one weighted lens")
    return combined
