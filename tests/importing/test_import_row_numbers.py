"""Every problem names the row the spreadsheet program shows (the header is row 1), and a header may
be any label the admin shows for the column (data-formats.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from entry_files import csv_bytes, xlsx_bytes

from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord

pytestmark = pytest.mark.django_db

AIR = ["station", "date", "pm25"]
GOOD = ["360483-A01", "2023-04-01", "46"]
BAD = ["XX-9", "2023-04-02", "46"]
UNKNOWN = "未知的站点编码“XX-9”：请先在系统中登记该站点"


def problems(data: bytes, name: str = "bad.csv") -> list[str]:
    return [str(problem) for problem in import_file("air-daily", data, file_name=name).problems]


def test_the_first_data_row_is_row_2():
    assert problems(csv_bytes([AIR, BAD])) == [f"row 2, column station: {UNKNOWN}"]


def test_a_blank_line_counts_as_the_spreadsheet_counts_it():
    data = csv_bytes([AIR, GOOD]) + b"\r\n,,\r\n" + csv_bytes([BAD]).split(b"\r\n", 1)[0] + b"\r\n"
    assert problems(data) == [f"row 5, column station: {UNKNOWN}"]


def test_an_xlsx_names_the_row_excel_shows_even_after_an_empty_row():
    rows = [AIR, GOOD, [None, None, None], BAD]
    assert problems(xlsx_bytes(rows), "bad.xlsx") == [f"row 4, column station: {UNKNOWN}"]


def test_a_repeated_key_names_the_spreadsheet_row_of_the_first():
    assert problems(csv_bytes([AIR, GOOD, GOOD])) == [
        "row 3, column date: 与第 2 行重复：同一站点同一天在一个文件中只能出现一次"
    ]


def test_a_header_problem_is_in_row_1_and_a_file_problem_names_the_file():
    assert problems(csv_bytes([["station", "date", "pm2.5x"], GOOD]))[0].startswith("row 1, column pm2.5x: 未知的列")
    assert problems(b"") == ["file: 文件是空的。"]


def test_the_admin_labels_are_headers():
    header = ["站点", "日期", "PM2.5 (μg/m³)", "O3 日最大8小时", "CO (mg/m³)"]
    rows = [header, ["360483-A01", "2023-04-03", "46", "138", "0.8"]]
    result = import_file("air-daily", csv_bytes(rows), file_name="admin-labels.csv")
    assert [str(problem) for problem in result.problems] == []
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 4, 3))
    assert (record.pm25, record.o3_8h, record.co) == (Decimal("46"), Decimal("138"), Decimal("0.8"))


def test_the_admin_error_bar_reads_as_the_spreadsheet(client, staff_user):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("bad.csv", csv_bytes([AIR, GOOD, BAD]))
    page = client.post("/admin/indicators/airdailyrecord/import/", {"import_file": upload, "format": "0"})
    text = page.content.decode()
    assert f"<tr><td>第 3 行</td><td>station</td><td>{UNKNOWN}</td></tr>" in text
    header = SimpleUploadedFile("bad.csv", csv_bytes([["station", "date", "pm2.5x"], GOOD]))
    page = client.post("/admin/indicators/airdailyrecord/import/", {"import_file": header, "format": "0"})
    assert "<tr><td>第 1 行（表头）</td><td>pm2.5x</td>" in page.content.decode()
