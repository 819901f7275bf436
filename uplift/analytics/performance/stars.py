"""Fair star identification: by results, against a fair baseline, shrunk for noise, with
probabilities.

1. **The definition** (:mod:`.config`): quota attainment, bookings, win rate, average won deal
   or a weighted composite. By default attainment where quotas cover most of the ranked reps'
   selling time, bookings otherwise: what sales leaders rank people by.
2. **The baseline** (:mod:`.adjust`): what an average rep would have achieved with the same
   selling time (hire, leaving, ramp) on the same deal mix; the index is result / baseline.
3. **Shrinkage** (:mod:`.lenses`): counts by Poisson-gamma, deal sizes by normal empirical Bayes
   on log amounts, bookings as their product. A rep with 31 closed deals keeps most of the
   doubt; a rep with 1,300 is known well.
4. **Probabilities**: ``draws`` draws from the posteriors rank the reps each time; ``p_star`` is
   the share of draws in which a rep is in the top ``star_fraction``, and the rank interval the
   5th to 95th percentile of their rank.
5. **Bands**, organisation-wide (never per team, so a small team may have no star or several):
   reps are ordered by their shrunk index (ties: more closed deals first, then CRM id); the top
   ``round_half_up(star_fraction * N)`` (at least one) are stars, the bottom
   ``round_half_up(tail_fraction * N)`` (at most the reps left) are the tail, the rest the core.

Every ranked rep also gets their standing on every lens side by side, where their result comes
from (:mod:`.pattern`), and a sentence that says it all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.adjust import FloatArray, RepKey, RepResults
from uplift.analytics.performance.config import PerformanceConfig, PrimaryMetric
from uplift.analytics.performance.exposure import Exposure
from uplift.analytics.performance.formatting import money, percent
from uplift.analytics.performance.lenses import (
    Lens,
    LensName,
    all_lenses,
    composite_posterior,
)
from uplift.analytics.performance.pattern import WinPattern, win_patterns
from uplift.analytics.performance.posterior import IntArray, LogPosterior
from uplift.analytics.performance.results import (
    Band,
    BandRule,
    ExcludedRep,
    LensStanding,
    MetricDefinition,
    RepIdentity,
    RepSegment,
    Segments,
)
from uplift.analytics.stats import top_count
from uplift.analytics.stats.ranking import top_fraction_from_draws

MIN_RANKED_REPS = 5


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
    if len(cells) == 1:
        return "deals"
    if shares[top] >= 0.5:
        return f"{cells[top]}-heavy mix ({percent(float(shares[top]))} of deals)"
    parts = [f"{cells[i]} {percent(float(shares[i]))}" for i in order[:3] if shares[i] > 0]
    return "mixed book (" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class Eligibility:
    ranked: list[int]
    excluded: list[ExcludedRep]


def eligibility(
    results: RepResults,
    people: dict[RepKey, RepIdentity],
    window: Window,
    *,
    min_closed: int,
    need_quota: bool,
    tenure: dict[RepKey, Exposure] | None = None,
    min_months: float = 0.0,
) -> Eligibility:
    """Who can be ranked, and why the others are not. A rep who sold fewer than ``min_months``
    calendar months of the window is too new to compare: a few weeks against a ramp baseline
    say more about the ramp than about the rep."""
    eligible: list[int] = []
    excluded: list[ExcludedRep] = []
    seen: set[RepKey] = set()
    span = f"between {window.start.isoformat()} and {window.end.isoformat()}"
    for i, key in enumerate(results.keys):
        seen.add(key)
        closed = int(results.closed[i])
        person = people.get(key)
        quota = float(results.quota_cents[i])
        if person is None:
            unknown = RepIdentity(key[0], key[1], None, None, None, None, None)
            detail = "owns deals but is missing from the CRM's user export"
            excluded.append(ExcludedRep(unknown, "not_in_crm_users", detail, closed))
        elif closed < min_closed:
            detail = f"{closed} closed deals {span}; at least {min_closed} are needed"
            excluded.append(ExcludedRep(person, "too_few_closed_deals", detail, closed))
        elif (found := (tenure or {}).get(key)) and found.calendar_months < min_months:
            detail = (
                f"sold {found.calendar_months:.1f} months of the window (from "
                f"{found.start.isoformat()}); ranked from {min_months:g} months on"
            )
            excluded.append(ExcludedRep(person, "too_new", detail, closed))
        elif not results.expected_wins[i] > 0:
            detail = "the organisation wins nothing on this rep's deal mix, so no baseline"
            excluded.append(ExcludedRep(person, "nothing_expected", detail, closed))
        elif need_quota and not (math.isfinite(quota) and quota > 0):
            detail = f"no quota for the months they sold {span}"
            excluded.append(ExcludedRep(person, "no_quota", detail, closed))
        else:
            eligible.append(i)
    for key, person in people.items():
        if key not in seen:
            detail = f"no deal closed {span}"
            excluded.append(ExcludedRep(person, "no_closed_deals", detail, 0))
    excluded.sort(key=lambda e: (e.reason, e.rep.source, e.rep.rep_id))
    return Eligibility(eligible, excluded)


def method_sentence(metric: PrimaryMetric, config: PerformanceConfig) -> str:
    mix = " and ".join(config.mix_by)
    baselines = {
        "attainment": "bookings / quota prorated to the months each rep sold, against the "
        "organisation's attainment",
        "bookings": "bookings / what an average rep books in the same selling time (hire, "
        f"leaving, {config.ramp_months}-month ramp) on the same {mix} mix",
        "win_rate": f"wins / wins expected at the organisation's rates for the same {mix} mix",
        "avg_deal": f"average won deal / the organisation's on the same {mix} mix",
        "composite": "a weighted geometric mean of the lenses "
        + ", ".join(f"{name} {weight:g}" for name, weight in config.composite_weights),
    }
    return (
        f"Index = {baselines[metric]} (1.0 = as expected); counts shrunk by Poisson-gamma and "
        "deal sizes by normal empirical Bayes on log amounts, fitted to the ranked reps; p_star "
        f"and rank intervals from {config.draws} posterior draws."
    )


@dataclass(frozen=True)
class _Place:
    rank: int
    low: int
    high: int
    of: int
    p_star: float
    mean: float
    sd: float


def _display(lens: Lens, values: FloatArray) -> FloatArray:
    return values / 100 if lens.spec.unit == "currency" else values


def _standings(
    lenses: dict[LensName, Lens], order_of: list[int], config: PerformanceConfig, primary: str
) -> dict[int, list[LensStanding]]:
    """Every lens's rank and band for each ranked rep, ranked on that lens alone."""
    found: dict[int, list[LensStanding]] = {i: [] for i in order_of}
    for name, lens in lenses.items():
        means = lens.posterior.mean()
        n = len(lens.idx)
        n_star, n_core, _ = band_sizes(n, config.star_fraction, config.tail_fraction)
        order = np.lexsort((-np.asarray(lens.idx), -means))
        raw, expected = _display(lens, lens.raw), _display(lens, lens.expected)
        for position, j in enumerate(order):
            i = int(lens.idx[j])
            if i not in found:
                continue
            band: Band = (
                "star" if position < n_star else "tail" if position >= n_star + n_core else "core"
            )
            found[i].append(
                LensStanding(
                    lens=name,
                    label=lens.spec.label,
                    unit=lens.spec.unit,
                    raw=float(raw[j]),
                    expected=float(expected[j]),
                    index=float(lens.index[j]),
                    adjusted=float(means[j]),
                    rank=position + 1,
                    of=n,
                    band=band,
                    in_use=name == primary,
                )
            )
    return found


CLEAR_DIFFERENCE = 0.1  # a lens's shrunk index at least 10 % from 1.0 says something


def _disagreement(band: Band, standings: list[LensStanding], primary_label: str) -> str | None:
    """A sentence when the rep is a star on the definition and clearly in the tail on another
    lens, or the other way round. Bands among reps who are all near 1.0 on a lens (equal win
    rates, say) are noise, so the other lens must also be clearly off 1.0."""
    opposite = {"star": "tail", "tail": "star"}.get(band)
    if opposite is None:
        return None

    def clear(s: LensStanding) -> bool:
        if s.adjusted is None or not math.isfinite(s.adjusted):
            return False
        return abs(s.adjusted - 1.0) >= CLEAR_DIFFERENCE

    clash = [s.label.lower() for s in standings if s.band == opposite and not s.in_use and clear(s)]
    if not clash:
        return None
    where = "the stars" if opposite == "star" else "the tail"
    return (
        f"A {band} on {primary_label.lower()} but among {where} on {' and '.join(clash)}: "
        "look at both before acting on either."
    )


def _result_phrase(
    metric: PrimaryMetric,
    lens: Lens | None,
    j: int | None,
    results: RepResults,
    i: int,
    *,
    currency: str,
    mix: str,
    tenure: str,
) -> str:
    n = int(results.closed[i])
    if metric == "bookings":
        return (
            f"booked {money(results.bookings_cents[i], currency)} ({tenure}) vs "
            f"{money(results.expected_bookings_cents[i], currency)} for an average rep with "
            f"the same selling time on their {mix}"
        )
    if metric == "attainment":
        return (
            f"{percent(float(results.attainment[i]))} of a "
            f"{money(results.quota_cents[i], currency)} quota for the months they sold "
            f"({tenure})"
        )
    if metric == "avg_deal":
        avg = results.avg_deal_cents[i]
        return (
            f"average won deal {money(avg, currency) if math.isfinite(avg) else 'none'} on "
            f"{int(results.wins[i])} wins vs {money(float(lens.expected[j]), currency)} typical "
            f"for their {mix}"
            if lens is not None and j is not None
            else f"{int(results.wins[i])} wins"
        )
    if metric == "composite":
        return (
            f"{n} closed deals and {money(results.bookings_cents[i], currency)} booked ({tenure})"
        )
    return (
        f"win rate {percent(results.wins[i] / n)} on {n} closed deals vs "
        f"{percent(results.expected_wins[i] / n)} expected for their {mix}"
    )


def _primary(
    metric: PrimaryMetric, lenses: dict[LensName, Lens], idx: IntArray, config: PerformanceConfig
) -> LogPosterior:
    if metric == "composite":
        usable = tuple((n, w) for n, w in config.composite_weights if n in lenses and w > 0)
        return composite_posterior(lenses, usable, idx)
    return lenses[metric].posterior


def rank_reps(
    results: RepResults,
    people: dict[RepKey, RepIdentity],
    config: PerformanceConfig,
    *,
    metric: PrimaryMetric,
    definition: MetricDefinition,
    as_of: date,
    window: Window,
    currency: str,
    tenure: dict[RepKey, Exposure],
    cycle_days: dict[RepKey, float | None],
) -> Segments:
    """Rank the eligible reps on ``metric`` and cut them into bands (module docstring)."""
    allowed = eligibility(
        results,
        people,
        window,
        min_closed=config.min_closed_deals,
        need_quota=metric == "attainment",
        tenure=tenure,
        min_months=config.min_selling_months,
    )
    k = len(allowed.ranked)
    if k < MIN_RANKED_REPS:
        raise NotEnoughRepsError(
            f"only {k} reps have at least {config.min_closed_deals} closed deals between "
            f"{window.start} and {window.end}"
            + (" and a quota" if metric == "attainment" else "")
            + f"; ranking needs {MIN_RANKED_REPS}"
        )
    idx = np.asarray(allowed.ranked, dtype=np.intp)
    lenses = all_lenses(results, idx)
    posterior = _primary(metric, lenses, idx, config)
    top = top_fraction_from_draws(
        posterior.sample, k, fraction=config.star_fraction, draws=config.draws, seed=config.seed
    )
    means, sds = posterior.mean(), posterior.sd()
    rep_ids = np.asarray([results.keys[i][1] for i in idx], dtype=object)
    order = np.lexsort((rep_ids, -results.closed[idx], -means))
    n_star, n_core, n_tail = band_sizes(k, config.star_fraction, config.tail_fraction)
    if n_core < 2:
        raise NotEnoughRepsError(
            f"{k} ranked reps leave {n_core} in the core with star_fraction "
            f"{config.star_fraction} and tail_fraction {config.tail_fraction}; the gap needs two"
        )
    bands: dict[int, Band] = {}
    for position, j in enumerate(order):
        bands[int(idx[j])] = (
            "star" if position < n_star else "tail" if position >= n_star + n_core else "core"
        )
    core = [i for i, b in bands.items() if b == "core"]
    cycles = {i: cycle_days.get(results.keys[i]) for i in allowed.ranked}
    patterns = win_patterns(results, allowed.ranked, core, cycles)
    standings = _standings(lenses, allowed.ranked, config, metric)
    primary_lens = lenses.get(metric) if metric != "composite" else None
    label = definition.label
    reps: list[RepSegment] = []
    disagreements = 0
    for position, j in enumerate(order):
        i = int(idx[j])
        place = _Place(
            rank=position + 1,
            low=int(top.rank_low[j]),
            high=int(top.rank_high[j]),
            of=k,
            p_star=float(top.p_top[j]),
            mean=float(means[j]),
            sd=float(sds[j]),
        )
        clash = _disagreement(bands[i], standings[i], label)
        disagreements += clash is not None
        reps.append(
            _segment(
                results,
                i,
                j,
                person=people[results.keys[i]],
                band=bands[i],
                place=place,
                metric=metric,
                lens=primary_lens,
                pattern=patterns[i],
                standings=standings[i],
                exposure=tenure.get(results.keys[i]),
                window=window,
                currency=currency,
                fraction=config.star_fraction,
                disagreement=clash,
                weights=dict(config.composite_weights),
            )
        )
    rule = (
        f"Organisation-wide bands over the {k} ranked reps, ordered by shrunk index (ties: more "
        f"closed deals first, then CRM id): stars are the top {percent(config.star_fraction)} "
        f"rounded half up (at least one) = {n_star}, the tail the bottom "
        f"{percent(config.tail_fraction)} rounded half up = {n_tail}, the core the other "
        f"{n_core}. Bands are not drawn per team: a small team may have no star or several."
    )
    rule_doc = BandRule(config.star_fraction, config.tail_fraction, k, n_star, n_core, n_tail, rule)
    return Segments(
        as_of=as_of,
        window=window,
        metric=metric,
        method=method_sentence(metric, config),
        bands=rule_doc,
        reps=tuple(reps),
        excluded=tuple(allowed.excluded),
        definition=definition,
        lenses=tuple(lenses),
        disagreements=disagreements,
    )


def _segment(
    results: RepResults,
    i: int,
    j: int,
    *,
    person: RepIdentity,
    band: Band,
    place: _Place,
    metric: PrimaryMetric,
    lens: Lens | None,
    pattern: WinPattern,
    standings: list[LensStanding],
    exposure: Exposure | None,
    window: Window,
    currency: str,
    fraction: float,
    disagreement: str | None,
    weights: dict[str, float],
) -> RepSegment:
    window_months = round(window.months)
    tenure = exposure.phrase(window_months) if exposure else f"active all {window_months} months"
    mix = mix_phrase(results.cells, results.shares[i])
    result = _result_phrase(
        metric,
        lens,
        None if lens is None else j,
        results,
        i,
        currency=currency,
        mix=mix,
        tenure=tenure,
    )
    why = (
        f"{result}; {pattern.sentence}; {percent(place.p_star)} probability of top "
        f"{percent(fraction)}; rank {place.rank} of {place.of} "
        f"(90% interval {place.low}-{place.high})"
    )
    raw, expected, observed = _primary_values(lens, j, standings, weights)
    return RepSegment(
        rep=person,
        segment=band,
        p_star=place.p_star,
        rank=place.rank,
        rank_low=place.low,
        rank_high=place.high,
        metric=metric,
        raw=raw,
        expected=expected,
        adjusted_raw=observed,
        adjusted=place.mean,
        adjusted_sd=place.sd,
        n=int(results.closed[i]),
        wins=int(results.wins[i]),
        bookings_cents=int(results.bookings_cents[i]),
        mix=tuple(
            (cell, round(float(share), 4))
            for cell, share in zip(results.cells, results.shares[i], strict=True)
            if share > 0
        ),
        why=why,
        lenses=tuple(standings),
        pattern=pattern.to_dict(),
        tenure=tenure,
        exposure_months=float(results.exposure[i]),
        disagreement=disagreement,
    )


def _primary_values(
    lens: Lens | None, j: int, standings: list[LensStanding], weights: dict[str, float]
) -> tuple[float, float, float]:
    """(raw, expected, observed index) of the primary metric in display units."""
    if lens is not None:  # the lens covers exactly the ranked reps, in the same order
        raw = float(_display(lens, lens.raw[j : j + 1])[0])
        expected = float(_display(lens, lens.expected[j : j + 1])[0])
        return raw, expected, float(lens.index[j])
    # composite: the weighted geometric mean of the lens indices, shown as an index
    used = [
        (weights[s.lens], math.log(s.index))
        for s in standings
        if weights.get(s.lens) and s.index is not None and s.index > 0
    ]
    total = sum(w for w, _ in used)
    observed = math.exp(sum(w * v for w, v in used) / total) if total else math.nan
    return observed, 1.0, observed


__all__ = ["NotEnoughRepsError", "band_sizes", "mix_phrase", "rank_reps"]
