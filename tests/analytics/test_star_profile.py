"""Star profiles: each star placed among the core on every behaviour, the distinctive ones by the
stated rule (beyond the core's 80th / 20th percentile, on a behaviour where stars and core differ
with q < 0.1). Checked on drawn data with a planted star behaviour, against numpy and scipy, and
on the generated organisation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest
from ibis.backends import BaseBackend
from scipy.stats import percentileofscore

from tests.analytics.generated import GeneratedStore, generated_store
from uplift.analytics import behaviour as behaviour_module
from uplift.analytics import engine
from uplift.analytics.behaviour import (
    ACTIVITY_BEHAVIOURS,
    RepGroup,
    compare_behaviours,
    rep_groups_from_segments,
)
from uplift.analytics.behaviour.profile import (
    ProfileRule,
    behaviour_profiles,
    profile_document,
)
from uplift.analytics.performance import analyse_performance
from uplift.pipeline.analyses import AnalysisContext
from uplift.pipeline.analyses.drivers import drivers_compute
from uplift.pipeline.analyses.star_profiles import star_profiles_compute

MEETINGS, CALLS, EMAILS, CONTACTS = ACTIVITY_BEHAVIOURS
N_STAR, N_CORE, N_TAIL = 12, 60, 18


def drawn(seed: int = 3) -> tuple[list[RepGroup], dict[str, dict[tuple[str, str], float]]]:
    """Reps with meetings per deal planted for stars (+1.5 on a core mean of 2) and e-mails
    drawn the same for everyone."""
    rng = np.random.default_rng(seed)
    reps: list[RepGroup] = []
    values: dict[str, dict[tuple[str, str], float]] = {MEETINGS.key: {}, EMAILS.key: {}}
    for band, n in (("star", N_STAR), ("core", N_CORE), ("tail", N_TAIL)):
        for i in range(n):
            rep = RepGroup("crm", f"{band}-{i:02d}", band, {"SMB": 1.0}, name=f"{band} {i}")  # type: ignore[arg-type]
            reps.append(rep)
            lift = 1.5 if band == "star" else 0.0
            values[MEETINGS.key][rep.key] = float(rng.normal(2.0 + lift, 0.5))
            values[EMAILS.key][rep.key] = float(rng.normal(6.0, 1.5))
    return reps, values


def profiles_of(reps, values, rule=None):  # type: ignore[no-untyped-def]
    behaviours = (MEETINGS, EMAILS)
    drivers = compare_behaviours(behaviours, values, reps)
    q_values = {d.behaviour.key: d.q_value for d in drivers}
    return behaviour_profiles(behaviours, values, reps, q_values, rule=rule), q_values


def test_the_planted_behaviour_is_distinctive_and_the_even_one_is_not() -> None:
    reps, values = drawn()
    profiles, q_values = profiles_of(reps, values)
    assert q_values[MEETINGS.key] < 0.001
    assert q_values[EMAILS.key] > 0.1
    assert len(profiles) == N_STAR
    with_meetings = [
        p for p in profiles if MEETINGS.key in {s.behaviour.key for s in p.distinctive}
    ]
    assert len(with_meetings) >= N_STAR - 2  # nearly every star sits above the core's 80th
    unusual = 0
    for profile in profiles:
        assert EMAILS.key not in {s.behaviour.key for s in profile.distinctive}
        for standing in profile.distinctive:
            assert standing.direction == "high"
            assert standing.value > standing.core_high
        for standing in profile.unusual:  # far from the core, but stars do not differ there
            assert standing.behaviour == EMAILS or not standing.distinctive
            assert standing.value > standing.core_high or standing.value < standing.core_low
            unusual += standing.behaviour == EMAILS
    expected = sum(
        not (p.standings[1].core_low <= p.standings[1].value <= p.standings[1].core_high)
        for p in profiles
    )
    assert unusual == expected


def test_percentiles_and_thresholds_agree_with_numpy_and_scipy() -> None:
    reps, values = drawn(seed=11)
    profiles, _ = profiles_of(reps, values)
    for behaviour in (MEETINGS, EMAILS):
        found = values[behaviour.key]
        core = np.array([found[r.key] for r in reps if r.band == "core"])
        everyone = np.array([found[r.key] for r in reps])
        for profile in profiles:
            standing = next(s for s in profile.standings if s.behaviour == behaviour)
            value = found[profile.rep.key]
            assert standing.value == value
            assert standing.core_median == pytest.approx(np.median(core), abs=1e-12)
            assert standing.core_low == pytest.approx(np.percentile(core, 20), abs=1e-12)
            assert standing.core_high == pytest.approx(np.percentile(core, 80), abs=1e-12)
            assert standing.percentile_core == pytest.approx(
                percentileofscore(core, value, kind="mean"), abs=1e-9
            )
            assert standing.percentile_all == pytest.approx(
                percentileofscore(everyone, value, kind="mean"), abs=1e-9
            )
            assert (standing.n_core, standing.n_all) == (N_CORE, N_STAR + N_CORE + N_TAIL)


def test_ties_count_half_and_the_rule_is_strictly_beyond_the_threshold() -> None:
    core = [RepGroup("crm", f"c{i}", "core") for i in range(10)]
    star = RepGroup("crm", "s", "star")
    reps = [star, *core]
    # Core values 1..10: the 80th percentile is 8.2 and the 20th 2.8 (linear interpolation).
    for value, direction, percentile in (
        (8.2, None, 80.0),
        (9.0, "high", 85.0),
        (2.0, "low", 15.0),
        (5.0, None, 45.0),
    ):
        values = {MEETINGS.key: {r.key: float(i + 1) for i, r in enumerate(core)}}
        values[MEETINGS.key][star.key] = value
        (profile,) = behaviour_profiles((MEETINGS,), values, reps, {MEETINGS.key: 0.01})
        (standing,) = profile.standings
        assert standing.direction == direction, value
        assert standing.distinctive == (direction is not None)
        assert standing.percentile_core == pytest.approx(percentile)


def test_a_behaviour_where_stars_do_not_differ_is_never_distinctive() -> None:
    reps, values = drawn()
    behaviours = (MEETINGS,)
    for q_value in (0.1, 0.5, None):
        profiles = behaviour_profiles(behaviours, values, reps, {MEETINGS.key: q_value})
        assert all(not p.distinctive for p in profiles)
        assert all(p.standings[0].direction is not None for p in profiles[:3])
    looser = ProfileRule(q_max=0.6)
    profiles = behaviour_profiles(behaviours, values, reps, {MEETINGS.key: 0.5}, rule=looser)
    assert any(p.distinctive for p in profiles)


def test_too_few_core_reps_place_no_one() -> None:
    reps, values = drawn()
    few = [r for r in reps if r.band != "core"] + [r for r in reps if r.band == "core"][:9]
    profiles, _ = profiles_of(few, values)
    assert all(p.standings == () for p in profiles)


def test_the_document_states_what_a_page_needs() -> None:
    reps, values = drawn()
    profiles, _ = profiles_of(reps, values)
    doc = profile_document(profiles[0])
    assert {"rep_id", "name", "team", "distinctive", "behaviours"} <= set(doc)
    item = doc["behaviours"][0]
    assert {
        "behavior",
        "label",
        "unit",
        "value",
        "core_median",
        "core_low",
        "core_high",
        "percentile_core",
        "percentile_all",
        "percentile_on_mix",
        "q_value",
        "direction",
        "distinctive",
        "reading",
    } <= set(item)
    assert "core median" in item["reading"]


def test_rule_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="low"):
        ProfileRule(high=40)
    with pytest.raises(ValueError, match="q_max"):
        ProfileRule(q_max=0)


# --- On the generated organisation (DuckDB) -------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeneratedStore:
    return generated_store(tmp_path_factory, "duckdb://")


@pytest.fixture(scope="module")
def con(store: GeneratedStore) -> Iterator[BaseBackend]:
    backend = engine.connect(store.url)
    yield backend
    backend.disconnect()


def test_generated_stars_show_the_planted_behaviours(
    con: BaseBackend, store: GeneratedStore
) -> None:
    performance = analyse_performance(con)
    result = performance.to_dict()
    context = AnalysisContext(
        backend=con,
        organisation=None,
        as_of=performance.as_of,
        performance=result,  # type: ignore[arg-type]
    )
    doc = star_profiles_compute(context)
    segments = rep_groups_from_segments(result["segments"])
    assert len(doc["profiles"]) == sum(rep.band == "star" for rep in segments)
    drivers = {d["behavior"]: d for d in doc["drivers"]}
    planted = {star["id"] for star in store.truth["stars"]}
    counts = {
        "meetings_per_opportunity": 0,
        "contacts_per_opportunity": 0,
        "emails_per_opportunity": 0,
    }
    for profile in doc["profiles"]:
        for item in profile["distinctive"]:
            q = drivers[item["behavior"]]["q_value"]
            assert q is not None
            assert q < 0.1
            assert item["value"] > item["core_high"] or item["value"] < item["core_low"]
            if profile["rep_id"] in planted and item["behavior"] in counts:
                counts[item["behavior"]] += 1
    found = [p for p in doc["profiles"] if p["rep_id"] in planted]
    assert found
    # The planted star behaviours stand out for many planted stars; the placebo for none.
    assert counts["meetings_per_opportunity"] >= len(found) // 3
    assert counts["contacts_per_opportunity"] >= len(found) // 3
    assert counts["emails_per_opportunity"] == 0


def test_drivers_and_star_profiles_read_the_behaviour_table_once_per_run(
    con: BaseBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = analyse_performance(con).to_dict()

    def context() -> AnalysisContext:
        return AnalysisContext(
            backend=con,
            organisation=None,
            as_of=date.fromisoformat(result["as_of"]),  # type: ignore[arg-type]
            performance=result,
        )

    alone = (drivers_compute(context()), star_profiles_compute(context()))
    reads: list[object] = []
    counted = behaviour_module.behaviour_table

    def counting(*args: object, **kwargs: object) -> object:
        reads.append(args)
        return counted(*args, **kwargs)  # type: ignore[arg-type]

    # The analyses load the estimators when they compute, so the table is counted at its source.
    monkeypatch.setattr(behaviour_module, "behaviour_table", counting)
    run = context()
    together = (drivers_compute(run), star_profiles_compute(run))
    assert len(reads) == 1
    assert together == alone  # sharing the table changes no number
