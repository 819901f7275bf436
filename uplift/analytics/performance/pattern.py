"""Why a star is a star: a rep's result split into volume, conversion and deal size, against the
core, with speed beside them, and the pattern named in plain words.

Bookings against an average rep with the same selling time and mix split exactly into
volume x conversion x deal size (:mod:`.adjust`). Dividing each part by the core's (the
geometric mean over core reps) says where a rep's lead comes from: "wins through volume: 2.4x
the core's closed deals for the same selling time and mix, at a win rate and deal size like the
core's". Speed (the median sales cycle) is not a factor of bookings in a window, so it is named
beside the others, never as the reason. A part counts as a channel when it is at least
``CHANNEL_RATIO`` (15 %) above the core; the main channels are those at least half as strong, on
the log scale, as the strongest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from uplift.analytics.performance.adjust import FloatArray, RepResults
from uplift.analytics.performance.formatting import finite_or_none

Channel = Literal["volume", "conversion", "deal_size"]
CHANNELS: tuple[Channel, ...] = ("volume", "conversion", "deal_size")
CHANNEL_RATIO = 1.15
CHANNEL_WORDS: dict[Channel, str] = {
    "volume": "volume",
    "conversion": "conversion",
    "deal_size": "deal size",
}


@dataclass(frozen=True)
class WinPattern:
    """Each part as a multiple of the core's (None without data), the main channels strongest
    first (empty: balanced, or behind the core), and the sentence."""

    volume: float | None
    conversion: float | None
    deal_size: float | None
    speed: float | None  # the core's median cycle / the rep's: 1.25 = closes 25 % faster
    channels: tuple[Channel, ...]
    kind: str  # "volume", "conversion", "deal_size", "balanced" or "behind"
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """Keys: kind, channels, volume, conversion, deal_size, speed (each x the core's),
        sentence."""
        return {
            "kind": self.kind,
            "channels": list(self.channels),
            "volume": finite_or_none(self.volume),
            "conversion": finite_or_none(self.conversion),
            "deal_size": finite_or_none(self.deal_size),
            "speed": finite_or_none(self.speed),
            "sentence": self.sentence,
        }


def _geomean(values: FloatArray) -> float | None:
    good = values[np.isfinite(values) & (values > 0)]
    return float(np.exp(np.mean(np.log(good)))) if len(good) else None


def _times(x: float) -> str:
    return f"{x:.1f}x" if x >= 1.95 or x < 0.95 else f"{x:.2f}x"


def _part_phrase(channel: Channel, ratio: float) -> str:
    if channel == "volume":
        return f"{_times(ratio)} the core's closed deals for the same selling time and mix"
    if channel == "conversion":
        return f"a win rate {_times(ratio)} the core's on the same deals"
    return f"won deals {_times(ratio)} the size of the core's"


LEVEL_WORDS: dict[Channel, str] = {
    "volume": "volume",
    "conversion": "win rate",
    "deal_size": "deal size",
}


def _like_core(channels: list[Channel], parts: dict[Channel, float | None]) -> str:
    named = [LEVEL_WORDS[c] for c in channels if parts[c] is not None]
    if not named:
        return ""
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"at a {joined} like the core's" if len(named) == 1 else f"with {joined} like the core's"


def _speed_phrase(speed: float | None) -> str:
    if speed is None or not math.isfinite(speed):
        return ""
    if speed >= CHANNEL_RATIO:
        return f"; closes {round((1 - 1 / speed) * 100)}% faster than the core"
    if speed <= 1 / CHANNEL_RATIO:
        return f"; takes {round((1 / speed - 1) * 100)}% longer to close than the core"
    return ""


def win_pattern(parts: dict[Channel, float | None], speed: float | None) -> WinPattern:
    """Name the pattern of one rep from their parts relative to the core."""
    logs = {c: math.log(v) for c, v in parts.items() if v is not None and v > 0}
    ahead = sorted(
        (c for c, v in logs.items() if v >= math.log(CHANNEL_RATIO)), key=lambda c: -logs[c]
    )
    main = [c for c in ahead if logs[c] >= 0.5 * logs[ahead[0]]] if ahead else []
    rest = [c for c in CHANNELS if c not in main]
    level = [c for c in rest if c in logs and abs(logs[c]) < math.log(CHANNEL_RATIO)]
    other = [c for c in rest if c in logs and c not in level]
    if main:
        kind = main[0] if len(main) == 1 else "+".join(main)
        head = "wins through " + " and ".join(CHANNEL_WORDS[c] for c in main)
        details = [_part_phrase(c, parts[c] or 0) for c in main]
        tail = [_part_phrase(c, parts[c] or 0) for c in other]
        sentence = head + ": " + ", ".join(details)
        if level:
            sentence += ", " + _like_core(level, parts)
        if tail:
            sentence += "; " + ", ".join(tail)
    elif any(v <= -math.log(CHANNEL_RATIO) for v in logs.values()):
        weakest = min(logs, key=lambda c: logs[c])
        kind = "behind"
        sentence = f"behind the core mainly on {CHANNEL_WORDS[weakest]}: " + _part_phrase(
            weakest, parts[weakest] or 0
        )
    elif logs:
        kind = "balanced"
        sentence = "no single channel stands out: " + ", ".join(
            _part_phrase(c, parts[c] or 0) for c in CHANNELS if c in logs
        )
    else:
        kind = "balanced"
        sentence = "not enough closed deals to say where the result comes from"
    return WinPattern(
        volume=parts.get("volume"),
        conversion=parts.get("conversion"),
        deal_size=parts.get("deal_size"),
        speed=speed,
        channels=tuple(main),
        kind=kind,
        sentence=sentence + _speed_phrase(speed),
    )


def win_patterns(
    results: RepResults,
    ranked: list[int],
    core: list[int],
    cycle_days: dict[int, float | None],
) -> dict[int, WinPattern]:
    """The pattern of every rep in ``ranked`` (positions in ``results``) against ``core``."""
    arrays: dict[Channel, FloatArray] = {
        "volume": results.volume,
        "conversion": results.conversion,
        "deal_size": results.deal_size,
    }
    reference = {c: _geomean(a[core]) for c, a in arrays.items()}
    core_cycles = [cycle_days.get(i) for i in core]
    finite_cycles = [c for c in core_cycles if c is not None and c > 0]
    core_cycle = float(np.median(finite_cycles)) if finite_cycles else None
    found: dict[int, WinPattern] = {}
    for i in ranked:
        parts: dict[Channel, float | None] = {}
        for channel, array in arrays.items():
            value, ref = float(array[i]), reference[channel]
            good = ref is not None and math.isfinite(value) and value > 0
            parts[channel] = value / ref if good and ref else None
        cycle = cycle_days.get(i)
        speed = core_cycle / cycle if core_cycle and cycle and cycle > 0 else None
        found[i] = win_pattern(parts, speed)
    return found
