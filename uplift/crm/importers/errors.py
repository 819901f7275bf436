from __future__ import annotations


class ImportInputError(Exception):
    """Input that cannot be imported. The message names the file, row and column."""


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
