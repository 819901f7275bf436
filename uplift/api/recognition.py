"""API: Kudos, spotlights, points, badges and leaderboards."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Recognition"])
