"""The calendar the generator works on: whole days counted from an origin, and text tables.

Every date in the batch code is an integer "day" (days since the origin, the first day of the
warm-up) and every moment an integer "second" since the origin's midnight UTC, so that dates can
be shifted, compared and rendered with array operations and lookup tables.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
import numpy.typing as npt

SECONDS_PER_DAY = 86_400
# Lookup tables reach this far before the origin (time-zone shifts) and after the end
# (close dates of open deals, tasks due after the export).
DAYS_BEFORE_ORIGIN = 3
DAYS_AFTER_END = 1_500


def months_before(day: date, months: int) -> date:
    """The first day of the month `months` months before the month of `day`."""
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True, eq=False)
class Timeline:
    origin: date  # day 0: the first day of the warm-up months
    start: date  # the first day of the export window
    end: date  # the last day of the export window
    start_day: int
    end_day: int
    last_day: int  # the last day the lookup tables cover
    month_starts: npt.NDArray[np.int64]  # first day of every month from the origin to the end
    month_lengths: npt.NDArray[np.int64]
    month_numbers: npt.NDArray[np.int64]  # calendar month (1-12) of each of those months
    calendar_month: npt.NDArray[np.int64]  # by day
    quarter_end: npt.NDArray[np.int64]  # by day: the last day of its calendar quarter
    _date_text: npt.NDArray[np.bytes_]

    def day_of(self, day: date) -> int:
        return (day - self.origin).days

    def date_of(self, day: int) -> date:
        return self.origin + timedelta(days=int(day))

    def clip_days(self, days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.clip(days, -DAYS_BEFORE_ORIGIN, self.last_day)

    def date_text(self, days: npt.NDArray[np.int64]) -> npt.NDArray[np.bytes_]:
        """`2024-03-15` for each day."""
        return self._date_text[days + DAYS_BEFORE_ORIGIN]

    def datetime_pieces(
        self, seconds: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.bytes_], npt.NDArray[np.bytes_]]:
        """`2024-03-15` and `T14:30:00.000Z` for each moment: two pieces of one CSV field."""
        days, time_of_day = np.divmod(seconds, SECONDS_PER_DAY)
        return self.date_text(days), time_of_day_text()[time_of_day]


def build_timeline(*, start: date, end: date, warmup_months: int) -> Timeline:
    origin = months_before(start, warmup_months)
    last_day = (end - origin).days + DAYS_AFTER_END
    first = np.datetime64(origin, "D") - DAYS_BEFORE_ORIGIN
    days = first + np.arange(last_day + DAYS_BEFORE_ORIGIN + 1)
    months = days.astype("datetime64[M]")
    calendar_month_all = months.astype(np.int64) % 12 + 1
    quarter_start = months - ((calendar_month_all - 1) % 3).astype("timedelta64[M]")
    quarter_end_dates = (quarter_start + np.timedelta64(3, "M")).astype("datetime64[D]") - 1
    quarter_end_all = (quarter_end_dates - np.datetime64(origin, "D")).astype(np.int64)

    window_months = np.arange(
        np.datetime64(origin, "M"), np.datetime64(end, "M") + 1, dtype="datetime64[M]"
    )
    month_starts = (window_months.astype("datetime64[D]") - np.datetime64(origin, "D")).astype(
        np.int64
    )
    next_starts = ((window_months + 1).astype("datetime64[D]") - np.datetime64(origin, "D")).astype(
        np.int64
    )
    return Timeline(
        origin=origin,
        start=start,
        end=end,
        start_day=(start - origin).days,
        end_day=(end - origin).days,
        last_day=last_day,
        month_starts=month_starts,
        month_lengths=next_starts - month_starts,
        month_numbers=window_months.astype(np.int64) % 12 + 1,
        calendar_month=calendar_month_all[DAYS_BEFORE_ORIGIN:],
        quarter_end=quarter_end_all[DAYS_BEFORE_ORIGIN:],
        _date_text=np.datetime_as_string(days).astype("S10"),
    )


@cache
def time_of_day_text() -> npt.NDArray[np.bytes_]:
    """`T14:30:05.000Z` for every second of a day."""
    return np.array(
        [
            f"T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.000Z".encode()
            for second in range(SECONDS_PER_DAY)
        ],
        dtype="S14",
    )
