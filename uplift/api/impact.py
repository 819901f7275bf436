"""API: The impact of practices and coaching, credit, and the Team Sales IQ."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Impact"])
