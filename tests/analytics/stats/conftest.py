"""Fixtures for the estimator tests: the published reference data sets in ``shared/data``."""

from __future__ import annotations

from pathlib import Path

import pytest


def _find_reference_data() -> Path | None:
    """The first ``shared/data`` directory found walking up from this file (the repository's
    sibling ``shared/`` in a checkout, or an enclosing one)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def reference_data() -> Path:
    found = _find_reference_data()
    if found is None:
        pytest.skip(
            "reference data not found: no shared/data directory beside the repository "
            f"or above {Path(__file__).resolve().parent}"
        )
    return found
