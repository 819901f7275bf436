"""Percentages and missing-data notes in `uplift report` tables."""

from __future__ import annotations

from uplift.pipeline.terminal import _pct


def test_a_gap_that_rounds_to_nothing_has_no_minus_sign() -> None:
    assert _pct(-0.001) == "0%"
    assert _pct(-0.0001, digits=1) == "0.0%"
    assert _pct(-0.05) == "-5%"
    assert _pct(0.81) == "81%"
    assert _pct(None) == "—"


def test_missing_sources_name_their_columns_in_words(capsys) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from uplift.pipeline.terminal import _print_missing

    doc = {
        "missing": [
            {
                "source": "quotas",
                "reason": "this export has no quotas",
                "columns": ["quota_cents", "quota_attainment"],
            }
        ]
    }
    _print_missing(Console(width=200), doc)
    assert (
        "No data: this export has no quotas (quota, quota attainment)." in capsys.readouterr().out
    )
