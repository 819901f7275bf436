"""API: The practice library: cards, review and approval, versions, comments, search, adoption."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Practices"])
