"""A stored drivers analysis for the words tests: what stars do differently, as `uplift analyze`
stores it (behaviours strongest first, and an outcome that is never evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.development.helpers import analysis_store
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation


def driver(behavior: str, label: str, star: float, core: float, **keys: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "behavior": behavior,
        "label": label,
        "kind": "behaviour",
        "unit": "per_opportunity",
        "meaning": "",
        "star": star,
        "core": core,
        "effect_size": 0.9,
        "effect_ci": [0.4, 1.4],
        "raw_effect_size": 0.9,
        "raw_effect_ci": [0.4, 1.4],
        "adjusted_difference": round(star - core, 2),
        "adjusted_ci": [0.1, 2.0],
        "adjusted_for": [],
        "p_value": 0.001,
        "q_value": 0.004,
        "significant": True,
        "reading": "Stars hold more meetings per opportunity (q = 0.004).",
        "n_star": 12,
        "n_core": 40,
    }
    row.update(keys)
    return row


MEETINGS = driver("meetings_per_opportunity", "Meetings per opportunity", 3.4, 1.6)
EMAILS = driver(
    "emails_per_opportunity",
    "E-mails per opportunity",
    2.5,
    2.4,
    q_value=0.62,
    significant=False,
    effect_size=0.05,
)
CONVERSION = driver(
    "conversion_discovery", "Conversion Discovery → Proposal", 0.6, 0.4, kind="outcome"
)
DRIVERS = [MEETINGS, EMAILS]


def drivers_store(organisation: Organisation) -> AnalysisRun:
    """A finished analysis of the organisation whose drivers are ``DRIVERS`` (and where stars
    win, the conversion: an outcome, never offered as evidence)."""
    document = {
        "as_of": "2026-10-31",
        "window": {"start": "2025-11-01", "end": "2026-10-31"},
        "n_star": 12,
        "n_core": 40,
        "drivers": [*DRIVERS, CONVERSION],  # an older document listed outcomes among drivers
        "where_stars_win": [CONVERSION],
        "missing": [],
        "caution": "",
    }
    return analysis_store(
        organisation=organisation, as_of=date(2026, 10, 31), parts={"drivers": document}
    )
