"""truth.json: what was planted, so tests and analyses can check what they recover.

Behaviour entries give, per opportunity, the mean the model expected for stars' and for core
reps' deals (over the deals they actually had), the planted difference (what being a star adds
on the core's own deal mix: (multiplier - 1) x the core's base mean, zero for the placebo), and
the means observed in the files.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from uplift.synthetic.model import BEHAVIOURS, ModelParameters
from uplift.synthetic.people import Organisation
from uplift.synthetic.practices import PracticePlan
from uplift.synthetic.stars import NO_KIND, STAR_KINDS, win_probability_lift
from uplift.synthetic.timeline import Timeline

Stats = Mapping[str, npt.NDArray[np.float64]]
DIGITS = 6


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, DIGITS) if denominator else None


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _behaviours(
    stats: Stats, star: npt.NDArray[np.bool_], core: npt.NDArray[np.bool_], params: ModelParameters
) -> dict[str, Any]:
    deals_star = float(stats["opportunities"][star].sum())
    deals_core = float(stats["opportunities"][core].sum())
    behaviours: dict[str, Any] = {}
    for behaviour in BEHAVIOURS:
        multiplier = params.star_multiplier(behaviour)
        expected = stats[f"{behaviour}_expected_sum"]
        observed = stats[f"{behaviour}_observed_sum"]
        core_base = _ratio(float(stats[f"{behaviour}_base_sum"][core].sum()), deals_core) or 0.0
        behaviours[behaviour] = {
            "star": _ratio(float(expected[star].sum()), deals_star),
            "core": _ratio(float(expected[core].sum()), deals_core),
            "planted_difference": round((multiplier - 1.0) * core_base, DIGITS),
            "star_multiplier": multiplier,
            "observed_star": _ratio(float(observed[star].sum()), deals_star),
            "observed_core": _ratio(float(observed[core].sum()), deals_core),
        }
    star_lag, core_lag = params.first_activity_days_star, params.first_activity_days_core
    behaviours["days_to_first_activity"] = {
        "star": star_lag,
        "core": core_lag,
        "planted_difference": round(star_lag - core_lag, DIGITS),
        "note": "mean of an exponential delay, capped at half the deal's cycle",
        "observed_star": _ratio(
            float(stats["first_touch_days_sum"][star].sum()),
            float(stats["first_touch_count"][star].sum()),
        ),
        "observed_core": _ratio(
            float(stats["first_touch_days_sum"][core].sum()),
            float(stats["first_touch_count"][core].sum()),
        ),
    }
    return behaviours


def _ranks(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    ranks = np.empty(len(values))
    ranks[np.argsort(values, kind="stable")] = np.arange(len(values))
    return ranks


def _spearman(first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]) -> float | None:
    if len(first) <= 2:
        return None
    return round(float(np.corrcoef(_ranks(first), _ranks(second))[0, 1]), DIGITS)


def _bookings_ranking(org: Organisation, stats: Stats) -> dict[str, Any]:
    """How far raw bookings are from skill: the reason a fair ranking adjusts for the book."""
    exported = org.exported_reps
    bookings = stats["bookings_cents"][:exported]
    stars = org.reps.is_star[:exported]
    top = np.argsort(-bookings, kind="stable")[: int(stars.sum())]
    below_median = np.flatnonzero(stars & (bookings < np.median(bookings)))
    return {
        "spearman_bookings_vs_skill": _spearman(bookings, org.reps.skill[:exported]),
        "spearman_bookings_vs_planted_bookings_index": _spearman(
            bookings, org.reps.planted.bookings_index[:exported]
        ),
        "non_stars_among_top_bookers": [org.reps.email[i] for i in top if not stars[i]],
        "stars_below_median_bookings": [org.reps.email[i] for i in below_median],
    }


def _kind_name(kind: int) -> str | None:
    return None if kind == NO_KIND else STAR_KINDS[kind]


def _contributions(org: Organisation, index: int, params: ModelParameters) -> dict[str, Any]:
    """What the rep brings to bookings, channel by channel; territory apart."""
    reps = org.reps
    planted = reps.planted
    shift = planted.win_logit_shift[index : index + 1]
    lift = win_probability_lift(shift, reps.book_mix[index : index + 1], params)[0]
    bookings_index = float(planted.bookings_index[index])
    return {
        "star_kind": _kind_name(int(planted.kind[index])),
        "is_star": bool(reps.is_star[index]),
        "volume_multiplier": round(float(planted.volume_multiplier[index]), DIGITS),
        "win_logit_shift": round(float(shift[0]), DIGITS),
        "win_probability_lift": round(float(lift), DIGITS),
        "deal_size_multiplier": round(float(planted.deal_size_multiplier[index]), DIGITS),
        "capacity": round(float(reps.capacity[index]), DIGITS),
        "planted_bookings_index": round(bookings_index, DIGITS),
        "planted_bookings_index_with_territory": round(
            bookings_index * float(reps.capacity[index]), DIGITS
        ),
    }


_CHANNELS = {
    "volume": "more opportunities per month (volume_multiplier) at an average win rate and size",
    "conversion": "a higher win probability (win_logit_shift = skill), a little on the amount",
    "deal_size": "larger deals (deal_size_multiplier) at an average win rate and volume",
}


def _star_kinds(org: Organisation, stats: Stats, timeline: Timeline) -> dict[str, Any]:
    """Per kind of star (and the core): how many, and what their deals came to in the files."""
    reps = org.reps
    exported = np.arange(len(reps)) < org.exported_reps
    months = np.array(
        [_active_months(org, timeline, i) for i in range(org.exported_reps)]
        + [0.0] * (len(reps) - org.exported_reps)
    )
    groups = {kind: exported & (reps.planted.kind == code) for code, kind in enumerate(STAR_KINDS)}
    groups["core"] = exported & ~reps.is_star

    def total(key: str, group: npt.NDArray[np.bool_]) -> float:
        return float(stats[key][group].sum())

    summary: dict[str, Any] = {}
    for kind, group in groups.items():
        won = total("won", group)
        summary[kind] = {
            "count": int(group.sum()),
            **({"channel": _CHANNELS[kind]} if kind in _CHANNELS else {}),
            "observed_win_rate": _ratio(won, total("closed", group)),
            "observed_opportunities_per_active_month": _ratio(
                total("opportunities", group), float(months[group].sum())
            ),
            "observed_mean_won_amount": _ratio(total("bookings_cents", group) / 100, won),
            "mean_planted_bookings_index": _ratio(
                float(reps.planted.bookings_index[group].sum()), float(group.sum())
            ),
        }
    return summary


def _active_months(org: Organisation, timeline: Timeline, index: int) -> float:
    """Months the rep worked inside the window (30.44-day months)."""
    first = max(int(org.reps.active_from[index]), timeline.start_day)
    last = min(int(org.reps.active_to[index]), timeline.end_day)
    return round(max(0, last - first + 1) / 30.436875, 2)


def _rep_details(
    org: Organisation, stats: Stats, params: ModelParameters, timeline: Timeline
) -> list[dict[str, Any]]:
    reps = org.reps
    details = []
    for index in range(org.exported_reps):
        team = org.teams[reps.team[index]]
        closed = float(stats["closed"][index])
        details.append(
            {
                **_contributions(org, index, params),
                "id": reps.user_id[index].decode(),
                "email": reps.email[index],
                "name": reps.name[index],
                "team": team.name,
                "region": team.region.name,
                "manager_id": team.manager_id,
                "active": reps.left_on[index] is None,
                "hired_on": _iso(reps.hired_on[index]),
                "left_on": _iso(reps.left_on[index]),
                "skill": round(float(reps.skill[index]), DIGITS),
                "is_star": bool(reps.is_star[index]),
                "capacity": round(float(reps.capacity[index]), DIGITS),
                "book_mix": {
                    segment.name: round(float(share), DIGITS)
                    for segment, share in zip(params.segments, reps.book_mix[index], strict=True)
                },
                "opportunities": int(stats["opportunities"][index]),
                "closed": int(closed),
                "won": int(stats["won"][index]),
                "win_rate": _ratio(float(stats["won"][index]), closed),
                "expected_win_rate": _ratio(float(stats["win_probability_sum"][index]), closed),
                "bookings": round(float(stats["bookings_cents"][index]) / 100, 2),
                "active_months": _active_months(org, timeline, index),
            }
        )
    return details


def _practices(org: Organisation, plan: PracticePlan, params: ModelParameters) -> list[Any]:
    reps = org.reps
    practices = []
    for index, practice in enumerate(params.practices):
        contributor = plan.contributors[index]
        activities: dict[str, Any] = {}
        if practice.added_meetings:
            activities["meetings_per_opportunity"] = {"added": practice.added_meetings}
        if practice.added_contacts:
            activities["contacts_per_opportunity"] = {
                "added": practice.added_contacts,
                "on_opportunities_with_amount_at_least": practice.min_amount,
            }
        practices.append(
            {
                "practice": practice.name,
                "contributor_id": reps.user_id[contributor].decode(),
                "contributor_email": reps.email[contributor],
                "contributed_on": plan.contributed_on[index].isoformat(),
                "effect_win_rate": practice.effect_win_rate,
                "effect_applies_to": "the adopter's opportunities closing on or after adopted_on",
                "effect_activities": activities,
                "placebo": practice.effect_win_rate == 0 and not activities,
                "adopters": [
                    {
                        "id": reps.user_id[adoption.rep].decode(),
                        "email": reps.email[adoption.rep],
                        "adopted_on": adoption.adopted_on.isoformat(),
                    }
                    for adoption in plan.adoptions
                    if adoption.practice == index
                ],
            }
        )
    return practices


def truth_build(
    *,
    seed: int,
    months: int,
    timeline: Timeline,
    org: Organisation,
    plan: PracticePlan,
    params: ModelParameters,
    stats: Stats,
    row_counts: Mapping[str, int],
) -> dict[str, Any]:
    reps = org.reps
    exported = np.arange(len(reps)) < org.exported_reps
    star = reps.is_star & exported
    core = ~reps.is_star & exported
    index = reps.planted.bookings_index
    star_order = sorted(np.flatnonzero(star), key=lambda rep: -index[rep])

    def win_rate(group: npt.NDArray[np.bool_]) -> float | None:
        return _ratio(float(stats["won"][group].sum()), float(stats["closed"][group].sum()))

    return {
        "seed": seed,
        "reps": org.exported_reps,
        "months": months,
        "start": timeline.start.isoformat(),
        "end": timeline.end.isoformat(),
        "history_from": timeline.origin.isoformat(),
        "currency": "USD",
        "id_format": (
            "Ids appear in 15- and 18-character forms, even for the same record; compare them "
            "in the 18-character form. Every id in this file is 18 characters."
        ),
        "star_fraction": params.star_fraction,
        "stars": [
            {
                "id": reps.user_id[i].decode(),
                "email": reps.email[i],
                "skill": round(float(reps.skill[i]), DIGITS),
                "star_kind": _kind_name(int(reps.planted.kind[i])),
                "planted_bookings_index": round(float(index[i]), DIGITS),
            }
            for i in star_order
        ],
        "star_kinds": _star_kinds(org, stats, timeline),
        "planted_bookings_index": {
            "definition": (
                "expected bookings per active month from the rep's own contributions (deal flow "
                "x win probability x deal size, over their book mix) relative to an average rep "
                "on the same mix; territory (capacity), practices and tenure excluded. "
                "planted_bookings_index_with_territory multiplies it by capacity"
            ),
            "stars": "the top star_fraction of reps in User.csv by planted_bookings_index",
        },
        "win_rates": {"star": win_rate(star), "core": win_rate(core)},
        "skill": {
            "distribution": "normal",
            "sd": params.skill_sd,
            "scale": "added to the logit of the segment's win rate",
            "on_log_amount": params.skill_on_amount,
            "on_log_cycle": -params.skill_on_cycle,
        },
        "segments": {
            segment.name: {
                "win_rate_at_average_skill": segment.win_rate,
                "amount_median": segment.amount_median,
                "cycle_median_days": segment.cycle_median_days,
                "opportunities_per_rep_month": segment.opportunities_per_month,
            }
            for segment in params.segments
        },
        "seasonality": {
            "creation_by_calendar_month": list(params.creation_seasonality),
            "quarter_push": params.quarter_push,
            "summer_quarter_push": params.summer_quarter_push,
        },
        "behaviors": _behaviours(stats, star, core, params),
        "practices": _practices(org, plan, params),
        "missing_owner_ids": [
            reps.user_id[i].decode() for i in range(org.exported_reps, len(reps))
        ],
        "bookings_ranking": _bookings_ranking(org, stats),
        "rep_skill": {
            reps.email[i]: round(float(reps.skill[i]), DIGITS) for i in range(org.exported_reps)
        },
        "rep_details": _rep_details(org, stats, params, timeline),
        "rep_contributions": {
            reps.user_id[i].decode(): {"email": reps.email[i], **_contributions(org, i, params)}
            for i in range(org.exported_reps)
        },
        "org": {
            "leader_id": org.leader_id,
            "regions": [
                {
                    "name": region.name,
                    "leader_id": org.regional_leader_ids[index],
                    "teams": [
                        {"name": team.name, "focus": team.focus, "manager_id": team.manager_id}
                        for team in org.teams
                        if team.region == region
                    ],
                }
                for index, region in enumerate(org.regions)
            ],
        },
        "files": dict(row_counts),
    }
