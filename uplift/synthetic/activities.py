"""How reps work their deals: calls, e-mails, meetings, to-dos, and the contacts they involve.

Counts per opportunity are Poisson with a mean per segment, multiplied for stars by the planted
behaviour multipliers, plus what an adopted practice adds, and scaled down for deals the window
only partly covers (still open, or owned by a rep who left). The first touch comes after an
exponential delay that is shorter for stars; everything else happens between the first touch
and the close.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.deals import BUSINESS_DAY_LENGTH, BUSINESS_DAY_START, Deals
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.timeline import SECONDS_PER_DAY


@dataclass(frozen=True, eq=False)
class DealActivity:
    """Per deal: how many of each activity it got, and what the model expected."""

    meetings: npt.NDArray[np.int64]
    calls: npt.NDArray[np.int64]  # including a first touch that was a call
    emails: npt.NDArray[np.int64]  # including a first touch that was an e-mail
    tasks: npt.NDArray[np.int64]
    contacts: npt.NDArray[np.int64]
    first_touch_is_call: npt.NDArray[np.bool_]
    has_first_touch: npt.NDArray[np.bool_]
    first_touch_sec: npt.NDArray[np.int64]
    active_end_sec: npt.NDArray[np.int64]  # activities happen up to here
    expected: dict[str, npt.NDArray[np.float64]]  # behaviour -> Poisson mean per deal
    base: dict[str, npt.NDArray[np.float64]]  # the same for a core rep without practices


def business_hours(
    seconds: npt.NDArray[np.int64], utc_offset_hours: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Squeeze moments into the rep's local working day, keeping their order within a day."""
    local = seconds + utc_offset_hours * 3600
    day, time_of_day = np.divmod(local, SECONDS_PER_DAY)
    working = BUSINESS_DAY_START + time_of_day * BUSINESS_DAY_LENGTH // SECONDS_PER_DAY
    moments: npt.NDArray[np.int64] = day * SECONDS_PER_DAY + working - utc_offset_hours * 3600
    return moments


def activity_plan(deals: Deals, batch: RepBatch, rng: np.random.Generator) -> DealActivity:
    params = batch.params
    timeline = batch.timeline
    segments = params.segments
    count = len(deals)
    rep = deals.rep
    star = batch.is_star[rep]

    end_sec = (timeline.end_day + 1) * SECONDS_PER_DAY - 1
    owner_leaves_sec = (batch.active_to[rep] + 1) * SECONDS_PER_DAY - 1
    active_end = np.minimum(np.minimum(deals.decision_sec, end_sec), owner_leaves_sec)
    span = np.maximum(deals.decision_sec - deals.created_sec, 1)
    covered = np.clip((active_end - deals.created_sec) / span, 0.0, 1.0)

    mean_lag_days = np.where(star, params.first_activity_days_star, params.first_activity_days_core)
    lag = rng.exponential(1.0, size=count) * mean_lag_days * SECONDS_PER_DAY
    # A deal that closes is touched before it closes: the lag fits in the first half of it.
    lag = np.minimum(lag, 0.5 * span).astype(np.int64)
    first_touch = deals.created_sec + lag
    has_first = first_touch <= active_end

    expected: dict[str, npt.NDArray[np.float64]] = {}
    base_rates = {
        "meetings_per_opportunity": np.array([s.meetings for s in segments]),
        "calls_per_opportunity": np.array([s.calls for s in segments]),
        "emails_per_opportunity": np.array([s.emails for s in segments]),
        "contacts_per_opportunity": np.array([s.contacts for s in segments]),
    }
    base = {name: rates[deals.segment] * covered * has_first for name, rates in base_rates.items()}
    for behaviour, per_segment in base_rates.items():
        multiplier = np.where(star, params.star_multiplier(behaviour), 1.0)
        expected[behaviour] = per_segment[deals.segment] * multiplier
    for index, practice in enumerate(params.practices):
        adopted = deals.decision_day >= batch.adoption_day[rep, index]
        large = deals.amount_cents >= round(practice.min_amount * 100)
        expected["meetings_per_opportunity"] += practice.added_meetings * adopted
        expected["contacts_per_opportunity"] += practice.added_contacts * (adopted & large)
    tasks_mean = np.array([s.tasks for s in segments])[deals.segment]
    for behaviour in expected:
        expected[behaviour] *= covered * has_first

    first_is_call = rng.random(count) < 0.5
    draws = {name: rng.poisson(mean) for name, mean in expected.items()}
    tasks = rng.poisson(tasks_mean * covered * has_first)
    contacts = np.minimum(draws["contacts_per_opportunity"], params.contacts_per_account)
    # The first touch is a call or an e-mail, half and half for everyone, so it adds the same
    # to stars and core: the planted e-mail difference stays zero.
    expected["calls_per_opportunity"] += 0.5 * has_first
    expected["emails_per_opportunity"] += 0.5 * has_first
    return DealActivity(
        meetings=draws["meetings_per_opportunity"],
        calls=draws["calls_per_opportunity"] + (has_first & first_is_call),
        emails=draws["emails_per_opportunity"] + (has_first & ~first_is_call),
        tasks=tasks,
        contacts=contacts,
        first_touch_is_call=first_is_call,
        has_first_touch=has_first,
        first_touch_sec=first_touch,
        active_end_sec=active_end,
        expected=expected,
        base=base,
    )


def moments_between(
    start: npt.NDArray[np.int64], stop: npt.NDArray[np.int64], rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """A moment drawn uniformly between start and stop, per row."""
    width = np.maximum(stop - start, 0)
    moments: npt.NDArray[np.int64] = start + (rng.random(len(start)) * width).astype(np.int64)
    return moments
