"""Fair star identification: mix-adjusted, shrunk for small samples, with probabilities.

1. **Mix adjustment** (:mod:`.adjust`): each rep's wins (or bookings) over what the organisation
   achieves on the same deal mix, the index O/E with its standard error.
2. **Shrinkage**: normal-normal empirical Bayes on the index
   (:func:`uplift.analytics.stats.rank_estimates`): each rep's true index is a draw from an
   organisation-wide normal whose mean and spread are fitted to all reps, and each observed index
   is pulled towards that mean in proportion to its noise. A rep with 8 closed deals and a
   stellar index is pulled most of the way back; one with 150 barely moves. We chose the normal
   model on the index over a beta-binomial on raw win rates because the expectation from the mix
   is built into the index, and because the same model works for bookings, which are not counts.
3. **Probabilities**: ``draws`` (4,000 by default) draws from the posteriors rank the reps each
   time; ``p_star`` is the share of draws in which a rep is in the top ``star_fraction``, and the
   rank interval the 5th to 95th percentile of their rank.
4. **Bands**, organisation-wide (never per team, so a small team may have no star or several):
   reps are ordered by their shrunk index (ties: more closed deals first, then CRM id); the top
   ``round_half_up(star_fraction * N)`` (at least one) are stars, the bottom
   ``round_half_up(tail_fraction * N)`` (at most the reps left) are the tail, the rest the core.

Only reps with at least ``min_closed_deals`` closed deals in the window are ranked; the others
are listed as excluded with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.adjust import FloatArray, MixAdjustment
from uplift.analytics.performance.config import PerformanceConfig
from uplift.analytics.performance.formatting import money, percent
from uplift.analytics.performance.results import (
    Band,
    BandRule,
    ExcludedRep,
    RepIdentity,
    RepSegment,
    Segments,
)
from uplift.analytics.stats import rank_estimates, top_count

MIN_RANKED_REPS = 5
RepKey = tuple[str, str]


class NotEnoughRepsError(ValueError):
    """Too few reps qualify for a ranking to mean anything."""


def band_sizes(n_ranked: int, star_fraction: float, tail_fraction: float) -> tuple[int, int, int]:
    """(stars, core, tail) for ``n_ranked`` reps: each band is its fraction of the reps rounded
    half up, at least one star, and the tail takes at most the reps the stars leave."""
    stars = top_count(n_ranked, star_fraction)
    tail = min(top_count(n_ranked, tail_fraction), n_ranked - stars)
    return stars, n_ranked - stars - tail, tail


def mix_phrase(cells: tuple[str, ...], shares: FloatArray) -> str:
    """``Enterprise-heavy mix (72% of deals)`` or ``mixed book (SMB 45%, Mid-Market 40%, …)``."""
    order = np.argsort(-shares, kind="stable")
    top = int(order[0])
    if shares[top] >= 0.5:
        return f"{cells[top]}-heavy mix ({percent(float(shares[top]))} of deals)"
    parts = [f"{cells[i]} {percent(float(shares[i]))}" for i in order[:3] if shares[i] > 0]
    return "mixed book (" + ", ".join(parts) + ")"


def _why(adj: MixAdjustment, i: int, ranked: _Ranked, currency: str) -> str:
    n = int(adj.closed[i])
    mix = mix_phrase(adj.cells, adj.shares[i])
    if adj.metric == "win_rate":
        result = (
            f"win rate {percent(adj.wins[i] / n)} on {n} closed deals vs "
            f"{percent(adj.expected[i] / n)} expected for their {mix}"
        )
    else:
        result = (
            f"bookings {money(adj.observed[i], currency)} on {n} closed deals vs "
            f"{money(adj.expected[i], currency)} expected for their {mix}"
        )
    return (
        f"{result}; {percent(ranked.p_star)} probability of top {percent(ranked.fraction)}; "
        f"rank {ranked.rank} of {ranked.of} (90% interval {ranked.low}-{ranked.high})"
    )


def _exclusions(
    adj: MixAdjustment, people: dict[RepKey, RepIdentity], window: Window, min_closed: int
) -> tuple[list[int], list[ExcludedRep]]:
    eligible: list[int] = []
    excluded: list[ExcludedRep] = []
    seen: set[RepKey] = set()
    span = f"between {window.start.isoformat()} and {window.end.isoformat()}"
    for i, key in enumerate(zip(adj.sources, adj.rep_ids, strict=True)):
        seen.add(key)
        closed = int(adj.closed[i])
        person = people.get(key)
        if person is None:
            unknown = RepIdentity(key[0], key[1], None, None, None, None, None)
            detail = "owns deals but is missing from the CRM's user export"
            excluded.append(ExcludedRep(unknown, "not_in_crm_users", detail, closed))
        elif closed < min_closed:
            detail = f"{closed} closed deals {span}; at least {min_closed} are needed"
            excluded.append(ExcludedRep(person, "too_few_closed_deals", detail, closed))
        elif not (adj.expected[i] > 0 and math.isfinite(adj.se[i]) and adj.se[i] > 0):
            detail = "the organisation wins nothing on this rep's deal mix, so no index"
            excluded.append(ExcludedRep(person, "nothing_expected", detail, closed))
        else:
            eligible.append(i)
    for key, person in people.items():
        if key not in seen:
            detail = f"no deal closed {span}"
            excluded.append(ExcludedRep(person, "no_closed_deals", detail, 0))
    excluded.sort(key=lambda e: (e.reason, e.rep.source, e.rep.rep_id))
    return eligible, excluded


def method_sentence(config: PerformanceConfig) -> str:
    metric = "wins" if config.primary_metric == "win_rate" else "bookings"
    return (
        f"Index = {metric} / {metric} expected at the organisation's rates for the same "
        f"{' and '.join(config.mix_by)} mix (1.0 = as expected); shrunk towards the "
        "organisation by normal empirical Bayes with the index's standard error; p_star and "
        f"rank intervals from {config.draws} posterior draws."
    )


@dataclass(frozen=True)
class _Ranked:
    rank: int
    low: int
    high: int
    of: int
    p_star: float
    fraction: float
    mean: float
    sd: float


def _segment(
    adj: MixAdjustment, i: int, *, person: RepIdentity, band: Band, place: _Ranked, currency: str
) -> RepSegment:
    scale = 1 / float(adj.closed[i]) if adj.metric == "win_rate" else 1 / 100
    mix = zip(adj.cells, adj.shares[i], strict=True)
    return RepSegment(
        rep=person,
        segment=band,
        p_star=place.p_star,
        rank=place.rank,
        rank_low=place.low,
        rank_high=place.high,
        metric=adj.metric,
        raw=float(adj.observed[i] * scale),
        expected=float(adj.expected[i] * scale),
        adjusted_raw=float(adj.index[i]),
        adjusted=place.mean,
        adjusted_sd=place.sd,
        n=int(adj.closed[i]),
        wins=int(adj.wins[i]),
        bookings_cents=int(adj.bookings_cents[i]),
        mix=tuple((cell, round(float(share), 4)) for cell, share in mix if share > 0),
        why=_why(adj, i, place, currency),
    )


def rank_reps(
    adj: MixAdjustment,
    people: dict[RepKey, RepIdentity],
    config: PerformanceConfig,
    *,
    as_of: date,
    window: Window,
    currency: str,
) -> Segments:
    """Rank the eligible reps of ``adj`` and cut them into bands (see the module docstring)."""
    eligible, excluded = _exclusions(adj, people, window, config.min_closed_deals)
    k = len(eligible)
    if k < MIN_RANKED_REPS:
        raise NotEnoughRepsError(
            f"only {k} reps have at least {config.min_closed_deals} closed deals between "
            f"{window.start} and {window.end}; ranking needs {MIN_RANKED_REPS}"
        )
    idx = np.asarray(eligible)
    ranked = rank_estimates(
        adj.index[idx],
        adj.se[idx],
        fraction=config.star_fraction,
        draws=config.draws,
        seed=config.seed,
    )
    rep_ids = np.asarray([adj.rep_ids[i] for i in idx], dtype=object)
    order = np.lexsort((rep_ids, -adj.closed[idx], -ranked.posterior_mean))
    n_star, n_core, n_tail = band_sizes(k, config.star_fraction, config.tail_fraction)
    if n_core < 2:
        raise NotEnoughRepsError(
            f"{k} ranked reps leave {n_core} in the core with star_fraction "
            f"{config.star_fraction} and tail_fraction {config.tail_fraction}; the gap needs two"
        )
    reps: list[RepSegment] = []
    for position, j in enumerate(order):
        i = int(idx[j])
        band: Band = (
            "star" if position < n_star else "tail" if position >= n_star + n_core else "core"
        )
        place = _Ranked(
            rank=position + 1,
            low=int(ranked.rank_low[j]),
            high=int(ranked.rank_high[j]),
            of=k,
            p_star=float(ranked.p_top[j]),
            fraction=config.star_fraction,
            mean=float(ranked.posterior_mean[j]),
            sd=float(ranked.posterior_sd[j]),
        )
        person = people[(adj.sources[i], adj.rep_ids[i])]
        reps.append(_segment(adj, i, person=person, band=band, place=place, currency=currency))
    rule = (
        f"Organisation-wide bands over the {k} ranked reps, ordered by shrunk index (ties: more "
        f"closed deals first, then CRM id): stars are the top {percent(config.star_fraction)} "
        f"rounded half up (at least one) = {n_star}, the tail the bottom "
        f"{percent(config.tail_fraction)} rounded half up = {n_tail}, the core the other "
        f"{n_core}. Bands are not drawn per team: a small team may have no star or several."
    )
    bands = BandRule(config.star_fraction, config.tail_fraction, k, n_star, n_core, n_tail, rule)
    return Segments(
        as_of=as_of,
        window=window,
        metric=config.primary_metric,
        method=method_sentence(config),
        bands=bands,
        reps=tuple(reps),
        excluded=tuple(excluded),
    )
