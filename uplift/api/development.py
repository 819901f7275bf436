"""API: Competencies, assessments, development plans and accountability."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Development"])
