"""API: Formal recognition events: categories, nominations, shortlist, winners."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Awards"])
