"""A spreadsheet's cells become text a column at a time, exactly as cell by cell (cell_text).

The reader converts a column of text, of numbers or of dates (with blank cells) at once with
Arrow, and any other column cell by cell; whichever way a column goes, each cell's text and
kind must be the ones cell_text gives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.crm.importers.sheet_rows import _batches, cell_text, column_arrays

BLANK = st.just("")
TEXTS = st.text(max_size=8)
NUMBERS = st.one_of(
    st.integers(-(10**16), 10**16).map(float),  # whole numbers, some beyond 15 digits
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(-(10**6), 10**6, places=2, allow_nan=False).map(float),
)
# Naive date-times, as calamine gives them (a spreadsheet stores no time zone).
MOMENTS = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(9999, 12, 31),  # noqa: DTZ001
)
DATES = st.dates(min_value=dt.date(1900, 1, 1))
WHOLE_SECONDS = MOMENTS.map(lambda m: m.replace(microsecond=0))
OTHERS = st.one_of(st.booleans(), st.integers(-(10**6), 10**6), st.times(), st.timedeltas())
COLUMNS = st.one_of(
    st.lists(st.one_of(BLANK, TEXTS), max_size=30),
    st.lists(st.one_of(BLANK, NUMBERS), max_size=30),
    st.lists(st.one_of(BLANK, DATES, WHOLE_SECONDS), max_size=30),
    st.lists(st.one_of(BLANK, MOMENTS), max_size=30),
    st.lists(st.one_of(BLANK, TEXTS, NUMBERS, DATES, MOMENTS, OTHERS), max_size=30),
)


SCHEMA = pa.schema(
    [
        ("_row", pa.int64()),
        ("A", pa.string()),
        ("B", pa.string()),
        ("_kind_0", pa.string()),
        ("_kind_1", pa.string()),
    ]
)


def one_by_one(values: list[Any]) -> tuple[list[str | None], list[str | None]]:
    pairs = [cell_text(v) for v in values]
    return [t for t, _ in pairs], [k for _, k in pairs]


@settings(max_examples=300, deadline=None)
@given(COLUMNS)
def test_a_column_reads_as_its_cells_do(values: list[Any]) -> None:
    texts, kinds = column_arrays(tuple(values))
    assert (texts.to_pylist(), kinds.to_pylist()) == one_by_one(values)


def test_whole_columns_of_each_kind() -> None:
    numbers = ("", 3500.0, 2900.5, 1e16, -0.0)
    assert column_arrays(numbers)[0].to_pylist() == [None, "3500", "2900.5", "1e+16", "0"]
    moments = ("", dt.date(2024, 3, 15), dt.datetime(2024, 3, 15, 14, 30))  # noqa: DTZ001
    texts, kinds = column_arrays(moments)
    assert texts.to_pylist() == [None, "2024-03-15", "2024-03-15 14:30:00"]
    assert kinds.to_pylist() == [None, "date", "date"]


def test_blank_rows_are_left_out_and_rows_keep_their_numbers() -> None:
    rows = [["a", 1.0], ["", ""], ["", 2.0], ["", ""]]
    schema = SCHEMA
    table = pa.Table.from_batches(list(_batches(iter(rows), 5, 2, schema)), schema=schema)
    assert table.column("_row").to_pylist() == [5, 7]
    assert table.column("B").to_pylist() == ["1", "2"]


def test_rows_shorter_or_longer_than_the_headers() -> None:
    rows = [["a"], ["", "", "x"], ["b", 2.0, "beyond"], [""]]
    schema = SCHEMA
    table = pa.Table.from_batches(list(_batches(iter(rows), 2, 2, schema)), schema=schema)
    # A value beyond the headers keeps its row, as it always did.
    assert table.column("_row").to_pylist() == [2, 3, 4]
    assert table.column("A").to_pylist() == ["a", None, "b"]
    assert table.column("B").to_pylist() == [None, None, "2"]


def test_a_batch_of_blank_rows_gives_nothing() -> None:
    schema = pa.schema([("_row", pa.int64()), ("A", pa.string()), ("_kind_0", pa.string())])
    assert list(_batches(iter([[""], [""]]), 2, 1, schema)) == []
    assert list(_batches(iter([[""], ["", ""]]), 2, 1, schema)) == []
