"""Write an exported ``tablib.Dataset`` as the .xlsx the importer reads back, with Chinese headers.

The resources export (``Resource.export``) the values themselves: decimals, dates, text. Here they
become cells of the right type. Text that a spreadsheet would run as a formula (starting with
= + - @, or a tab or carriage return) is written as a plain text cell, so an exported description
such as "=HYPERLINK(...)" cannot execute on a colleague's machine, and still reads back unchanged.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import tablib

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


def workbook_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as an .xlsx: its headers on the first row, one row per record, on one sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if dataset.title:
        sheet.title = dataset.title
    for index, header in enumerate(dataset.headers or [], start=1):
        sheet.cell(row=1, column=index, value=str(header))
    for row, values in enumerate(dataset, start=2):
        for index, value in enumerate(values, start=1):
            _write_cell(sheet, row, index, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_workbook(kind: str, queryset=None) -> bytes:
    """An .xlsx of the records of one kind (all of them when no queryset is given), in the kind's order."""
    from ecoreport.importing.resources import RESOURCES

    return workbook_bytes(RESOURCES[kind]().export(queryset))
