"""Builders of spreadsheet files for the import, export and admin tests (engineer "entry")."""

from __future__ import annotations

import io


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    text = "\n".join(",".join("" if cell is None else str(cell) for cell in row) for row in rows) + "\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path
