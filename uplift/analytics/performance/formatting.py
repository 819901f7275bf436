"""Numbers as people read them, for the "why" sentences and formula texts."""

from __future__ import annotations

import math
from typing import Any

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}


def money(cents: float, currency: str) -> str:
    """A compact amount: ``$1.2M``, ``$840k``, ``$950`` (``CHF 1.2M`` without a known symbol)."""
    if not math.isfinite(cents):
        return "n/a"
    amount = cents / 100
    symbol = CURRENCY_SYMBOLS.get(currency)
    prefix = symbol or f"{currency} "
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            scaled = size / limit
            digits = 1 if scaled < 100 else 0
            return f"{sign}{prefix}{scaled:.{digits}f}{suffix}"
    return f"{sign}{prefix}{size:.0f}"


def percent(fraction: float) -> str:
    """0.412 -> ``41%``."""
    return "n/a" if not math.isfinite(fraction) else f"{100 * fraction:.0f}%"


def to_display(cents: float) -> float:
    """Cents to currency units, rounded to the cent."""
    return round(cents / 100, 2)


def finite_or_none(value: float | None) -> float | None:
    """JSON has no NaN: undefined numbers become null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def stored_number(value: Any) -> float:
    """A number as a document stored it, back as a float field: null (NaN or infinity when it
    was written, see :func:`finite_or_none`) is NaN again, so that it is written as null."""
    if value is None:
        return math.nan
    number: float = value  # as written: an int stays an int, and is written back the same
    return number
