"""An initiative's months, quarters and years, counted from the day it starts (not calendar
quarters: an initiative launched on 15 March has its first quarter until 14 June)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def periods(*, starts_on: date, ends_on: date, months: int) -> list[tuple[date, date]]:
    """Consecutive blocks of `months` months from `starts_on`, the last one ending on `ends_on`
    (first and last day, both included)."""
    found = []
    start = starts_on
    while start <= ends_on:
        end = min(add_months(start, months) - timedelta(days=1), ends_on)
        found.append((start, end))
        start = end + timedelta(days=1)
    return found


def months_between(earlier: date, later: date) -> float:
    """Months from one day to another, counting a part month by its days."""
    return (later - earlier).days / 30.4375
