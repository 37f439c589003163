"""Files as other units send them: GBK or BOM CSV, .xlsx with Chinese headers and real date cells."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from entry_files import csv_bytes, xlsx_bytes

from ecoreport.importing.reading import read_table
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord, WaterSample

pytestmark = pytest.mark.django_db

LABELS = ["站点编码", "日期", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3_8h"]
ROW = ["360483-A01", "2023-05-01", "35.4", "48", "7", "25", "0.6", "70"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_it_reads_a_csv_with_chinese_headers_in_each_encoding(encoding):
    result = import_file("air-daily", csv_bytes([LABELS, ROW], encoding), file_name="空气.csv")
    assert result.problems == []
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 5, 1))
    assert (record.pm25, record.aqi) == (Decimal("35.4"), 50)  # standards.md V3: rounds to 35 first


def test_it_detects_gbk_without_being_told():
    assert read_table(csv_bytes([LABELS, ROW], "gbk"), "a.csv").encoding == "gb18030"
    assert read_table(csv_bytes([LABELS, ROW], "utf-8-sig"), "a.csv").encoding == "utf-8-sig"


def test_it_reads_excel_numbers_as_the_decimals_they_show():
    rows = [["断面编码", "采样日期", "总磷", "氨氮", "pH"], ["360483-XZ", datetime.date(2023, 5, 2), 0.053, 0.1, 7.6]]
    result = import_file("water-samples", xlsx_bytes(rows), file_name="水质.xlsx")
    assert result.problems == []
    sample = WaterSample.objects.get(section__code="360483-XZ", date=datetime.date(2023, 5, 2))
    assert (sample.tp, sample.nh3n, sample.ph) == (Decimal("0.053"), Decimal("0.1"), Decimal("7.6"))
    assert result.planned[0].changes["tp"] == [None, "0.053"]
    assert sample.water_class == "IV"  # lake TP 0.053 is Ⅳ (standards.md)


def test_it_reads_a_real_excel_date_cell_and_integer_cells():
    rows = [LABELS, ["360483-A02", datetime.datetime(2023, 5, 3), 75, 120, 12, 45, 1.2, 90]]
    result = import_file("air-daily", xlsx_bytes(rows), file_name="空气.xlsx")
    assert result.problems == []
    record = AirDailyRecord.objects.get(station__code="360483-A02", date=datetime.date(2023, 5, 3))
    assert (record.co, record.aqi) == (Decimal("1.2"), 100)  # standards.md V2 under 2012


def test_a_float_with_binary_noise_is_refused_not_rounded():
    from ecoreport.importing.reading import _cell_value
    from indicators.cells import AIR_MEASURES, CellError, measure_parser

    assert _cell_value(0.053) == Decimal("0.053")
    noisy = _cell_value(0.1 + 0.2)
    assert noisy == Decimal("0.30000000000000004")
    with pytest.raises(CellError, match="小数位过多：CO 最多保留 3 位小数"):
        measure_parser(AIR_MEASURES["co"])(noisy)


def test_headers_may_mix_keys_and_labels_in_any_order():
    rows = [["pm25", "日期", "station", "O3_8h", "co", "NO2", "so2", "PM10"], ["46", "2023-05-05", "360483-A01",
            "138", "0.8", "33", "9", "72"]]  # fmt: skip
    result = import_file("air-daily", csv_bytes(rows), file_name="mixed.csv")
    assert (result.problems, result.created) == ([], 1)
    assert AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 5, 5)).aqi == 82


def _unicode_text(rows: list[list[str]]) -> bytes:
    """What Excel's 另存为 "Unicode 文本" writes: UTF-16LE with its BOM, cells separated by tabs, CRLF."""
    return ("\r\n".join("\t".join(row) for row in rows) + "\r\n").encode("utf-16")


UNICODE_ROWS = [LABELS, ["360483-A01", "2023-05-06", "35.4", "48", "7", "25", "0.6", "70"]]


def test_excel_unicode_text_is_read_by_the_command(tmp_path):
    from django.core.management import call_command

    data = _unicode_text(UNICODE_ROWS)
    assert data[:2] == b"\xff\xfe" and read_table(data, "空气.txt").encoding == "utf-16"
    path = tmp_path / "空气.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_records", "air-daily", str(path), stdout=out)
    assert out.getvalue().strip() == "created 1, updated 0, unchanged 0"
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 5, 6))
    assert (record.pm25, record.aqi) == (Decimal("35.4"), 50)


def test_excel_unicode_text_is_read_by_the_admin_import(client, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_user)
    upload = SimpleUploadedFile("空气.txt", _unicode_text(UNICODE_ROWS))
    page = client.post("/admin/indicators/airdailyrecord/import/", {"import_file": upload, "format": "0"})
    assert page.status_code == 200
    assert "新增 <strong>1</strong> 条，更新 <strong>0</strong> 条" in page.content.decode()


def test_a_tab_separated_gbk_file_is_read_and_a_damaged_utf16_file_refused():
    tabbed = "\r\n".join("\t".join(row) for row in UNICODE_ROWS).encode("gbk")
    table = read_table(tabbed, "空气.txt")
    assert (table.headers, table.rows[0][:2]) == (LABELS, ["360483-A01", "2023-05-06"])
    result = import_file("air-daily", b"\xff\xfe" + "站点编码".encode("utf-16-le") + b"\x00\xd8", file_name="x.csv")
    assert [str(problem) for problem in result.problems] == [
        "file: 无法识别文件编码：文件以 UTF-16 标记开头，但内容不是 UTF-16 文本。"
    ]
