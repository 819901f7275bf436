"""API: Coaching sessions and role play."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Coaching"])
