"""The planted stars: three kinds, each winning through one channel of bookings.

Bookings per month are deal flow x win probability x deal size. Every rep has a continuous
skill; outside the stars it works on the logit of the win probability (and a little on the
amount), so core and tail reps differ too. Each rep's *planted bookings index* is what their own
contributions make of it: their expected bookings per active month relative to an average rep on
the same book mix, territory (capacity) excluded.

The stars are the top `star_fraction` of exported reps by the index their skill gives. Each then
gets `star_advantage` times that index through one channel, the other two left at average:

- **volume** stars open more opportunities a month, at an average win rate and deal size;
- **conversion** stars win more of them (a larger logit shift; the skill's small part on the
  amount stays);
- **deal-size** stars sell larger deals, at an average win rate and volume.

Kinds are dealt in turns down the ranking, so there are as many of each (within one) and they
are as strong as each other: which reps are stars, and how much better, does not depend on
their kind; the kind only decides where a ranking by results has to look for them. The
advantage opens a gap between the weakest star and the best core rep, as real stars stand apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.model import ModelParameters

STAR_KINDS: tuple[str, ...] = ("volume", "conversion", "deal_size")
VOLUME, CONVERSION, DEAL_SIZE = range(len(STAR_KINDS))
NO_KIND = -1
WIN_PROBABILITY_BOUNDS = (0.01, 0.97)  # the clip deals.py applies
SHIFT_SEARCH_LIMIT = 8.0
SHIFT_SEARCH_STEPS = 60


@dataclass(frozen=True, eq=False)
class PlantedStars:
    """Per rep (the `Reps` order): the planted contributions to bookings."""

    is_star: npt.NDArray[np.bool_]
    kind: npt.NDArray[np.int64]  # index into STAR_KINDS; NO_KIND for everyone but stars
    volume_multiplier: npt.NDArray[np.float64]  # on the rep's deal flow
    win_logit_shift: npt.NDArray[np.float64]  # added to the logit of the segment's win rate
    deal_size_multiplier: npt.NDArray[np.float64]  # on the rep's deal amounts
    bookings_index: npt.NDArray[np.float64]  # capacity excluded


def win_probability(
    base: npt.NDArray[np.float64], shift: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The win probability of a deal: the segment's rate moved by the rep's logit shift."""
    logit = np.log(base / (1 - base)) + shift
    probability: npt.NDArray[np.float64] = 1 / (1 + np.exp(-logit))
    return probability


def _segment_bookings(params: ModelParameters) -> npt.NDArray[np.float64]:
    """Expected bookings per month per segment for an average rep whose whole book it is,
    win probability left out: deal flow x mean deal size (log-normal mean)."""
    segments = params.segments
    rate = np.array([s.opportunities_per_month for s in segments])
    median = np.array([s.amount_median for s in segments])
    sigma = np.array([s.amount_sigma for s in segments])
    weights: npt.NDArray[np.float64] = rate * median * np.exp(sigma**2 / 2)
    return weights


def win_probability_lift(
    shift: npt.NDArray[np.float64], book_mix: npt.NDArray[np.float64], params: ModelParameters
) -> npt.NDArray[np.float64]:
    """Expected won value with the rep's logit shift over that at no shift, on the rep's mix.

    Deal flow and size weigh the segments: a shift lifts a 18% Enterprise win rate more (in
    relative terms) than a 32% SMB one, and Enterprise deals carry more of the bookings.
    """
    base = np.array([s.win_rate for s in params.segments])
    low, high = WIN_PROBABILITY_BOUNDS
    weights = book_mix * _segment_bookings(params)  # (reps, segments)
    shifted = np.clip(win_probability(base[None, :], shift[:, None]), low, high)
    lift: npt.NDArray[np.float64] = (weights * shifted).sum(axis=1) / (weights * base).sum(axis=1)
    return lift


def _shift_for_lift(
    target: npt.NDArray[np.float64], book_mix: npt.NDArray[np.float64], params: ModelParameters
) -> npt.NDArray[np.float64]:
    """The logit shift whose win-probability lift on each rep's mix is `target` (bisection; the
    lift rises with the shift, and a target beyond the clip gets the largest shift tried)."""
    low = np.full(len(target), -SHIFT_SEARCH_LIMIT)
    high = np.full(len(target), SHIFT_SEARCH_LIMIT)
    for _ in range(SHIFT_SEARCH_STEPS):
        middle = (low + high) / 2
        below = win_probability_lift(middle, book_mix, params) < target
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    shift: npt.NDArray[np.float64] = (low + high) / 2
    return shift


def _kinds_in_turns(star_order: npt.NDArray[np.int64], rng: np.random.Generator) -> list[int]:
    """A kind per star, strongest first: each run of three stars down the ranking gets the three
    kinds in a random order, so the kinds are as many (within one) and as strong as each other."""
    kinds: list[int] = []
    for _ in range(0, len(star_order), len(STAR_KINDS)):
        kinds.extend(int(kind) for kind in rng.permutation(len(STAR_KINDS)))
    return kinds[: len(star_order)]


def stars_plant(
    *,
    skill: npt.NDArray[np.float64],
    book_mix: npt.NDArray[np.float64],
    exported: int,
    params: ModelParameters,
    rng: np.random.Generator,
) -> PlantedStars:
    """Who the stars are (the top of the exported reps by planted bookings index), their kinds,
    and every rep's contributions to deal flow, win probability and deal size."""
    volume = np.ones(len(skill))
    shift = skill.copy()
    size = np.exp(params.skill_on_amount * skill)
    index = win_probability_lift(shift, book_mix, params) * size

    is_star = np.zeros(len(skill), dtype=bool)
    star_count = max(1, round(params.star_fraction * exported))
    star_order = np.argsort(-index[:exported], kind="stable")[:star_count]
    is_star[star_order] = True
    kind = np.full(len(skill), NO_KIND, dtype=np.int64)
    kind[star_order] = _kinds_in_turns(star_order, rng)

    # A star's whole advantage, star_advantage x the index their skill gives, through one
    # channel; the other two at average (a conversion star keeps the skill's small part on size).
    target = index * params.star_advantage
    rerouted = (kind == VOLUME) | (kind == DEAL_SIZE)
    volume = np.where(kind == VOLUME, target, volume)
    size = np.where(kind == DEAL_SIZE, target, np.where(rerouted, 1.0, size))
    shift = np.where(rerouted, 0.0, shift)
    converts = kind == CONVERSION
    shift[converts] = _shift_for_lift(target[converts] / size[converts], book_mix[converts], params)
    return PlantedStars(
        is_star=is_star,
        kind=kind,
        volume_multiplier=volume,
        win_logit_shift=shift,
        deal_size_multiplier=size,
        bookings_index=volume * win_probability_lift(shift, book_mix, params) * size,
    )
