"""Refusals of the pulse services; pages and the API show the message with a 4xx."""

from __future__ import annotations

from uplift.core.refusals import Conflict, Invalid


class PulseError(Invalid):
    """Input that cannot be accepted as given (the message says why and what to do)."""


class PulseConflict(Conflict, PulseError):  # noqa: N818  (a conflict, shown as it is)
    """What was asked no longer fits the round: it is answered already, or it has closed."""
