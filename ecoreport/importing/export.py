"""Export records of one kind to .xlsx with the Chinese headers the importer reads back.

Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
return) is written as a plain text cell, so an exported description such as "=HYPERLINK(...)"
cannot execute on a colleague's machine, and still reads back unchanged.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from ecoreport.importing.kinds import KINDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write_cell(sheet, row: int, column: int, value: object) -> None:
    from openpyxl.cell.cell import TYPE_STRING

    if value is None or value == "":
        return
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal):
        # openpyxl writes str(value); normalised so 0.04700 from PostgreSQL shows as 0.047.
        cell.value = value.normalize() if value == value else value
        cell.number_format = "General"
    elif isinstance(value, int | float):
        cell.value = value
    else:
        text = str(value)
        cell.value = text
        if text.startswith(FORMULA_STARTS):
            cell.data_type = TYPE_STRING  # openpyxl would otherwise store "=…" as a formula


def export_workbook(kind_name: str, queryset=None) -> bytes:
    """An .xlsx of the records (all of that kind when no queryset is given), first sheet, one row each."""
    from openpyxl import Workbook

    kind = KINDS[kind_name]
    records = kind.export_queryset() if queryset is None else queryset
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.label
    for index, column in enumerate(kind.columns, start=1):
        sheet.cell(row=1, column=index, value=column.label)
    for row, record in enumerate(records, start=2):
        for index, column in enumerate(kind.columns, start=1):
            _write_cell(sheet, row, index, kind.export_value(column, record))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file_name(kind_name: str) -> str:
    return f"{KINDS[kind_name].label}-{datetime.date.today().isoformat()}.xlsx"
