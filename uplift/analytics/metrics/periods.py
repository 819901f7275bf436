"""Reporting windows and periods: the trailing twelve months, months and quarters.

A window is a closed interval of dates, ``start`` to ``end`` inclusive. The trailing window of
``months`` months ending at ``as_of`` starts the day after ``as_of`` minus ``months`` months, so
ending on 2026-10-31 it starts on 2025-11-01 and covers exactly twelve calendar months.

Within a window, a *grain* cuts time into periods: the whole window (``"window"``), calendar
months (``"month"``) or calendar quarters (``"quarter"``). Periods at the edges are clipped to the
window, so a quarter that starts before the window reports only the window's part of it
(``Period.start`` and ``Period.end`` say which days).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Grain = Literal["window", "month", "quarter"]
GRAINS: tuple[Grain, ...] = ("window", "month", "quarter")


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def is_month_end(day: date) -> bool:
    return day == month_end(day)


@dataclass(frozen=True)
class Period:
    """One period of a grain. ``key`` is what the engine groups by (the first day of the month or
    quarter, or the window's start); ``start``/``end`` are the days it covers inside the window."""

    grain: Grain
    key: date
    start: date
    end: date

    @property
    def label(self) -> str:
        """``2026-10`` for a month, ``2026-Q4`` for a quarter, ``2025-11-01..2026-10-31`` for a
        window. A clipped month or quarter keeps its calendar label."""
        if self.grain == "month":
            return self.key.strftime("%Y-%m")
        if self.grain == "quarter":
            return f"{self.key.year}-Q{(self.key.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Window:
    """A closed interval of dates, ``start`` to ``end`` inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a window cannot end ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> float:
        """Length in months (365.25/12 days each), used to annualise sums over the window."""
        return self.days / (365.25 / 12)

    @property
    def end_exclusive(self) -> date:
        """The day after ``end``: timestamps are in the window when ``< end_exclusive``."""
        return self.end + timedelta(days=1)

    def periods(self, grain: Grain) -> tuple[Period, ...]:
        """The window cut into periods of ``grain``, oldest first, clipped to the window."""
        if grain == "window":
            return (Period(grain, key=self.start, start=self.start, end=self.end),)
        if grain not in GRAINS:
            raise ValueError(f"unknown grain {grain!r}; expected one of {GRAINS}")
        step = 1 if grain == "month" else 3
        key = month_start(self.start) if grain == "month" else quarter_start(self.start)
        found = []
        while key <= self.end:
            last = add_months(key, step) - timedelta(days=1)
            found.append(
                Period(grain, key=key, start=max(key, self.start), end=min(last, self.end))
            )
            key = add_months(key, step)
        return tuple(found)

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> Window:
        """A window as :meth:`to_dict` wrote it."""
        return cls(start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]))


def trailing_window(as_of: date, months: int = 12) -> Window:
    """The ``months`` months ending at ``as_of`` (inclusive): starts the day after
    ``as_of`` minus ``months`` months."""
    if months < 1:
        raise ValueError("a trailing window needs at least one month")
    if is_month_end(as_of):
        return Window(start=add_months(month_start(as_of), 1 - months), end=as_of)
    return Window(start=add_months(as_of, -months) + timedelta(days=1), end=as_of)


def last_full_month_end(latest: date) -> date:
    """The last day of the last full month up to ``latest``: ``latest`` itself when it is a
    month end, otherwise the end of the month before."""
    return latest if is_month_end(latest) else month_start(latest) - timedelta(days=1)
