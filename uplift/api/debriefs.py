"""API: Debriefs with the stars and their star profiles."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Debriefs"])
