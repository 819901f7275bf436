"""The plain readings beside numbers (uplift.core.plain_words), at their boundaries: each
reading follows the interval or the probability, never the estimate alone."""

from __future__ import annotations

import math

import pytest

from uplift.core.plain_words import (
    NO_DATA,
    Tone,
    behaviour_sentence,
    chance_reading,
    change_reading,
    difference_reading,
    gap_reading,
    group_reading,
    impact_words,
    reason_and_statistics,
    standing_reading,
    star_chance,
    without_intervals,
)


@pytest.mark.parametrize(
    ("interval", "words", "tone"),
    [
        ((0.001, 0.2), "likely better", Tone.GOOD),
        ((0.0, 0.2), "too early to say", Tone.UNSURE),  # touching zero is not above it
        ((-0.2, -0.001), "likely worse", Tone.BAD),
        ((-0.2, 0.0), "too early to say", Tone.UNSURE),
        ((-0.5, 0.5), "too early to say", Tone.UNSURE),
        ((0.2, 0.001), "likely better", Tone.GOOD),  # ends given the wrong way round
    ],
)
def test_a_change_reads_from_its_interval(
    interval: tuple[float, float], words: str, tone: Tone
) -> None:
    reading = change_reading(interval)
    assert (reading.words, reading.tone) == (words, tone)


def test_a_narrow_interval_around_zero_reads_about_the_same() -> None:
    assert change_reading((-0.02, 0.02), same_within=0.02).words == "about the same"
    assert change_reading((-0.0201, 0.02), same_within=0.02).words == "too early to say"
    assert change_reading((-0.02, 0.0201), same_within=0.02).words == "too early to say"
    assert change_reading((-0.01, 0.01)).words == "too early to say"  # no band: never "same"


def test_a_change_with_different_pre_trends_cannot_be_read() -> None:
    reading = change_reading((0.1, 0.3), pre_trends_differ=True)
    assert reading.tone == Tone.UNSURE
    assert "already different before" in reading.words


@pytest.mark.parametrize(
    "interval", [None, (), (None, 0.2), (0.1, None), (math.nan, 0.2), (0.1, math.inf), (0.1,)]
)
def test_a_missing_interval_is_no_data_never_zero(interval: object) -> None:
    assert change_reading(interval) is NO_DATA  # type: ignore[arg-type]
    assert gap_reading(interval) is NO_DATA  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("interval", "words"),
    [
        ((0.0001, 0.9), "stars clearly ahead"),
        ((0.0, 0.9), "too close to call"),
        ((-0.9, -0.0001), "stars clearly behind"),
        ((-0.05, 0.05), "about the same as the core"),
        ((-0.0501, 0.05), "too close to call"),
        ((-0.05, 0.0501), "too close to call"),
    ],
)
def test_a_gap_reads_from_its_interval(interval: tuple[float, float], words: str) -> None:
    assert gap_reading(interval).words == words


@pytest.mark.parametrize(
    ("q", "higher", "words"),
    [
        (0.05, True, "stars clearly higher"),  # clear at q ≤ 5%, as the analysis decides
        (0.05, False, "stars clearly lower"),
        (0.0500001, True, "no clear difference"),
        (0.9, False, "no clear difference"),
        (None, True, "not compared (too few reps)"),
        (0.01, None, "not compared (too few reps)"),
    ],
)
def test_a_difference_reads_from_its_q_value(
    q: float | None, higher: bool | None, words: str
) -> None:
    assert difference_reading(q, stars_higher=higher).words == words


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (1.0, "almost certainly"),
        (0.9, "almost certainly"),
        (0.8999, "likely"),
        (0.7, "likely"),
        (0.6999, "could go either way"),
        (0.3001, "could go either way"),
        (0.3, "unlikely"),
        (0.1001, "unlikely"),
        (0.1, "very unlikely"),
        (0.0, "very unlikely"),
    ],
)
def test_a_probability_reads_in_words(p: float, words: str) -> None:
    assert chance_reading(p).words == words


def test_the_chance_of_being_a_star_is_a_sentence() -> None:
    assert star_chance(0.95) == "Almost certainly a star"
    assert star_chance(0.72) == "Likely a star"
    assert star_chance(0.5) == "Could go either way: star or core"
    assert star_chance(0.05) == "Very unlikely a star"
    assert star_chance(None) == "Not ranked yet"
    assert chance_reading(None) is NO_DATA


@pytest.mark.parametrize(
    ("percentile", "words"),
    [
        (90, "among the highest"),
        (89.9, "above most"),
        (60, "above most"),
        (59.9, "around the middle"),
        (40, "around the middle"),
        (39.9, "below most"),
    ],
)
def test_a_standing_reads_in_words(percentile: float, words: str) -> None:
    assert standing_reading(percentile).words == words
    assert standing_reading(None) is NO_DATA


def test_what_stars_do_reads_as_a_sentence_with_the_ratio() -> None:
    sentence = behaviour_sentence(
        behavior="meetings_per_opportunity",
        label="Meetings per opportunity",
        star=3.4,
        core=1.6,
        unit="per_opportunity",
    )
    assert (
        sentence
        == "Stars hold 2.1\u00d7 more meetings per opportunity (3.40 against 1.60 for the core)"
    )


def test_a_small_ratio_or_a_lower_value_reads_without_a_multiple() -> None:
    close = behaviour_sentence(
        behavior="calls_per_opportunity", label="Calls", star=2.1, core=2.0, unit="per_opportunity"
    )
    assert close.startswith("Stars make more calls per opportunity (2.10")
    sooner = behaviour_sentence(
        behavior="days_to_first_activity",
        label="Days to first activity",
        star=1.5,
        core=1.9,
        unit="days",
    )
    assert sooner == "Stars touch new deals sooner (1.5 days against 1.9 days for the core)"


def test_a_behaviour_the_catalogue_does_not_phrase_reads_by_its_label() -> None:
    sentence = behaviour_sentence(
        behavior="custom_thing", label="Demos per deal", star=2.0, core=1.0, unit="per_opportunity"
    )
    assert sentence == "Stars: demos per deal 2.00 against 1.00 for the core"
    missing = behaviour_sentence(
        behavior="custom_thing", label="Demos per deal", star=None, core=1.0, unit="per_opportunity"
    )
    assert missing == "Demos per deal: no data yet"


def test_a_band_reason_keeps_its_words_and_leaves_the_statistics_for_the_disclosure() -> None:
    why = (
        "bookings 2.6x the core's on the same deals; wins through volume, with deal size like "
        "the core's; 60% probability of top 20%; rank 9 of 76 (90% interval 4-29)"
    )
    words, statistics = reason_and_statistics(why)
    assert words == (
        "bookings 2.6x the core's on the same deals; wins through volume, with deal size like "
        "the core's"
    )
    assert statistics == "60% probability of top 20%; rank 9 of 76 (90% interval 4-29)"
    assert reason_and_statistics("") == ("", "")


@pytest.mark.parametrize(
    ("q", "words"),
    [
        (0.0999, "clearly differ"),
        (0.1, "no clear difference"),
        (None, "not compared (too few reps)"),
    ],
)
def test_a_group_difference_reads_from_its_q_value_strictly_below_the_level(
    q: float | None, words: str
) -> None:
    assert group_reading(q, below=0.1).words == words


def test_a_sentence_loses_its_intervals_and_keeps_its_words() -> None:
    sentence = (
        "Stars' bookings are 116% above the core's (95% interval +51% to +210%). Once selling "
        "time, deal mix and luck are taken out, stars are +97% on bookings (95% interval +76% "
        "to +122%)."
    )
    assert without_intervals(sentence) == (
        "Stars' bookings are 116% above the core's. Once selling time, deal mix and luck are "
        "taken out, stars are +97% on bookings."
    )
    assert without_intervals("rank 9 of 76 (90% interval 4-29)") == "rank 9 of 76"
    assert without_intervals("no brackets here (really)") == "no brackets here (really)"


@pytest.mark.parametrize(
    ("reading", "words", "tone"),
    [
        ("likely positive", "likely better", Tone.GOOD),
        ("likely negative", "likely worse", Tone.BAD),
        ("no effect detected", "no effect detected", Tone.SAME),
        ("too early to say", "too early to say", Tone.UNSURE),
        (
            "pre-trends differ: treat with caution",
            "unclear: they were already different before",
            Tone.UNSURE,
        ),
    ],
)
def test_an_impact_estimate_is_worded_from_the_analysis_reading(
    reading: str, words: str, tone: Tone
) -> None:
    """The analysis decides (interval, time since adopting, pre-trend check); pages only word it:
    an interval wholly above zero still reads "too early to say" when the analysis says so."""
    got = impact_words(reading, (0.01, 0.05))
    assert (got.words, got.tone) == (words, tone)


def test_an_impact_document_without_a_reading_falls_back_to_its_interval() -> None:
    assert impact_words(None, (0.01, 0.05)).words == "likely better"
    assert impact_words("likely positive", (None, None)).words == "no data yet"
