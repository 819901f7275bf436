"""Percentages in `uplift report` tables."""

from __future__ import annotations

from uplift.insights.terminal import _pct


def test_a_gap_that_rounds_to_nothing_has_no_minus_sign() -> None:
    assert _pct(-0.001) == "0%"
    assert _pct(-0.0001, digits=1) == "0.0%"
    assert _pct(-0.05) == "-5%"
    assert _pct(0.81) == "81%"
    assert _pct(None) == "—"
