"""The whole `uplift analyze` on a Spark store equals the same analysis on DuckDB.

One generated organisation (30 reps over 12 months, with its planted practice adoptions) is
imported into a DuckDB store and analysed; then the same export is imported into a Spark store
(`spark:///dir?master=local[2]`: Parquet files read through Ibis's PySpark backend) and analysed
again, for the same people. Every snapshot must match: counts, ids and words exactly, rates and
other plain arithmetic to 1e-9 (relative), and what an optimiser fits on the small per-rep
tables (shrinkage priors, the impact model) to FITTED_TOLERANCE.

Smaller than the demo (120 reps x 18 months) because Spark in local mode spends most of a query
planning it, whatever the size of the data: the demo's analysis runs several minutes there, this
organisation's about a minute on two quiet cores, with every analysis part holding results.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from uplift.analytics.engine import spark_url
from uplift.crm.services import crm_import
from uplift.insights.snapshots.store import SnapshotKind, snapshots_json
from uplift.orgs.models import Organisation
from uplift.orgs.services import organisation_get_or_create
from uplift.pipeline.services import analysis_run
from uplift.practices.adoption_import import adoptions_import
from uplift.synthetic import generate_export

pytestmark = [pytest.mark.spark, pytest.mark.django_db]

RATE_TOLERANCE = 1e-9
# Estimates that an iterative fit returns (its stopping point moves in the last digits when the
# engines hand over sums added up in another order).
FITTED_TOLERANCE = 1e-6


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    return shutil.which("java") or (str(Path(home) / "bin" / "java") if home else None)


@pytest.fixture(scope="module", autouse=True)
def _java_present() -> None:
    if _java() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Spark test, but no Java runtime is installed.")
        pytest.skip("no Java runtime: Spark cannot start (install openjdk-17-jre-headless)")


def _imported(
    settings: SettingsWrapper, organisation: Organisation, url: str, export: Path
) -> None:
    """The export in a new store at `url` (the organisation's people stay as they are)."""
    settings.UPLIFT_ANALYTICS_URL = url
    Organisation.objects.filter(pk=organisation.pk).update(analytics_store="")
    crm_import(source="salesforce", location=export, organisation=organisation)


def _analysed(organisation: Organisation) -> dict[SnapshotKind, dict[str, Any]]:
    run = analysis_run(organisation=organisation)
    return snapshots_json(run=run, kinds=list(SnapshotKind))


def _differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """Where `got` differs from `expected`, as paths into the documents."""
    if isinstance(expected, dict) and isinstance(got, dict):
        if expected.keys() != got.keys():
            return [f"{path}: keys {sorted(expected.keys() ^ got.keys())}"]
        return [d for k in expected for d in _differences(expected[k], got[k], f"{path}.{k}")]
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{path}: {len(expected)} items, Spark {len(got)}"]
        return [
            d
            for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for d in _differences(e, g, f"{path}[{i}]")
        ]
    return _leaf_differences(expected, got, path)


def _leaf_differences(expected: Any, got: Any, path: str) -> list[str]:
    numbers = isinstance(expected, float) or isinstance(got, float)
    if numbers and None not in (expected, got) and not isinstance(expected, bool):
        tolerance = FITTED_TOLERANCE if _fitted(path) else RATE_TOLERANCE
        same = math.isclose(float(expected), float(got), rel_tol=tolerance, abs_tol=1e-12)
        return [] if same else [f"{path}: {expected!r} != {got!r}"]
    return [] if expected == got else [f"{path}: {expected!r} != {got!r}"]


def _fitted(path: str) -> bool:
    """A number the mix adjustment's fitted model gives (a rep's expected result, adjusted
    result and its standard error), or one of the shrunk lenses built on it."""
    return path.rsplit(".", 1)[-1] in FITTED_NUMBERS or ".lenses" in path


FITTED_NUMBERS = {"expected", "adjusted", "adjusted_raw", "adjusted_sd"}


# About a minute on two quiet cores; on cores shared with other work, Spark's many small
# queries (a few hundred) wait for the CPU one by one.
@pytest.mark.timeout(1800)
def test_the_whole_analysis_on_spark_equals_duckdb(
    settings: SettingsWrapper, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    generate_export(export, reps=30, months=12, seed=7)
    organisation = organisation_get_or_create(name="Generated", slug="generated")
    _imported(settings, organisation, f"duckdb://{tmp_path / 'analytics.duckdb'}", export)
    summary = adoptions_import(path=export / "adoptions.csv", organisation=organisation)
    assert summary.rejected == 0
    on_duckdb = _analysed(organisation)
    _imported(settings, organisation, spark_url(tmp_path / "spark"), export)
    on_spark = _analysed(organisation)

    assert on_spark.keys() == on_duckdb.keys() == set(SnapshotKind)
    assert on_duckdb[SnapshotKind.IMPACT]["practices"], "the adoptions give impact something"
    assert len(on_duckdb[SnapshotKind.SEGMENTS]["reps"]) >= 25
    differences = {
        kind: found
        for kind in on_duckdb
        if (found := _differences(on_duckdb[kind], on_spark[kind], kind.value))
    }
    assert differences == {}, "\n".join(d for found in differences.values() for d in found[:40])
