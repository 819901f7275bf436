"""Numbers in plain words: the one-line reading that reps and managers see beside a number.

Every reading is worded from the number's interval or probability, never from the estimate
alone, so that a page says "too early to say" where the data cannot tell yet and "likely better"
only where the whole interval says so. The method, the interval and the false-discovery check
sit behind the page's "How is this computed?" disclosure (``web/partials/_how_computed.html``),
for whoever asks.

Pure: no Django, no database, and low in the layer order, so that what a capability says outside
the pages (a spotlight posted to chat) reads the same as the pages. One function per kind of
number:

- `impact_words`: an impact estimate (a practice, coaching) in words, from the reading the impact
  analysis decided (``uplift.analytics.impact.results.reading_for``: the one place that reads an
  interval, the time since adopting and the pre-trend check together);
- `change_reading`: the effect of doing something from its 95% interval alone (older impact
  documents without a reading);
- `gap_reading`: stars against the core on a metric, from the gap's 95% interval;
- `difference_reading`: a behaviour compared between stars and core after the check for chance
  findings among the many behaviours compared (its q-value);
- `group_reading`: whether stars as a group differ from the core on a behaviour (a star's
  profile);
- `chance_reading`: a probability, such as the probability of being a star;
- `standing_reading`: a place among others, such as a percentile in a help network;
- `behaviour_sentence`: what stars do differently, as a sentence ("Stars hold 2.1 times more
  meetings per opportunity", written with a multiplication sign).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from uplift.analytics.behaviour.catalogue import FIXED_BEHAVIOURS, Unit
from uplift.analytics.behaviour.wording import number

FDR_LEVEL = 0.05  # a comparison is clear at q ≤ 5%, as the drivers analysis decides it
SAME_GAP = 0.05  # stars within ±5% of the core are "about the same as the core"
SAME_WIN_RATE = 0.02  # an effect within ±2 points of win rate is "about the same"


class Tone(StrEnum):
    """How a reading is coloured: the page's badge follows it, never the other way round."""

    GOOD = "good"
    BAD = "bad"
    SAME = "same"
    UNSURE = "unsure"
    NONE = "none"


@dataclass(frozen=True)
class Reading:
    """A number's plain reading: ``words`` as the page shows them, ``tone`` for its colour."""

    words: str
    tone: Tone

    def __str__(self) -> str:
        return self.words


NO_DATA = Reading("no data yet", Tone.NONE)


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _interval(interval: Sequence[float | None] | None) -> tuple[float, float] | None:
    """The interval's two ends, or None when either is missing."""
    if not interval or len(interval) < 2:
        return None
    low, high = _finite(interval[0]), _finite(interval[1])
    if low is None or high is None:
        return None
    return (low, high) if low <= high else (high, low)


def change_reading(
    interval: Sequence[float | None] | None,
    *,
    same_within: float | None = None,
    pre_trends_differ: bool = False,
) -> Reading:
    """What doing something changed, from the 95% interval of its effect: "likely better" when
    the whole interval is above zero, "likely worse" when it is below, "about the same" when the
    whole interval lies within ± ``same_within`` (a change too small to matter; None: no such
    band), otherwise "too early to say". When the people who did it were already moving apart
    from the others before (``pre_trends_differ``), nothing can be read from it yet."""
    ends = _interval(interval)
    if ends is None:
        return NO_DATA
    if pre_trends_differ:
        return Reading("unclear: they were already different before", Tone.UNSURE)
    low, high = ends
    if low > 0:
        return Reading("likely better", Tone.GOOD)
    if high < 0:
        return Reading("likely worse", Tone.BAD)
    if same_within is not None and -same_within <= low and high <= same_within:
        return Reading("about the same", Tone.SAME)
    return Reading("too early to say", Tone.UNSURE)


IMPACT_WORDS: dict[str, Reading] = {
    "likely positive": Reading("likely better", Tone.GOOD),
    "likely negative": Reading("likely worse", Tone.BAD),
    "no effect detected": Reading("no effect detected", Tone.SAME),
    "too early to say": Reading("too early to say", Tone.UNSURE),
    "pre-trends differ: treat with caution": Reading(
        "unclear: they were already different before", Tone.UNSURE
    ),
}


def impact_words(
    reading: str | None,
    interval: Sequence[float | None] | None,
    *,
    same_within: float | None = None,
) -> Reading:
    """An impact estimate in words, as every page, spotlight, award and chat post shows it: the
    impact analysis' own reading ("likely positive", "no effect detected", …) worded for people
    ("likely better", "no effect detected", …); without an interval, "no data yet"; a document
    from before readings were stored falls back to :func:`change_reading`."""
    if _interval(interval) is None:
        return NO_DATA
    known = IMPACT_WORDS.get(reading or "")
    if known is not None:
        return known
    return change_reading(
        interval,
        same_within=same_within,
        pre_trends_differ=str(reading or "").startswith("pre-trends differ"),
    )


def gap_reading(
    interval: Sequence[float | None] | None, *, same_within: float = SAME_GAP
) -> Reading:
    """Stars against the core on one metric, from the 95% interval of the gap (a share: 0.30 is
    30% higher): "stars clearly ahead" when the whole interval is above zero, "stars clearly
    behind" below it, "about the same as the core" within ± ``same_within``, otherwise "too close
    to call"."""
    ends = _interval(interval)
    if ends is None:
        return NO_DATA
    low, high = ends
    if low > 0:
        return Reading("stars clearly ahead", Tone.GOOD)
    if high < 0:
        return Reading("stars clearly behind", Tone.BAD)
    if -same_within <= low and high <= same_within:
        return Reading("about the same as the core", Tone.SAME)
    return Reading("too close to call", Tone.UNSURE)


def difference_reading(
    q_value: float | None, *, stars_higher: bool | None, level: float = FDR_LEVEL
) -> Reading:
    """A behaviour compared between stars and core, from its q-value (the chance-finding check
    after allowing for the many behaviours compared): clear at q ≤ ``level``, as the analysis
    decides it; "not compared" without one (too few reps with a value)."""
    q = _finite(q_value)
    if q is None or stars_higher is None:
        return Reading("not compared (too few reps)", Tone.NONE)
    if q <= level:
        if stars_higher:
            return Reading("stars clearly higher", Tone.GOOD)
        return Reading("stars clearly lower", Tone.GOOD)
    return Reading("no clear difference", Tone.SAME)


def group_reading(q_value: float | None, *, below: float) -> Reading:
    """Whether stars as a group differ from the core on a behaviour, from its q-value: "clearly
    differ" under ``below`` (the star profile rule's level, strictly), "no clear difference"
    otherwise, "not compared" without one."""
    q = _finite(q_value)
    if q is None:
        return Reading("not compared (too few reps)", Tone.NONE)
    if q < below:
        return Reading("clearly differ", Tone.GOOD)
    return Reading("no clear difference", Tone.SAME)


def chance_reading(probability: float | None) -> Reading:
    """A probability in words: "almost certainly" from 90%, "likely" from 70%, "could go either
    way" above 30%, "unlikely" above 10%, "very unlikely" at 10% or less."""
    p = _finite(probability)
    if p is None:
        return NO_DATA
    if p >= 0.9:
        return Reading("almost certainly", Tone.GOOD)
    if p >= 0.7:
        return Reading("likely", Tone.GOOD)
    if p > 0.3:
        return Reading("could go either way", Tone.UNSURE)
    if p > 0.1:
        return Reading("unlikely", Tone.SAME)
    return Reading("very unlikely", Tone.SAME)


def star_chance(probability: float | None) -> str:
    """The probability of being a star as a sentence: "Likely a star", "Could go either way"."""
    reading = chance_reading(probability)
    if reading is NO_DATA:
        return "Not ranked yet"
    if reading.words == "could go either way":
        return "Could go either way: star or core"
    return f"{reading.words.capitalize()} a star"


def standing_reading(percentile: float | None) -> Reading:
    """A place among everyone (a percentile, 0 to 100: at 90 one is above 90% of them): "among the
    highest" from 90, "above most" from 60, "around the middle" from 40, "below most" under 40."""
    p = _finite(percentile)
    if p is None:
        return NO_DATA
    if p >= 90:
        return Reading("among the highest", Tone.GOOD)
    if p >= 60:
        return Reading("above most", Tone.GOOD)
    if p >= 40:
        return Reading("around the middle", Tone.SAME)
    return Reading("below most", Tone.SAME)


_BEHAVIOURS = {behaviour.key: behaviour for behaviour in FIXED_BEHAVIOURS}
RATIO_SHOWN_FROM = 1.1  # under 1.1 times the core reads as "more", not as "1.0 times more"
TIMES = "\N{MULTIPLICATION SIGN}"


def behaviour_sentence(
    *, behavior: str, label: str, star: float | None, core: float | None, unit: Unit
) -> str:
    """What stars do differently, as a sentence a rep can read: "Stars hold 2.1 times more
    meetings per opportunity (3.4 against 1.6 for the core)", with a multiplication sign. A
    behaviour the catalogue does not phrase reads "Stars: <label> 3.4 against 1.6 for the
    core"."""
    s, c = _finite(star), _finite(core)
    if s is None or c is None:
        return f"{label}: no data yet"
    values = f"({number(s, unit)} against {number(c, unit)} for the core)"
    known = _BEHAVIOURS.get(behavior)
    if known is None or s == c:
        return f"Stars: {label.lower()} {number(s, unit)} against {number(c, unit)} for the core"
    phrase = known.more if s > c else known.less
    if s > c and unit == "per_opportunity" and c > 0 and s / c >= RATIO_SHOWN_FROM:
        phrase = phrase.replace(" more ", f" {s / c:.1f}{TIMES} more ", 1)
    return f"Stars {phrase} {values}"


_STATISTIC_PARTS = re.compile(
    r"^(\d+% probability of top \d+%|rank \d+ of \d+ \(90% interval \d+-\d+\))$"
)


def reason_and_statistics(why: str) -> tuple[str, str]:
    """A rep's band reason as the stars analysis words it ("bookings 2.6x the core's …; wins
    through volume …; 60% probability of top 20%; rank 9 of 76 (90% interval 4-29)") split into
    the reason in words and the statistics that go behind "How is this computed?"."""
    parts = [part.strip() for part in why.split(";") if part.strip()]
    words = [part for part in parts if not _STATISTIC_PARTS.match(part)]
    numbers = [part for part in parts if _STATISTIC_PARTS.match(part)]
    return "; ".join(words), "; ".join(numbers)


_INTERVAL = re.compile(r"\s*\((?:9[05]% interval|95% CI)[^()]*\)")


def without_intervals(sentence: str) -> str:
    """A sentence the analysis wrote with its intervals in brackets ("Stars' bookings are 116%
    above the core's (95% interval +51% to +210%).") without them, for the page; the whole
    sentence goes behind "How is this computed?"."""
    return _INTERVAL.sub("", sentence)
