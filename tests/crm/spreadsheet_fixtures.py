"""Small workbooks written in the tests, as a spreadsheet program saves them.

Each format is written by its own library (openpyxl for .xlsx and .xlsm, xlwt for .xls, odfpy for
.ods), so the importer reads files it did not make itself. Cells keep their Python types: a float
is a number cell, a date or datetime a date cell with a date format, a str a text cell, None an
empty cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

Rows = list[list[Any]]
FORMATS = ("xlsx", "xlsm", "xls", "ods")


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write `sheets` (name -> rows, in order) as the workbook `path`; its suffix says the format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {
        ".xlsx": _openpyxl,
        ".xlsm": _openpyxl,
        ".xls": _xlwt,
        ".ods": _odfpy,
    }[path.suffix]
    writer(path, sheets)
    return path


def _openpyxl(path: Path, sheets: dict[str, Rows]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def _xlwt(path: Path, sheets: dict[str, Rows]) -> None:
    book = xlwt.Workbook()
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    moment = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write(r, c, value, moment)
                elif isinstance(value, dt.date):
                    sheet.write(r, c, value, date)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))


def _ods_cell(value: Any) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def _odfpy(path: Path, sheets: dict[str, Rows]) -> None:
    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            line = TableRow()
            for value in row:
                line.addElement(_ods_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))
