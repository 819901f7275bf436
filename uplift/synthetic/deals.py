"""Opportunities: how many each rep opens, how big, how long, and whether they are won.

The decision day (the day a deal closes, won or lost) is drawn before the outcome and does not
depend on it; the outcome is then drawn with a win probability that includes the practices the
owner had adopted by that day. So among deals closing on a given day, the share won is exactly
the planted win probability: adopting a practice moves the win rate of the deals closed after
the adoption date by exactly the practice's planted effect, with no transition artefacts.
Lost deals stop at the stage they die in and sit there until they are closed out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.accounts import Accounts
from uplift.synthetic.ids import ids_18, sequence_start
from uplift.synthetic.model import CLOSED_LOST, CLOSED_WON, OPEN_STAGES
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.stars import WIN_PROBABILITY_BOUNDS
from uplift.synthetic.stars import win_probability as planted_win_probability
from uplift.synthetic.timeline import SECONDS_PER_DAY
from uplift.synthetic.vocabulary import LEAD_SOURCES, OPPORTUNITY_SUFFIXES, PRODUCTS

STAGE_NAMES = (*OPEN_STAGES, CLOSED_WON, CLOSED_LOST)
WON = len(OPEN_STAGES)  # stage codes: 0..4 the open stages, 5 Closed Won, 6 Closed Lost
LOST = WON + 1
LAST_OPEN_STAGE = len(OPEN_STAGES) - 1
BUSINESS_DAY_START = 8 * 3600  # local time
BUSINESS_DAY_LENGTH = 10 * 3600


def business_moments(
    days: npt.NDArray[np.int64], utc_offset_hours: npt.NDArray[np.int64], rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """A moment in local business hours on each day, in seconds since the origin (UTC)."""
    local = BUSINESS_DAY_START + rng.integers(0, BUSINESS_DAY_LENGTH, size=len(days))
    return days * SECONDS_PER_DAY + local - utc_offset_hours * 3600


@dataclass(frozen=True, eq=False)
class Deals:
    id: npt.NDArray[np.bytes_]
    rep: npt.NDArray[np.int64]
    account: npt.NDArray[np.int64]
    segment: npt.NDArray[np.int64]
    created_sec: npt.NDArray[np.int64]
    decision_day: npt.NDArray[np.int64]
    decision_sec: npt.NDArray[np.int64]
    is_open: npt.NDArray[np.bool_]  # still open at the end of the window
    won: npt.NDArray[np.bool_]  # the outcome (drawn for open deals too, but not shown)
    final_stage: npt.NDArray[np.int64]  # the last open stage the deal ever reaches
    stage_entry_sec: npt.NDArray[np.int64]  # (deals, open stages)
    stage: npt.NDArray[np.int64]  # StageName code at the end of the window
    close_day: npt.NDArray[np.int64]  # CloseDate as the export shows it
    expected_close_day: npt.NDArray[np.int64]  # the CloseDate first entered
    amount_cents: npt.NDArray[np.int64]
    amount_blank: npt.NDArray[np.bool_]
    existing_business: npt.NDArray[np.bool_]
    lead_source: npt.NDArray[np.int64]  # -1: blank
    product: npt.NDArray[np.int64]
    name_suffix: npt.NDArray[np.int64]
    win_probability: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.id)


def _creations(
    batch: RepBatch, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Rep, segment and day of every opportunity created in the batch, in creation order."""
    timeline = batch.timeline
    params = batch.params
    rate = np.array([segment.opportunities_per_month for segment in params.segments])
    season = np.array(params.creation_seasonality)[timeline.month_numbers - 1]
    flow = batch.capacity * batch.volume_multiplier  # territory size x the rep's prospecting
    expected = flow[:, None, None] * (batch.book_mix * rate)[:, :, None] * season[None, None, :]
    counts = rng.poisson(expected).reshape(-1)
    cell = np.repeat(np.arange(counts.size), counts)
    rep_segment, month = np.divmod(cell, len(season))
    rep, segment = np.divmod(rep_segment, len(rate))
    day = timeline.month_starts[month] + (
        rng.random(len(cell)) * timeline.month_lengths[month]
    ).astype(np.int64)
    working = (day >= batch.active_from[rep]) & (day <= batch.active_to[rep])
    return rep[working], segment[working], day[working]


def _decision_days(
    batch: RepBatch,
    segment: npt.NDArray[np.int64],
    skill: npt.NDArray[np.float64],
    created_day: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """When each deal closes: a skill-shortened cycle, then the quarter-end push."""
    params = batch.params
    timeline = batch.timeline
    median = np.array([s.cycle_median_days for s in params.segments])[segment]
    sigma = np.array([s.cycle_sigma for s in params.segments])[segment]
    cycle = np.exp(
        np.log(median) - params.skill_on_cycle * skill + sigma * rng.standard_normal(len(segment))
    )
    decision = np.minimum(created_day + np.maximum(1, np.round(cycle)), timeline.last_day - 1)
    decision = decision.astype(np.int64)
    month = timeline.calendar_month[decision]
    push_chance = np.where(
        (month == 7) | (month == 8), params.summer_quarter_push, params.quarter_push
    )
    pushed = (month % 3 != 0) & (rng.random(len(decision)) < push_chance)
    landing = timeline.quarter_end[decision] - rng.integers(
        0, params.quarter_push_days, len(decision)
    )
    decided: npt.NDArray[np.int64] = np.where(pushed, np.maximum(landing, decision), decision)
    return decided


def _stage_entries(
    batch: RepBatch,
    created_sec: npt.NDArray[np.int64],
    decision_sec: npt.NDArray[np.int64],
    final_stage: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """When each deal entered each open stage: the cycle split in random-length stages."""
    shapes = np.array(batch.params.stage_duration_shapes)
    durations = rng.gamma(shapes, size=(len(created_sec), len(shapes)))
    durations[np.arange(len(shapes))[None, :] > final_stage[:, None]] = 0.0
    reached = np.cumsum(durations, axis=1)
    before = reached - durations
    share = before / reached[:, -1:]
    span = (decision_sec - created_sec).astype(np.float64)
    entries = created_sec[:, None] + (share * span[:, None]).astype(np.int64)
    entries[:, 0] = created_sec
    return entries


def deals_draw(batch: RepBatch, accounts: Accounts, rng: np.random.Generator) -> Deals:
    params = batch.params
    timeline = batch.timeline
    segments = params.segments
    rep, segment, created_day = _creations(batch, rng)
    count = len(rep)
    skill = batch.skill[rep]
    # A deal opened on the window's last evening in the Americas is already the next day in
    # UTC; keep it inside the window the export covers.
    end_sec = (timeline.end_day + 1) * SECONDS_PER_DAY - 1
    created_sec = np.minimum(
        business_moments(created_day, batch.utc_offset_hours[rep], rng), end_sec - 3600
    )
    decision_day = _decision_days(batch, segment, skill, created_day, rng)

    # Deals decided before the window are history the export does not reach.
    kept = decision_day >= timeline.start_day
    order = np.argsort(created_sec[kept], kind="stable")
    rep, segment, created_day = rep[kept][order], segment[kept][order], created_day[kept][order]
    created_sec, decision_day = created_sec[kept][order], decision_day[kept][order]
    count = len(rep)

    decision_sec = np.maximum(
        business_moments(decision_day, batch.utc_offset_hours[rep], rng), created_sec + 3600
    )
    base = np.array([s.win_rate for s in segments])[segment]
    win_probability = planted_win_probability(base, batch.win_logit_shift[rep])
    for practice_index, practice in enumerate(params.practices):
        adopted = decision_day >= batch.adoption_day[rep, practice_index]
        win_probability = win_probability + practice.effect_win_rate * adopted
    win_probability = np.clip(win_probability, *WIN_PROBABILITY_BOUNDS)
    won = rng.random(count) < win_probability

    lost_weights = np.array(params.lost_stage_weights)
    lost_at = rng.choice(len(lost_weights), size=count, p=lost_weights / lost_weights.sum())
    final_stage = np.where(won, LAST_OPEN_STAGE, lost_at).astype(np.int64)
    entries = _stage_entries(batch, created_sec, decision_sec, final_stage, rng)

    is_open = decision_day > timeline.end_day
    entered = (entries <= end_sec) & (np.arange(entries.shape[1])[None, :] <= final_stage[:, None])
    open_stage = entered.sum(axis=1) - 1
    stage = np.where(is_open, open_stage, np.where(won, WON, LOST))

    cycle_median = np.array([s.cycle_median_days for s in segments])[segment]
    expected_close_day = created_day + np.round(cycle_median).astype(np.int64)
    accurate = rng.random(count) < params.open_close_date_accurate
    close_day = np.where(is_open & ~accurate, expected_close_day, decision_day)

    existing = rng.random(count) < params.existing_business_fraction
    amount_cents = _amounts(batch, segment, batch.deal_size_multiplier[rep], existing, rng)
    lost_early = ~won & ~is_open & (final_stage <= 1)
    amount_blank = lost_early & (rng.random(count) < params.blank_amount_lost_early)

    book_pick = rng.random(count)
    first = accounts.first_of_book[rep, segment]
    account = first + (book_pick * accounts.book_size[rep, segment]).astype(np.int64)
    lead_source = rng.integers(len(LEAD_SOURCES), size=count)
    lead_source[rng.random(count) < params.blank_lead_source] = -1
    suffix_weights = np.array([weight for _, weight in OPPORTUNITY_SUFFIXES])
    numbers = sequence_start("Opportunity") + batch.sequence_offset + np.arange(count)
    return Deals(
        id=ids_18("Opportunity", numbers.astype(np.int64)),
        rep=rep,
        account=account,
        segment=segment,
        created_sec=created_sec,
        decision_day=decision_day,
        decision_sec=decision_sec,
        is_open=is_open,
        won=won,
        final_stage=final_stage,
        stage_entry_sec=entries,
        stage=stage.astype(np.int64),
        close_day=close_day,
        expected_close_day=expected_close_day,
        amount_cents=amount_cents,
        amount_blank=amount_blank,
        existing_business=existing,
        lead_source=lead_source,
        product=rng.integers(len(PRODUCTS), size=count),
        name_suffix=rng.choice(len(suffix_weights), size=count, p=suffix_weights),
        win_probability=win_probability,
    )


def _amounts(
    batch: RepBatch,
    segment: npt.NDArray[np.int64],
    size_multiplier: npt.NDArray[np.float64],
    existing: npt.NDArray[np.bool_],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Deal size in cents: log-normal by segment, times the owner's planted deal-size multiplier
    (larger for deal-size stars, a little larger for skilled reps)."""
    params = batch.params
    segments = params.segments
    median = np.array([s.amount_median for s in segments])[segment]
    sigma = np.array([s.amount_sigma for s in segments])[segment]
    rounding = np.array([s.amount_rounding for s in segments])[segment]
    log_amount = np.log(median) + np.log(size_multiplier)
    log_amount += sigma * rng.standard_normal(len(segment))
    log_amount += np.where(existing, np.log(params.existing_business_amount_factor), 0.0)
    dollars = np.maximum(1, np.round(np.exp(log_amount) / rounding)) * rounding
    cents = (dollars * 100).astype(np.int64)
    discounted = rng.random(len(segment)) < params.discounted_fraction
    discount = rng.uniform(0.85, 0.97, size=len(segment))
    final: npt.NDArray[np.int64] = np.where(
        discounted, np.round(cents * discount).astype(np.int64), cents
    )
    return final
