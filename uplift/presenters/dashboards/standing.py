"""Why a star is a star, as the pages show it: a rep's standing on every lens side by side and
where their result comes from (volume, conversion, deal size, speed against the core).

Read from one ranked rep of the `segments` snapshot (its ``lenses``, ``pattern``, ``tenure``
and ``disagreement``; see :class:`uplift.analytics.performance.results.RepSegment`). Snapshots
from before these existed give empty standings, never an error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.performance.lenses import LENS_SPECS
from uplift.analytics.performance.pattern import CHANNEL_RATIO
from uplift.analytics.performance.results import RepSegment
from uplift.presenters.dashboards.formatting import finite_or_none, value_text

LENS_LABELS: dict[str, str] = {str(name): spec.label for name, spec in LENS_SPECS.items()}
LENS_SHORT_LABELS = {
    "attainment": "Attainment",
    "bookings": "Bookings",
    "win_rate": "Win rate",
    "avg_deal": "Avg deal",
    "volume": "Volume",
}
PARTS = (
    ("volume", "Volume", "closed deals for the same selling time and mix"),
    ("conversion", "Conversion", "win rate on the same deals"),
    ("deal_size", "Deal size", "size of won deals"),
    ("speed", "Speed", "how much faster deals close (the core's median cycle over theirs)"),
)


@dataclass(frozen=True)
class LensBadge:
    """Where a rep stands on one lens: "Bookings ★ 1", "Win rate core 14"; ``in_use`` marks the
    lens that made the bands."""

    lens: str
    label: str
    short: str
    band: str
    rank: int
    of: int
    in_use: bool
    raw: str
    expected: str

    @property
    def text(self) -> str:
        band = "★" if self.band == "star" else self.band
        return f"{self.short} {band} {self.rank}"

    @property
    def title(self) -> str:
        use = " (the definition in use)" if self.in_use else ""
        return (
            f"{self.label}{use}: rank {self.rank} of {self.of}, {self.band} on this lens; "
            f"{self.raw} against {self.expected} expected"
        )


@dataclass(frozen=True)
class PatternPart:
    key: str
    label: str
    meaning: str
    times: float | None

    @property
    def text(self) -> str:
        return "—" if self.times is None else f"{self.times:.2f}x"


@dataclass(frozen=True)
class RepStanding:
    """One ranked rep's lenses, pattern, tenure and (when the lenses disagree) the warning."""

    lenses: list[LensBadge] = field(default_factory=list)
    pattern_kind: str = ""
    channels: list[str] = field(default_factory=list)
    pattern_sentence: str = ""
    parts: list[PatternPart] = field(default_factory=list)
    tenure: str = ""
    disagreement: str = ""

    @property
    def has_pattern(self) -> bool:
        return bool(self.pattern_sentence)


def lens_badges(rep: RepSegment, order: Sequence[str] = (), currency: str = "") -> list[LensBadge]:
    """The rep's lenses in the snapshot's order (``segments.lenses``), the lens in use first."""
    found = {standing.lens: standing for standing in rep.lenses}
    names = [n for n in order if n in found] + [n for n in found if n not in order]
    badges = []
    for name in names:
        lens = found[name]
        unit = str(lens.unit or "")
        shown_unit = "count" if unit == "per_month" else unit
        badges.append(
            LensBadge(
                lens=name,
                label=str(lens.label or name),
                short=LENS_SHORT_LABELS.get(name, str(lens.label or name)),
                band=str(lens.band or ""),
                rank=int(lens.rank or 0),
                of=int(lens.of or 0),
                in_use=bool(lens.in_use),
                raw=value_text(finite_or_none(lens.raw), shown_unit, currency),
                expected=value_text(finite_or_none(lens.expected), shown_unit, currency),
            )
        )
    return sorted(badges, key=lambda b: not b.in_use)


def segment_standing(
    rep: RepSegment | None, order: Sequence[str] = (), currency: str = ""
) -> RepStanding:
    """A ranked rep's standing (an empty one for no rep)."""
    if rep is None:
        return RepStanding()
    # The pattern is the dictionary `WinPattern.to_dict` wrote; the result class keeps it so.
    pattern = dict(rep.pattern or {})
    return RepStanding(
        lenses=lens_badges(rep, order, currency),
        pattern_kind=str(pattern.get("kind") or ""),
        channels=[str(c) for c in pattern.get("channels") or []],
        pattern_sentence=_capitalised(str(pattern.get("sentence") or "")),
        parts=[
            PatternPart(key, label, meaning, finite_or_none(pattern.get(key)))
            for key, label, meaning in PARTS
        ]
        if pattern
        else [],
        tenure=_capitalised(str(rep.tenure or "")),
        disagreement=str(rep.disagreement or ""),
    )


def rep_standing(
    rep: Mapping[str, Any] | None, order: Sequence[str] = (), currency: str = ""
) -> RepStanding:
    """The standing of a ranked rep's row as the segments snapshot holds it
    (``RepSegment.to_dict()``)."""
    return segment_standing(RepSegment.from_dict(rep) if rep else None, order, currency)


def pattern_chart(standing: RepStanding) -> dict[str, Any] | None:
    """Volume, conversion, deal size and speed as multiples of the core's (1.0 = the core)."""
    rows = [
        {
            "label": part.label,
            "value": round(part.times, 3),
            "band": "star" if part.times >= CHANNEL_RATIO else "core",
        }
        for part in standing.parts
        if part.times is not None
    ]
    if not rows:
        return None
    return {
        "kind": "bars",
        "title": "Multiple of the core's",
        "unit": "index",
        "currency": "",
        "references": [{"key": "core", "value": 1.0, "label": "The core"}],
        "rows": rows,
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
