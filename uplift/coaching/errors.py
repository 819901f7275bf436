"""Errors a person can correct; pages and the API show the message with a 4xx."""

from __future__ import annotations


class CoachingError(ValueError):
    """Input that cannot be accepted as given (the message says why and what to do)."""
