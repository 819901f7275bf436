from __future__ import annotations

SHOWN_CHARACTERS = 60


class ImportInputError(Exception):
    """Input that cannot be imported. The message names the file, row and column."""


def problem_text(value: str | None, words: str) -> str:
    """What is wrong with a value, as messages and the rejects file say it: "'12k' is not an
    amount", or the words alone when the problem is that there is no value."""
    if value is None:
        return words
    shown = value if len(value) <= SHOWN_CHARACTERS else value[: SHOWN_CHARACTERS - 3] + "..."
    return f"{shown!r} {words}"


class MalformedInputError(ImportInputError):
    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ):
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")
        self.file = file
        self.row = row
        self.column = column
