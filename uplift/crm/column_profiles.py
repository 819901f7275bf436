"""What an export's column holds, read from its values alone: ids, e-mail addresses, dates and
their format, amounts and their decimal mark, durations, a few repeated words, or free text.

Pure Python (no Django, no database): the mapping wizard reads the first rows of each uploaded
file, profiles each column here, and proposes a canonical column from the profile and the header
(uplift.crm.mapping_proposals). A profile also keeps a few sample values to show, and the
distinct words of a column that repeats a few of them (a stage, a status, an activity type) for
the value maps. Formats are strptime formats that DuckDB's strptime reads the same way, as the
importer does (uplift/crm/importers/mapped_values.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from uplift.crm.importers.csvread import FALSE_WORDS, TRUE_WORDS
from uplift.crm.importers.sheet_rows import DATE, NUMBER

SAMPLES = 5  # values shown beside a header
MOST = 0.75  # the share of a column's values a kind must read to be proposed
MAX_WORDS = 30  # a column with more distinct values than this is not a vocabulary
SHOWN_CHARACTERS = 60

# The kinds a profile says a column holds.
EMPTY, EMAIL, ID, INTEGER, AMOUNT, DATE_KIND, DATETIME_KIND = (
    "empty",
    "email",
    "id",
    "integer",
    "amount",
    "date",
    "datetime",
)
DURATION, BOOL, WORDS, TEXT = "duration", "bool", "words", "text"

# Date formats tried on text dates, one family per way of writing them; within a family the
# longest forms come first, so "15.06.2024 13:50" is not read as a bare date. ISO 8601 text needs
# no format at all: the importer reads it by default.
ISO = "iso"
DATE_FAMILIES: dict[str, tuple[str, ...]] = {
    "day.month.year": ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y"),
    "day/month/year": ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"),
    "month/day/year": (
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
    ),
    "day-month-year": ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"),
    "year/month/day": ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"),
}
# Day numbers of the spreadsheets (days since 1899-12-30) between 1954 and 2064.
SERIAL_DAYS = (20_000, 60_000)

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_CURRENCY = re.compile(r"[\s$€£¥\u00a0\u202f]|EUR|USD|GBP|CHF", re.IGNORECASE)
_POINT_NUMBER = re.compile(r"[-+]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
_COMMA_NUMBER = re.compile(r"[-+]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-:.]*[0-9][A-Za-z0-9_\-:.]*")
_CLOCK = re.compile(r"[0-9]+:[0-5][0-9](:[0-5][0-9])?")
_ISO_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?Z?)?"
)
_PERSON = re.compile(r"[^\W\d_][\w'.\-]*( [^\W\d_][\w'.\-]*){1,3}")


@dataclass(frozen=True)
class ColumnProfile:
    """What one column's values look like. `kind` is one of the kinds above; `formats` the
    strptime formats its text dates are written in (empty for ISO 8601 text or cells a
    spreadsheet stored as dates); `decimal` the decimal mark of its amounts; `clock` "hm" or
    "hms" for durations written as 0:30 or 1:02:30."""

    header: str
    kind: str = EMPTY
    samples: tuple[str, ...] = ()
    filled: int = 0  # values that are not blank
    distinct: int = 0
    unique: bool = False  # every value different from the others
    formats: tuple[str, ...] = ()
    decimal: str = "."
    clock: str = ""
    words: tuple[str, ...] = ()  # the distinct values, when the column repeats a few
    names: bool = False  # most values look like people's names ("Anna Schmidt")
    stored: str = ""  # NUMBER or DATE when a spreadsheet stored most cells so
    serial: bool = False  # whole numbers that could be a spreadsheet's day numbers

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnProfile:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("samples", "formats", "words"):
            if key in known:
                known[key] = tuple(known[key])
        return cls(**known)

    @property
    def is_date(self) -> bool:
        return self.kind in (DATE_KIND, DATETIME_KIND)

    @property
    def is_number(self) -> bool:
        return self.kind in (INTEGER, AMOUNT)


def shown(value: str) -> str:
    """A value as a page shows it: control characters replaced, long text cut."""
    text = "".join(c if c.isprintable() else "\ufffd" for c in value)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _share(values: Sequence[str], test: Any) -> float:
    return sum(1 for v in values if test(v)) / len(values)


def amount_value(text: str, decimal: str) -> float | None:
    """The number an amount's text holds with that decimal mark, as the importer reads it
    (currency signs and spaces left out, thousands separators only where they are ones)."""
    bare = _CURRENCY.sub("", text)
    pattern = _COMMA_NUMBER if decimal == "," else _POINT_NUMBER
    if not pattern.fullmatch(bare):
        return None
    separator = "." if decimal == "," else ","
    return float(bare.replace(separator, "").replace(",", "."))


def _most(read: int, values: Sequence[str]) -> bool:
    """Whether a reading fits the column: it reads nearly all of its values (a few bad ones are
    the preview's to show, row by row)."""
    return bool(values) and read >= MOST * len(values)


def decimal_of(values: Sequence[str]) -> str | None:
    """The decimal mark the amounts are written with, or None when they are not amounts: the
    mark that reads more of them; the point when both read them all (3500, 1.200)."""
    point = sum(1 for v in values if amount_value(v, ".") is not None)
    comma = sum(1 for v in values if amount_value(v, ",") is not None)
    if not _most(max(point, comma), values):
        return None
    return "," if comma > point else "."


def _parses(text: str, fmt: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, fmt)  # noqa: DTZ007  (times are kept as written)
    except ValueError:
        return None


def date_formats_of(values: Sequence[str]) -> tuple[str, tuple[str, ...], bool] | None:
    """(family, the formats that read the values, whether any has a time of day), or None when
    no family reads nearly all of them; the family that reads most, the first of those listed
    on a tie (day first). ISO 8601 text is the family "iso", with no formats."""
    iso = [v for v in values if _ISO_DATE.fullmatch(v)]
    if _most(len(iso), values) and len(iso) * 2 > len(values):
        timed = any(len(v) > 10 and not v[11:].startswith("00:00:00") for v in iso)
        return ISO, (), timed
    best: tuple[int, str, tuple[str, ...], bool] | None = None
    for family, formats in DATE_FAMILIES.items():
        used: list[str] = []
        read = 0
        for value in values:
            fmt = next((f for f in formats if _parses(value, f) is not None), None)
            if fmt is not None:
                read += 1
                used += [fmt] if fmt not in used else []
        timed = any("%H" in f or "%I" in f for f in used)
        if _most(read, values) and (best is None or read > best[0]):
            best = (read, family, tuple(f for f in formats if f in used), timed)
    return None if best is None else best[1:]


def _stored_kind(stored: Sequence[str | None]) -> str:
    kinds = [k for k in stored if k]
    if not kinds:
        return ""
    for kind in (NUMBER, DATE):
        if kinds.count(kind) * 2 > len(stored):
            return kind
    return ""


def _words(values: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(" ".join(value.lower().split()), value.strip())
    return tuple(seen.values()) if len(seen) <= MAX_WORDS else ()


Cell = tuple[str, str | None]  # (text, how a spreadsheet stored it: NUMBER, DATE or None)


def _number_kind(cells: Sequence[Cell]) -> tuple[str, str] | None:
    """(kind, decimal mark) for numbers: INTEGER for whole numbers written plainly, AMOUNT for
    the rest; None when the values are not numbers. Cells a spreadsheet stored as numbers are
    numbers whatever the mark; the text ones say which mark they are written with."""
    if any(kind == DATE for _, kind in cells):
        return None
    texts = [text for text, kind in cells if kind is None]
    decimal = decimal_of(texts) if texts else "."
    if decimal is None:
        return None
    plain = _most(sum(1 for text, _ in cells if _INTEGER.fullmatch(text)), [t for t, _ in cells])
    return (INTEGER if plain else AMOUNT), decimal


def _date_kind(cells: Sequence[Cell]) -> tuple[str, tuple[str, ...]] | None:
    """(kind, formats) for dates: cells stored as dates (with day numbers among them), and
    text dates in the formats returned (none for ISO 8601 text)."""
    dates = [text for text, kind in cells if kind == DATE]
    numbers = [text for text, kind in cells if kind == NUMBER]
    texts = [text for text, kind in cells if kind is None]
    if numbers and not (dates and serial_days(numbers)):
        return None
    if not dates and not texts:
        return None
    found = date_formats_of(texts) if texts else (ISO, (), False)
    if found is None:
        return None
    _, formats, timed = found
    timed = timed or any(len(v) > 10 and not v.endswith("00:00:00") for v in dates)
    return (DATETIME_KIND if timed else DATE_KIND), formats


def serial_days(values: Sequence[str]) -> bool:
    """Whether whole numbers could be a spreadsheet's day numbers (days since 1899-12-30) of
    dates between 1954 and 2064: only the header can tell them from amounts."""
    return all(_INTEGER.fullmatch(v) for v in values) and all(
        SERIAL_DAYS[0] <= int(v) <= SERIAL_DAYS[1] for v in values
    )


def column_profile(
    header: str, values: Sequence[str | None], stored: Sequence[str | None] = ()
) -> ColumnProfile:
    """The profile of one column from its first values (None or blank for an empty cell) and,
    for a spreadsheet, how each cell was stored (NUMBER, DATE or None for text)."""
    filled = [v.strip() for v in values if v is not None and v.strip()]
    if not filled:
        return ColumnProfile(header=header)
    stored_kind = _stored_kind([k for v, k in zip(values, stored, strict=False) if v])

    distinct = len({v.lower() for v in filled})
    base: dict[str, Any] = {
        "header": header,
        "samples": tuple(shown(v) for v in dict.fromkeys(filled))[:SAMPLES],
        "filled": len(filled),
        "distinct": distinct,
        "unique": distinct == len(filled),
        "stored": stored_kind,
        "names": _share(filled, _PERSON.fullmatch) >= 0.8,
    }
    words = _words(filled)
    repeats = bool(words) and distinct * 2 <= len(filled)
    kinds = [*stored, *([None] * (len(values) - len(stored)))]
    cells = [(v.strip(), k) for v, k in zip(values, kinds, strict=False) if v and v.strip()]
    dated = _date_kind(cells)
    numbered = None if dated else _number_kind(cells)
    if _share(filled, _EMAIL.fullmatch) >= 0.8:
        kind = EMAIL
    elif dated is not None:
        kind, base["formats"] = dated
    elif numbered is not None:
        kind, base["decimal"] = numbered
        base["serial"] = kind == INTEGER and serial_days(filled)
    elif _share(filled, _CLOCK.fullmatch) >= MOST:
        kind = DURATION
        base["clock"] = "hms" if any(v.count(":") == 2 for v in filled) else "hm"
    elif all(v.lower() in TRUE_WORDS + FALSE_WORDS for v in filled):
        kind = BOOL
    elif repeats:
        kind = WORDS
    elif base["unique"] and _share(filled, _CODE.fullmatch) == 1:
        kind = ID
    else:
        kind = TEXT
    if kind in (WORDS, TEXT, BOOL) and words:
        base["words"] = tuple(shown(w) for w in words)
    return ColumnProfile(kind=kind, **base)


@dataclass(frozen=True)
class FileSample:
    """One uploaded file as the wizard read it: how (a CSV file's delimiter and encoding, a
    spreadsheet's sheet and the sheets it has), its headers in order, and each one's profile."""

    name: str
    headers: tuple[str, ...]
    profiles: tuple[ColumnProfile, ...]
    rows: int = 0  # rows read for the profiles (at most the first PROFILE_ROWS)
    delimiter: str = ""
    delimiter_detected: bool = True
    encoding: str = ""
    sheet: str = ""
    sheets: tuple[str, ...] = ()

    @property
    def is_spreadsheet(self) -> bool:
        return bool(self.sheet)

    def profile(self, header: str) -> ColumnProfile:
        return next((p for p in self.profiles if p.header == header), ColumnProfile(header))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["profiles"] = [p.as_dict() for p in self.profiles]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileSample:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["headers"] = tuple(known.get("headers", ()))
        known["sheets"] = tuple(known.get("sheets", ()))
        known["profiles"] = tuple(ColumnProfile.from_dict(p) for p in known.get("profiles", ()))
        return cls(**known)
