"""How a mapped column's text reads as its kind: amounts and durations, as DuckDB computes them.

Plain numbers take a fast way (a 64-bit decimal straight from the text); everything else is
cleaned first, and only the largest read as 38 digits. Whichever way a value goes, it must
read as the one careful way always read it.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from uplift.crm.importers.mapped_values import typed
from uplift.crm.importers.mapping import ColumnMap


def read(kind: str, texts: list[str | None], *, decimal: str = ".") -> list[Any]:
    cm = ColumnMap(target="x", where="[x.columns] x", kind=kind, columns=("X",), decimal=decimal)
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (n INTEGER, x VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(texts)))
        rows = con.execute(f"SELECT {typed(cm, 'x')} FROM t ORDER BY n").fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("3500", 350_000),
        ("-12.5", -1250),
        ("+7", 700),
        ("1200.505", 120_051),  # half a cent rounds away from zero
        ("0.0049999", 1),  # read to six decimals (0.005000), then rounded to cents
        ("12,500.00", 1_250_000),
        ("$12,500.75", 1_250_075),
        ("€ 99", 9900),
        ("1 234.5", 123_450),
        ("12345678901234.56", 1_234_567_890_123_456),  # 14 digits before the point
        ("1,2,3", None),
        ("12.500,00", None),  # a decimal comma, with the decimal point declared
        ("abc", None),
        (None, None),
    ],
)
def test_amounts_in_cents(text: str | None, cents: int | None) -> None:
    assert read("money", [text]) == [cents]


def test_a_number_too_long_for_18_digits_still_reads() -> None:
    # 13 digits before the point and 6 after: 19 digits, beyond a 64-bit decimal.
    assert read("cents", ["1234567890123.456789"]) == [1_234_567_890_123]
    assert read("minutes", ["1234567890123.456789"]) == [pytest.approx(1234567890123.4568)]


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234", 123_400),  # the point separates thousands
        ("1.234,56", 123_456),
        ("12,5", 1250),
        ("-3", -300),
        ("€ 1.234.567,89", 123_456_789),
        ("1,2,3", None),
    ],
)
def test_amounts_with_a_decimal_comma(text: str, cents: int | None) -> None:
    assert read("money", [text], decimal=",") == [cents]


def test_durations_in_minutes() -> None:
    assert read("seconds", ["90", "1,800", None, "x"]) == [1.5, 30.0, None, None]
    assert read("hours", ["1.25"]) == [75.0]
    assert read("minutes", ["2.1234567"]) == [pytest.approx(2.123457)]  # six decimals
