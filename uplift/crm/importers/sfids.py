"""Salesforce's 15-character ids in their 18-character (case-safe) form, computed in SQL.

Salesforce exports spell the same record with a 15-character, case-sensitive id in some places
and the 18-character form in others; the importer stores the 18-character form so both join.
The three extra characters are a checksum of the case: each 5-character chunk of the 15 gives
one character of `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`, whose index has bit i set when character i
of the chunk is an upper-case letter.

`id18_sql` writes that as plain DuckDB SQL (fifteen one-character comparisons), which DuckDB runs
on every core inside the pass that reads the file. A Python function registered on the
connection did the same arithmetic with numpy, but DuckDB calls such a function once per vector
of 2,048 rows while holding Python's lock: on a large export the calls, not the arithmetic,
took most of the import. `id18` is the same rule in Python, the reference the tests hold the SQL
to.
"""

from __future__ import annotations

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_SHORT = 15
_CHUNK = 5


def id18(value: str | None) -> str | None:
    """One id in its 18-character form; anything but 15 letters and digits is kept as it is."""
    if value is None or len(value) != _SHORT or not (value.isascii() and value.isalnum()):
        return value
    chunks = (value[start : start + _CHUNK] for start in range(0, _SHORT, _CHUNK))
    suffix = "".join(
        _ALPHABET[sum(1 << i for i, c in enumerate(chunk) if "A" <= c <= "Z")] for chunk in chunks
    )
    return value + suffix


def id18_sql(column: str) -> str:
    """SQL giving `column` (a column reference) in its 18-character form, as `id18` does."""
    letters = []
    for start in range(1, _SHORT + 1, _CHUNK):
        index = " + ".join(
            f"(CASE WHEN substr({column}, {start + i}, 1) BETWEEN 'A' AND 'Z' THEN {1 << i} "
            "ELSE 0 END)"
            for i in range(_CHUNK)
        )
        letters.append(f"substr('{_ALPHABET}', {index} + 1, 1)")
    return (
        f"CASE WHEN length({column}) = {_SHORT} "
        f"AND regexp_full_match({column}, '[0-9A-Za-z]{{{_SHORT}}}') "
        f"THEN {column} || {' || '.join(letters)} ELSE {column} END"
    )
