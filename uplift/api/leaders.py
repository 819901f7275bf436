"""API: The future-leaders view (leaders only)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Future leaders"])
