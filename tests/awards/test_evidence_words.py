"""How a practice's measured effect reads as nomination evidence."""

from __future__ import annotations

from uplift.awards.evidence import _effect
from uplift.insights.snapshots.impact_documents import ImpactRow


def test_an_effect_reads_with_its_interval() -> None:
    row: ImpactRow = {
        "metric": "win_rate",
        "unit": "fraction",
        "att": 0.031,
        "ci": [0.004, 0.058],
        "adopters": 12,
        "reading": "likely positive",
    }
    assert _effect(row) == (
        "+3.1 pts (95% interval +0.4 pts to +5.8 pts), 12 adopters: likely better"
    )


def test_an_effect_says_when_no_effect_was_detected() -> None:
    row: ImpactRow = {
        "metric": "win_rate",
        "unit": "fraction",
        "att": 0.002,
        "ci": [-0.03, 0.034],
        "adopters": 20,
        "reading": "no effect detected",
    }
    assert _effect(row).endswith("20 adopters: no effect detected")


def test_an_interval_open_at_one_end_is_said_in_words_not_a_crash() -> None:
    row: ImpactRow = {
        "metric": "bookings",
        "unit": "currency",
        "att": 1200.0,
        "ci": [None, 5300.0],
        "adopters": 2,
    }
    assert _effect(row) == "+1,200 (no 95% interval: too few adopters to bound it), 2 adopters"
