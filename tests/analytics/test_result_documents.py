"""The performance results read back from their stored documents: `from_dict(x.to_dict())`
writes the same JSON as `x`, for any result (property-based), and a document stored before a
key existed still reads, with that key's default."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.analytics.metrics.availability import MissingSource
from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.gap import GAP_METRICS, Gap, GapMetric, Headline, Opportunity
from uplift.analytics.performance.results import (
    BandRule,
    ExcludedRep,
    LensStanding,
    MetricDefinition,
    RepIdentity,
    RepSegment,
    ScorecardRow,
    Scorecards,
    Segments,
)
from uplift.analytics.performance.trend import Trend, TrendPoint

PRIMARY = ("attainment", "bookings", "win_rate", "avg_deal", "composite")
BANDS = ("star", "core", "tail")
text = st.text(max_size=12)
maybe_text = st.none() | text
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
# Numbers written through finite_or_none: NaN and infinity are written as null.
any_number = st.floats(allow_nan=True, allow_infinity=True)
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
maybe_finite = st.none() | finite
cents = st.integers(min_value=-(10**12), max_value=10**12)
counts = st.integers(min_value=0, max_value=10_000)


def stored(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the snapshot store gives it back: through JSON, which has no NaN."""
    return json.loads(json.dumps(document, allow_nan=False))


def same_json(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal as JSON text, so that an int read back as a float would count as a change."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    start = draw(days)
    return Window(start, start + timedelta(days=draw(st.integers(0, 800))))


missing_sources = st.builds(
    MissingSource,
    source=st.sampled_from(["activities", "contact_roles", "quotas"]),
    reason=text,
    columns=st.lists(text, max_size=3).map(tuple),
)
identities = st.builds(
    RepIdentity,
    source=st.sampled_from(["salesforce", "hubspot"]),
    rep_id=text,
    email=maybe_text,
    name=maybe_text,
    team=maybe_text,
    region=maybe_text,
    active=st.none() | st.booleans(),
)
# Metric columns: counts as int, rates as float or null; money columns in int cents or null.
metric_values = st.fixed_dictionaries(
    {
        "deals_closed": counts,
        "deals_won": counts,
        "win_rate": st.none() | any_number,
        "bookings_cents": cents,
        "avg_won_deal_cents": st.none() | finite,
        "quota_cents": st.none() | cents,
        "calls_per_opportunity": st.none() | any_number,
    }
)


@st.composite
def scorecard_rows(draw: st.DrawFn) -> ScorecardRow:
    start = draw(days)
    return ScorecardRow(
        rep=draw(identities),
        period=draw(text),
        period_start=start,
        period_end=start + timedelta(days=draw(st.integers(0, 90))),
        values=draw(metric_values),
    )


scorecards = st.builds(
    Scorecards,
    as_of=days,
    window=windows(),
    currency=st.sampled_from(["USD", "EUR"]),
    reps=st.lists(scorecard_rows(), max_size=3).map(tuple),
    monthly=st.lists(scorecard_rows(), max_size=3).map(tuple),
    quarterly=st.lists(scorecard_rows(), max_size=2).map(tuple),
    missing=st.lists(missing_sources, max_size=2).map(tuple),
)


@st.composite
def lens_standings(draw: st.DrawFn, lens: str) -> LensStanding:
    return LensStanding(
        lens=lens,
        label=draw(text),
        unit=draw(text),
        raw=draw(maybe_finite),
        expected=draw(maybe_finite),
        index=draw(maybe_finite),
        adjusted=draw(maybe_finite),
        rank=draw(counts),
        of=draw(counts),
        band=draw(st.sampled_from(BANDS)),
        in_use=draw(st.booleans()),
    )


@st.composite
def rep_segments(draw: st.DrawFn) -> RepSegment:
    lenses = draw(st.lists(st.sampled_from(["win_rate", "bookings", "volume"]), unique=True))
    pattern = {"kind": "volume", "channels": ["volume"], "volume": 1.4, "sentence": "More."}
    return RepSegment(
        rep=draw(identities),
        segment=draw(st.sampled_from(BANDS)),
        p_star=draw(st.floats(0, 1)),
        rank=draw(counts),
        rank_low=draw(counts),
        rank_high=draw(counts),
        metric=draw(st.sampled_from(PRIMARY)),
        raw=draw(any_number),
        expected=draw(any_number),
        adjusted_raw=draw(any_number),
        adjusted=draw(any_number),
        adjusted_sd=draw(any_number),
        n=draw(counts),
        wins=draw(counts),
        bookings_cents=draw(cents),
        mix=tuple(draw(st.dictionaries(text, st.floats(0, 1), max_size=3)).items()),
        why=draw(text),
        lenses=tuple(draw(lens_standings(lens)) for lens in lenses),
        pattern=draw(st.none() | st.just(pattern)),
        tenure=draw(maybe_text),
        exposure_months=draw(st.none() | any_number),
        disagreement=draw(maybe_text),
    )


excluded_reps = st.builds(
    ExcludedRep,
    rep=identities,
    reason=st.sampled_from(["no_closed_deals", "too_new", "no_quota"]),
    detail=text,
    deals_closed=counts,
)
band_rules = st.builds(
    BandRule,
    star_fraction=st.floats(0, 1),
    tail_fraction=st.floats(0, 1),
    n_ranked=counts,
    n_star=counts,
    n_core=counts,
    n_tail=counts,
    rule=text,
)
definitions = st.builds(
    MetricDefinition,
    primary_metric=st.sampled_from(PRIMARY),
    label=text,
    chosen_by=st.sampled_from(["default", "organisation", "run"]),
    sentence=text,
    parameters=st.dictionaries(text, st.integers(), max_size=2),
)
segments = st.builds(
    Segments,
    as_of=days,
    window=windows(),
    metric=st.sampled_from(PRIMARY),
    method=text,
    bands=band_rules,
    reps=st.lists(rep_segments(), max_size=3).map(tuple),
    excluded=st.lists(excluded_reps, max_size=3).map(tuple),
    definition=st.none() | definitions,
    lenses=st.lists(text, max_size=3).map(tuple),
    disagreements=counts,
)


@st.composite
def gap_rows(draw: st.DrawFn, metric: str, unit: str = "fraction") -> GapMetric:
    no_data = draw(maybe_text)
    return GapMetric(
        metric=metric,
        label=draw(text),
        unit=unit,
        higher_is_better=draw(st.booleans()),
        star=draw(st.none() | any_number),
        core=draw(st.none() | any_number),
        gap_pct=draw(st.none() | any_number),
        ci_low=draw(st.none() | any_number),
        ci_high=draw(st.none() | any_number),
        n_star=draw(counts),
        n_core=draw(counts),
        method=draw(st.sampled_from(["welch_log_ratio", "posterior"])),
        no_data=no_data,
    )


@st.composite
def gaps(draw: st.DrawFn) -> Gap:
    """A gap as the analysis writes it: the index row and the raw row it names are among the
    rows, and the headline is made of them."""
    primary = draw(st.sampled_from(PRIMARY))
    specs = draw(st.lists(st.sampled_from(GAP_METRICS), unique=True, max_size=4))
    rows = [draw(gap_rows(spec.metric, spec.unit)) for spec in specs]
    index = draw(gap_rows(f"{primary}_index", "index"))
    raw = draw(st.none() | st.sampled_from(rows)) if rows else None
    low, high = draw(cents), draw(cents)
    opportunity = Opportunity(
        metric=primary,
        close_fraction=draw(st.floats(0, 1)),
        index_gap=draw(any_number),
        index_gap_ci=(draw(any_number), draw(any_number)),
        base_cents=draw(cents),
        annual_value_cents=draw(cents),
        annual_value_ci_cents=(low, high),
        currency="USD",
        n_core=draw(counts),
        formula=draw(text),
        assumptions=draw(text),
    )
    headline = Headline(primary, draw(text), draw(text), raw, index)
    return Gap(
        as_of=draw(days),
        window=draw(windows()),
        primary_metric=primary,
        currency="USD",
        metrics=(index, *rows),
        opportunity=opportunity,
        headline=draw(st.none() | st.just(headline)),
        definition=draw(st.none() | st.just({"primary_metric": primary, "label": "L"})),
        missing=tuple(draw(st.lists(missing_sources, max_size=2))),
    )


@st.composite
def trend_points(draw: st.DrawFn) -> TrendPoint:
    start = draw(days)
    return TrendPoint(
        period=draw(text),
        period_start=start,
        period_end=start + timedelta(days=draw(st.integers(0, 31))),
        team=draw(text),
        star=draw(st.none() | any_number),
        core=draw(st.none() | any_number),
        gap_pct=draw(st.none() | any_number),
        n_star=draw(counts),
        n_core=draw(counts),
    )


trends = st.builds(
    Trend,
    as_of=days,
    window=windows(),
    metric=st.sampled_from(PRIMARY),
    unit=st.sampled_from(["fraction", "currency"]),
    series=st.lists(trend_points(), max_size=4).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(scorecards)
def test_scorecards_read_back_from_their_document(result: Scorecards) -> None:
    document = stored(result.to_dict())
    assert same_json(Scorecards.from_dict(document).to_dict(), document)


@settings(max_examples=150, deadline=None)
@given(segments)
def test_segments_read_back_from_their_document(result: Segments) -> None:
    document = stored(result.to_dict())
    assert same_json(Segments.from_dict(document).to_dict(), document)


@settings(max_examples=150, deadline=None)
@given(gaps())
def test_the_gap_reads_back_from_its_document(result: Gap) -> None:
    document = stored(result.to_dict())
    read = Gap.from_dict(document)
    assert same_json(read.to_dict(), document)
    if result.headline is not None:
        assert read.headline is not None
        assert read.headline.metric == result.headline.metric  # the primary metric


@settings(max_examples=150, deadline=None)
@given(trends)
def test_the_trend_reads_back_from_its_document(result: Trend) -> None:
    document = stored(result.to_dict())
    assert same_json(Trend.from_dict(document).to_dict(), document)


@given(scorecard_rows())
def test_a_scorecard_row_keeps_its_metric_columns_not_the_amounts_derived_from_them(
    row: ScorecardRow,
) -> None:
    read = ScorecardRow.from_dict(stored(row.to_dict()))
    assert set(read.values) == set(row.values)  # `bookings` (units) is written, not read
    assert read.rep == row.rep
    assert (read.period_start, read.period_end) == (row.period_start, row.period_end)


FIRST_SEGMENTS = {  # as the first analyses stored it: no definition, lenses, pattern or tenure
    "as_of": "2026-10-31",
    "window": {"start": "2025-11-01", "end": "2026-10-31"},
    "metric": "win_rate",
    "method": "Shrunk win rate on the deal mix.",
    "bands": {
        "star_fraction": 0.2,
        "tail_fraction": 0.2,
        "n_ranked": 1,
        "n_star": 1,
        "n_core": 0,
        "n_tail": 0,
        "rule": "top 20%",
    },
    "reps": [
        {
            "rep_id": "005A",
            "source": "salesforce",
            "email": "a@x.test",
            "name": "Ann",
            "team": "East",
            "region": None,
            "active": True,
            "segment": "star",
            "p_star": 0.9,
            "rank": 1,
            "rank_low": 1,
            "rank_high": 2,
            "metric": "win_rate",
            "raw": 0.5,
            "expected": 0.4,
            "adjusted": 1.2,
            "adjusted_raw": 1.25,
            "adjusted_sd": None,
            "n": 20,
            "wins": 10,
            "bookings_cents": 100_000,
            "mix": {"new": 1.0},
            "why": "Wins more.",
        }
    ],
    "excluded": [],
    "excluded_counts": {},
}


def test_segments_stored_before_definitions_and_lenses_read_with_their_defaults() -> None:
    read = Segments.from_dict(FIRST_SEGMENTS)
    (rep,) = read.reps
    assert (read.definition, read.lenses, read.disagreements) == (None, (), 0)
    assert (rep.lenses, rep.pattern, rep.tenure, rep.disagreement) == ((), None, None, None)
    assert rep.rep.rep_id == "005A"
    assert rep.segment == "star"
    assert read.to_dict()["reps"][0]["adjusted_sd"] is None  # written as it was stored


def test_scorecards_and_gap_stored_before_missing_sources_read_with_none() -> None:
    cards = Scorecards.from_dict(
        {
            "as_of": "2026-10-31",
            "window": {"start": "2025-11-01", "end": "2026-10-31"},
            "currency": "USD",
            "columns": {},
            "reps": [],
            "monthly": [],
            "quarterly": [],
        }
    )
    assert cards.missing == ()
    gap = Gap.from_dict(
        {
            "as_of": "2026-10-31",
            "window": {"start": "2025-11-01", "end": "2026-10-31"},
            "primary_metric": "win_rate",
            "currency": "USD",
            "metrics": [],
            "opportunity": {
                "close_fraction": 0.25,
                "annual_value": 1200.0,
                "annual_value_ci": [100.0, 2000.0],
                "annual_value_cents": 120_000,
                "annual_value_ci_cents": [10_000, 200_000],
                "currency": "USD",
                "metric": "win_rate",
                "index_gap": 0.2,
                "index_gap_ci": [0.1, None],
                "base_annual_bookings": 6000.5,
                "n_core": 4,
                "formula": "f",
                "assumptions": "a",
            },
        }
    )
    assert (gap.headline, gap.definition, gap.missing) == (None, None, ())
    assert gap.opportunity.base_cents == 600_050
    assert gap.to_dict()["opportunity"]["index_gap_ci"] == [0.1, None]
