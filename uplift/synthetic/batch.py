"""Simulate one batch of reps end to end: accounts, deals, activities, CSV chunks, statistics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.accounts import accounts_draw, accounts_render
from uplift.synthetic.activities import DealActivity, activity_plan
from uplift.synthetic.activity_rows import contact_roles_render, events_render, tasks_render
from uplift.synthetic.deal_rows import history_render, opportunities_render
from uplift.synthetic.deals import Deals, deals_draw
from uplift.synthetic.model import BEHAVIOURS
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.timeline import SECONDS_PER_DAY
from uplift.synthetic.writer import CsvBytes


@dataclass(frozen=True, eq=False)
class BatchOutput:
    index: int
    chunks: dict[str, tuple[CsvBytes, int]]  # file name -> (CSV lines, rows)
    stats: dict[str, npt.NDArray[np.float64]]  # per rep of the batch: see rep_statistics()


def rep_statistics(
    deals: Deals, activity: DealActivity, batch: RepBatch
) -> dict[str, npt.NDArray[np.float64]]:
    """What each rep's generated deals came to, for the truth file."""
    size = len(batch)

    def per_rep(
        weights: npt.NDArray[np.float64] | npt.NDArray[np.int64] | None = None,
        where: npt.NDArray[np.bool_] | None = None,
    ) -> npt.NDArray[np.float64]:
        chosen = np.ones(len(deals), dtype=bool) if where is None else where
        values = None if weights is None else np.asarray(weights, dtype=np.float64)[chosen]
        return np.bincount(deals.rep[chosen], weights=values, minlength=size).astype(np.float64)

    closed = ~deals.is_open
    won = closed & deals.won
    first_touch_days = (activity.first_touch_sec - deals.created_sec) / SECONDS_PER_DAY
    stats = {
        "opportunities": per_rep(),
        "open": per_rep(where=deals.is_open),
        "closed": per_rep(where=closed),
        "won": per_rep(where=won),
        "bookings_cents": per_rep(deals.amount_cents, won),
        "win_probability_sum": per_rep(deals.win_probability, closed),
        "first_touch_days_sum": per_rep(first_touch_days, activity.has_first_touch),
        "first_touch_count": per_rep(where=activity.has_first_touch),
    }
    observed = {
        "meetings_per_opportunity": activity.meetings,
        "calls_per_opportunity": activity.calls,
        "emails_per_opportunity": activity.emails,
        "contacts_per_opportunity": activity.contacts,
    }
    for behaviour in BEHAVIOURS:
        stats[f"{behaviour}_observed_sum"] = per_rep(observed[behaviour])
        stats[f"{behaviour}_expected_sum"] = per_rep(activity.expected[behaviour])
        stats[f"{behaviour}_base_sum"] = per_rep(activity.base[behaviour])
    return stats


def batch_run(batch: RepBatch) -> BatchOutput:
    rng = batch.random()
    accounts = accounts_draw(batch, rng)
    deals = deals_draw(batch, accounts, rng)
    activity = activity_plan(deals, batch, rng)
    chunks = {
        "Account.csv": (accounts_render(accounts, batch, rng), len(accounts)),
        "Opportunity.csv": (opportunities_render(deals, accounts, batch, rng), len(deals)),
        "OpportunityHistory.csv": history_render(deals, batch, rng),
        "Task.csv": tasks_render(deals, activity, accounts, batch, rng),
        "Event.csv": events_render(deals, activity, accounts, batch, rng),
        "OpportunityContactRole.csv": contact_roles_render(deals, activity, batch, rng),
    }
    return BatchOutput(
        index=batch.index, chunks=chunks, stats=rep_statistics(deals, activity, batch)
    )
