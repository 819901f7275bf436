"""Who contributed each practice, and which core reps adopted it when.

Adoption is drawn at random among eligible core reps, independently of skill, so the planted
effect is exactly the average effect on the adopters (no selection into adoption). Dates are
staggered over the middle of the window and some reps never adopt, which is what a staggered
difference-in-differences design with not-yet-treated controls needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from uplift.synthetic.model import ModelParameters
from uplift.synthetic.people import Reps
from uplift.synthetic.timeline import Timeline, months_before

NEVER = 10**9  # an adoption day no deal ever reaches
MIN_DAYS_AROUND_ADOPTION = 60  # an adopter has worked this long before and after adopting


@dataclass(frozen=True)
class Adoption:
    rep: int  # index into Reps
    practice: int  # index into ModelParameters.practices
    adopted_on: date


@dataclass(frozen=True, eq=False)
class PracticePlan:
    contributors: list[int]  # rep index, per practice
    contributed_on: list[date]
    adoptions: list[Adoption]  # ordered by practice, then date
    adoption_day: npt.NDArray[np.int64]  # (reps, practices): timeline day, or NEVER


def _month_start(start: date, months_after: int) -> date:
    return months_before(start, -months_after)


def _contributors(
    reps: Reps, timeline: Timeline, count: int, rng: np.random.Generator
) -> list[int]:
    """Stars who were there all along; fall back to any star in a small organisation."""
    stars = np.flatnonzero(reps.is_star & reps.exported)
    settled = stars[
        (reps.active_from[stars] <= timeline.start_day)
        & (reps.active_to[stars] >= timeline.end_day)
    ]
    pool = settled if len(settled) else stars
    chosen = [int(rep) for rep in rng.permutation(pool)]
    return [chosen[index % len(chosen)] for index in range(count)]


def practices_plan(
    *,
    reps: Reps,
    timeline: Timeline,
    months: int,
    params: ModelParameters,
    rng: np.random.Generator,
) -> PracticePlan:
    practice_count = len(params.practices)
    contributors = _contributors(reps, timeline, practice_count, rng)
    contributed_on = [
        timeline.start + timedelta(days=int(rng.integers(0, 28))) for _ in range(practice_count)
    ]
    adoption_day = np.full((len(reps), practice_count), NEVER, dtype=np.int64)
    adoptions: list[Adoption] = []
    # Cohorts from a quarter into the window until three months before its end.
    first_month = max(1, months // 4)
    last_month = min(months - 1, max(first_month, months - 3))
    core = np.flatnonzero(~reps.is_star & reps.exported)
    if last_month < first_month:  # a window too short to have a before and an after
        core = core[:0]
    for practice in range(practice_count):
        adopts = rng.random(len(core)) < params.adoption_fraction
        cohort = rng.integers(first_month, last_month + 1, size=len(core))
        offset = rng.random(len(core))
        for rep, takes_up, month, fraction in zip(core, adopts, cohort, offset, strict=True):
            if not takes_up:
                continue
            month_start = _month_start(timeline.start, int(month))
            month_days = (_month_start(month_start, 1) - month_start).days
            adopted_on = month_start + timedelta(days=int(fraction * month_days))
            day = timeline.day_of(adopted_on)
            if day > timeline.end_day:
                continue
            worked_before = reps.active_from[rep] <= day - MIN_DAYS_AROUND_ADOPTION
            works_after = reps.active_to[rep] >= day + MIN_DAYS_AROUND_ADOPTION
            if worked_before and works_after:
                adoption_day[rep, practice] = day
                adoptions.append(Adoption(int(rep), practice, adopted_on))
    adoptions.sort(key=lambda adoption: (adoption.practice, adoption.adopted_on, adoption.rep))
    return PracticePlan(contributors, contributed_on, adoptions, adoption_day)
