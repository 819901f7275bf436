"""The behaviours compared between stars and core, and what each number means.

Every behaviour is a per-rep number over the rep's deals closed in the analysis window (see
:mod:`uplift.analytics.behaviour.metrics` for why closed deals). Some behaviours are fixed
(activity per opportunity, multi-threading, speed, cycle); the stage behaviours are derived from
the stages the CRM's stage history actually uses, so their keys depend on the data
(``conversion_needs_analysis``, ``days_in_needs_analysis``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["per_opportunity", "fraction", "days"]


@dataclass(frozen=True)
class Behaviour:
    """One behaviour: a stable ``key``, a ``label`` for people, its ``unit``, what the per-rep
    number means, and how a reading says that stars are higher (``more``) or lower (``less``)."""

    key: str
    label: str
    unit: Unit
    meaning: str
    more: str
    less: str


MEETINGS = Behaviour(
    "meetings_per_opportunity", "Meetings per opportunity", "per_opportunity",
    "meetings logged on the rep's deals closed in the window, divided by those deals",
    "hold more meetings per opportunity", "hold fewer meetings per opportunity",
)  # fmt: skip
CALLS = Behaviour(
    "calls_per_opportunity", "Calls per opportunity", "per_opportunity",
    "calls logged on the rep's deals closed in the window, divided by those deals",
    "make more calls per opportunity", "make fewer calls per opportunity",
)  # fmt: skip
EMAILS = Behaviour(
    "emails_per_opportunity", "E-mails per opportunity", "per_opportunity",
    "e-mails logged on the rep's deals closed in the window, divided by those deals",
    "send more e-mails per opportunity", "send fewer e-mails per opportunity",
)  # fmt: skip
CONTACTS = Behaviour(
    "contacts_per_opportunity", "Contacts per opportunity (multi-threading)", "per_opportunity",
    "buyer contact roles on the rep's deals closed in the window, divided by those deals",
    "involve more buyer contacts per opportunity", "involve fewer buyer contacts per opportunity",
)  # fmt: skip
FIRST_ACTIVITY = Behaviour(
    "days_to_first_activity", "Days to first activity", "days",
    "median days from a deal's creation to its first logged activity, over the rep's deals "
    "closed in the window that have any activity",
    "take longer to first touch a new deal", "touch new deals sooner",
)  # fmt: skip
CYCLE = Behaviour(
    "sales_cycle_days", "Sales cycle of won deals (days)", "days",
    "median days from creation to close of the rep's deals won in the window",
    "take longer to win a deal", "win deals faster",
)  # fmt: skip

ACTIVITY_BEHAVIOURS: tuple[Behaviour, ...] = (MEETINGS, CALLS, EMAILS, CONTACTS)
FIXED_BEHAVIOURS: tuple[Behaviour, ...] = (*ACTIVITY_BEHAVIOURS, FIRST_ACTIVITY, CYCLE)
WON = "won"


def slug(stage: str) -> str:
    """A stage name as part of a key: ``"Proposal/Price Quote"`` -> ``"proposal_price_quote"``."""
    return re.sub(r"[^a-z0-9]+", "_", stage.casefold()).strip("_") or "stage"


def conversion_behaviour(stage: str, following: str) -> Behaviour:
    """Conversion from ``stage`` to the next rung ``following`` (a stage, or :data:`WON`)."""
    target = "won" if following == WON else following
    return Behaviour(
        f"conversion_{slug(stage)}",
        f"Conversion {stage} → {target}",
        "fraction",
        f"of the rep's deals closed in the window that reached {stage}, the share that went on "
        f"to {'be won' if following == WON else 'reach ' + following + ' or beyond'}",
        f"convert more deals from {stage} to {target}",
        f"convert fewer deals from {stage} to {target}",
    )


def time_in_stage_behaviour(stage: str) -> Behaviour:
    """Median days a deal spends in ``stage`` before it moves on or closes."""
    return Behaviour(
        f"days_in_{slug(stage)}",
        f"Days in {stage}",
        "days",
        f"median days the rep's deals closed in the window spent in {stage} (from entering it "
        "to entering the next stage or closing; repeat visits add up)",
        f"spend longer in {stage}",
        f"spend less time in {stage}",
    )


def stage_behaviours(ladder: tuple[str, ...]) -> tuple[Behaviour, ...]:
    """Conversion out of each stage of ``ladder`` (the last into a win), then time in each."""
    if not ladder:
        return ()
    following = (*ladder[1:], WON)
    conversions = tuple(conversion_behaviour(s, n) for s, n in zip(ladder, following, strict=True))
    return conversions + tuple(time_in_stage_behaviour(stage) for stage in ladder)
