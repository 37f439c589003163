"""Uploads are bounded: too large, not a spreadsheet, a zip bomb, thousands of columns → a message."""

from __future__ import annotations

import io
import zipfile

import pytest
from entry_files import csv_bytes, xlsx_bytes

from ecoreport.importing.service import import_file

pytestmark = pytest.mark.django_db


def refusal(data: bytes, name: str) -> list[str]:
    result = import_file("air-daily", data, file_name=name)
    assert result.created == result.updated == 0
    return [str(error) for error in result.problems]


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings):
    settings.ECOREPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    big = csv_bytes([["station", "date", "pm25"]] + [["360483-A01", "2023-01-01", "1" * 40]] * 30_000)
    assert refusal(big, "big.csv") == ["file: 文件太大：上限为 1 MB，请拆分后分批导入。"]


def test_something_that_is_not_a_spreadsheet_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)
    assert refusal(png, "photo.xlsx") == [
        "file: 无法读取该文件：请另存为 .xlsx 或 .csv 格式后再导入（不支持旧版 .xls）。"
    ]
    assert refusal(png, "photo.csv") == ["file: 无法读取该文件：它不是 .xlsx 或 .csv 表格。"]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(buffer.getvalue(), "x.xlsx") == ["file: 无法读取该文件：它不是有效的 .xlsx 表格。"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):  # 60 MB of zeros packs to about 60 KB
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    assert refusal(data, "bomb.xlsx") == ["file: 该 .xlsx 文件解压后过大（疑似压缩炸弹），已拒绝。"]


def test_a_damaged_workbook_is_refused():
    data = bytearray(xlsx_bytes([["station", "date"], ["360483-A01", "2023-01-01"]]))
    data[200:400] = bytes(200)
    found = refusal(bytes(data), "broken.xlsx")
    assert found and found[0].startswith("file: 无法读取该文件")


def test_thousands_of_columns_are_refused():
    header = [f"c{i}" for i in range(5000)]
    assert refusal(xlsx_bytes([header, ["1"] * 5000]), "wide.xlsx") == ["file: 列数过多（5000 列），上限为 200 列。"]
    assert refusal(csv_bytes([header, ["1"] * 5000]), "wide.csv") == ["file: 列数过多（5000 列），上限为 200 列。"]


def test_an_empty_file_is_refused():
    assert refusal(b"", "empty.csv") == ["file: 文件是空的。"]
