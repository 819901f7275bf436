"""Refusals of the coaching services; pages and the API show the message with a 4xx."""

from __future__ import annotations

from uplift.core.refusals import Conflict, Invalid


class CoachingError(Invalid):
    """Input that cannot be accepted as given (the message says why and what to do)."""


class CoachingConflict(Conflict, CoachingError):  # noqa: N818  (a conflict, shown as it is)
    """What was asked no longer fits the record (409): the action item is already a milestone,
    the rep has no plan to add it to, the role play has a retry already."""
