"""The metrics compared between stars and core, and what each number means.

Every metric is a per-rep number over the rep's deals closed in the analysis window (see
:mod:`uplift.analytics.behaviour.metrics` for why closed deals). Some are fixed (activity per
opportunity, multi-threading, speed, cycle); the stage metrics are derived from the stages the
CRM's stage history actually uses, so their keys depend on the data
(``conversion_needs_analysis``, ``days_in_needs_analysis``).

Each metric declares its ``kind``, and this is the one place it is said:

- a **behaviour** is something a rep does and controls: meetings, calls, e-mails and buyer
  contacts per deal, how soon a new deal gets its first touch. These answer "what do stars do";
  only they become drivers, debrief questions and practice evidence;
- an **outcome** is part of the result that made someone a star: conversion from stage to stage,
  time in a stage, the length of the sales cycle. These answer "where do stars win"; they are
  reported apart, never as something to copy.

Each metric also names the ``source`` data it needs, so that a metric whose data the export lacks
is left out with a reason (:mod:`uplift.analytics.behaviour.sources`) rather than shown as 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Unit = Literal["per_opportunity", "fraction", "days"]
Kind = Literal["behaviour", "outcome"]
# The data a metric needs: one activity type, any activity, contact roles, the stage history, or
# the deals themselves (always there).
Source = Literal[
    "meetings", "calls", "emails", "activities", "contact_roles", "stage_history", "deals"
]
KINDS: tuple[Kind, ...] = ("behaviour", "outcome")
CONVERSION_PREFIX = "conversion_"
TIME_IN_STAGE_PREFIX = "days_in_"


@dataclass(frozen=True)
class Behaviour:
    """One metric: a stable ``key``, a ``label`` for people, its ``unit``, what the per-rep
    number means, how a reading says that stars are higher (``more``) or lower (``less``),
    whether it is a ``behaviour`` or an ``outcome`` (see the module docstring) and the ``source``
    data it needs."""

    key: str
    label: str
    unit: Unit
    meaning: str
    more: str
    less: str
    kind: Kind
    source: Source

    @property
    def is_behaviour(self) -> bool:
        return self.kind == "behaviour"


MEETINGS = Behaviour(
    "meetings_per_opportunity",
    "Meetings per opportunity",
    "per_opportunity",
    "meetings logged on the rep's deals closed in the window, divided by those deals",
    "hold more meetings per opportunity",
    "hold fewer meetings per opportunity",
    "behaviour",
    "meetings",
)
CALLS = Behaviour(
    "calls_per_opportunity",
    "Calls per opportunity",
    "per_opportunity",
    "calls logged on the rep's deals closed in the window, divided by those deals",
    "make more calls per opportunity",
    "make fewer calls per opportunity",
    "behaviour",
    "calls",
)
EMAILS = Behaviour(
    "emails_per_opportunity",
    "E-mails per opportunity",
    "per_opportunity",
    "e-mails logged on the rep's deals closed in the window, divided by those deals",
    "send more e-mails per opportunity",
    "send fewer e-mails per opportunity",
    "behaviour",
    "emails",
)
CONTACTS = Behaviour(
    "contacts_per_opportunity",
    "Contacts per opportunity (multi-threading)",
    "per_opportunity",
    "buyer contact roles on the rep's deals closed in the window, divided by those deals",
    "involve more buyer contacts per opportunity",
    "involve fewer buyer contacts per opportunity",
    "behaviour",
    "contact_roles",
)
FIRST_ACTIVITY = Behaviour(
    "days_to_first_activity",
    "Days to first activity",
    "days",
    "median days from a deal's creation to its first logged activity, over the rep's deals "
    "closed in the window that have any activity",
    "take longer to first touch a new deal",
    "touch new deals sooner",
    "behaviour",
    "activities",
)
CYCLE = Behaviour(
    "sales_cycle_days",
    "Sales cycle of won deals (days)",
    "days",
    "median days from creation to close of the rep's deals won in the window",
    "take longer to win a deal",
    "win deals faster",
    "outcome",
    "deals",
)

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
        f"{CONVERSION_PREFIX}{slug(stage)}",
        f"Conversion {stage} → {target}",
        "fraction",
        f"of the rep's deals closed in the window that reached {stage}, the share that went on "
        f"to {'be won' if following == WON else 'reach ' + following + ' or beyond'}",
        f"convert more deals from {stage} to {target}",
        f"convert fewer deals from {stage} to {target}",
        "outcome",
        "stage_history",
    )


def time_in_stage_behaviour(stage: str) -> Behaviour:
    """Median days a deal spends in ``stage`` before it moves on or closes."""
    return Behaviour(
        f"{TIME_IN_STAGE_PREFIX}{slug(stage)}",
        f"Days in {stage}",
        "days",
        f"median days the rep's deals closed in the window spent in {stage} (from entering it "
        "to entering the next stage or closing; repeat visits add up)",
        f"spend longer in {stage}",
        f"spend less time in {stage}",
        "outcome",
        "stage_history",
    )


def stage_behaviours(ladder: tuple[str, ...]) -> tuple[Behaviour, ...]:
    """Conversion out of each stage of ``ladder`` (the last into a win), then time in each."""
    if not ladder:
        return ()
    following = (*ladder[1:], WON)
    conversions = tuple(conversion_behaviour(s, n) for s, n in zip(ladder, following, strict=True))
    return conversions + tuple(time_in_stage_behaviour(stage) for stage in ladder)


# What stands for the stage metrics when there is no stage ladder to name them by.
STAGE_FAMILIES: tuple[Behaviour, ...] = (
    Behaviour(
        f"{CONVERSION_PREFIX}by_stage",
        "Conversion from stage to stage",
        "fraction",
        "of the rep's deals that reached a stage, the share that went on",
        "",
        "",
        "outcome",
        "stage_history",
    ),
    Behaviour(
        f"{TIME_IN_STAGE_PREFIX}each_stage",
        "Days in each stage",
        "days",
        "median days the rep's deals spent in a stage",
        "",
        "",
        "outcome",
        "stage_history",
    ),
)


def metric_kind(key: str) -> Kind | None:
    """The kind of a metric known by its key alone (as stored in older documents that do not
    carry ``kind``); ``None`` for a key the catalogue does not know."""
    for behaviour in FIXED_BEHAVIOURS:
        if behaviour.key == key:
            return behaviour.kind
    if key.startswith((CONVERSION_PREFIX, TIME_IN_STAGE_PREFIX)):
        return "outcome"
    return None


def is_behaviour_item(item: Mapping[str, Any]) -> bool:
    """Whether a stored item (a driver or a star's standing) is about a behaviour: by its own
    ``kind`` when it has one, else by its key."""
    kind = item.get("kind") or metric_kind(str(item.get("behavior") or ""))
    return kind != "outcome"
