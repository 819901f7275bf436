"""Refusals of the initiative services; pages and the API show the message with a 4xx."""

from __future__ import annotations

from uplift.core.refusals import Conflict, Invalid


class InitiativeError(Invalid):
    """Input that cannot be accepted as given (the message says why and what to do)."""


class InitiativeConflict(Conflict, InitiativeError):  # noqa: N818  (a conflict, shown as it is)
    """What was asked no longer fits the record (409): the invitation was answered already, the
    initiative is closed, the session's notes are a practice draft already."""
