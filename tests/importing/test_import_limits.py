"""Every limit of the database is a row error while the import is planned, named by row and column.

Issue 11: air dates before 1900 crashed with a traceback; a ledger 序号 of ``1e400`` or 2^63 gave an
OverflowError (a 500 in the admin); over-long codes and names were stored silently on SQLite and
refused on PostgreSQL as one "file:" problem with no row or column; the dry run said it would
succeed. These tests run as they are on both databases (``DATABASE_URL``): the answers must not
depend on which one is behind.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from entry_files import csv_bytes, xlsx_bytes

from ecoreport.audit.models import ImportEvent
from ecoreport.importing.service import import_file
from tasks.models import LedgerTask

pytestmark = pytest.mark.django_db

LEDGER = ["领域", "序号", "工作任务", "责任单位", "状态", "机构编码", "完成时限"]
LEDGER_ROW = ["限值测试领域", "1", "任务", "市生态环境局", "推进中", "360483", "2022-12-31"]
ITEMS = ["编号", "来源批次", "类型", "问题描述", "整改类型", "责任单位", "状态", "机构编码", "整改时限"]
ITEM_ROW = ["LIMIT-1", "限值测试批次", "反馈问题", "描述", "限期整改", "市生态环境局", "推进中", "360483", "2022-12-31"]
AIR = ["站点编码", "日期", "PM2.5"]
AIR_ROW = ["360483-A01", "2022-12-30", "30"]
WATER = ["断面编码", "采样日期", "总磷"]
WATER_ROW = ["360483-XZ", "2022-12-30", "0.05"]
STATIONS = ["站点编码", "站点名称", "机构编码"]
STATION_ROW = ["LIMIT-S1", "限值站", "360483"]
ORGS = ["机构编码", "机构名称", "上级机构编码"]
ORG_ROW = ["369999", "限值县", "360483"]
SECTIONS = ["断面编码", "断面名称", "机构编码", "断面级别", "水体类型", "目标类别", "所属分组"]
SECTION_ROW = ["LIMIT-W1", "限值断面", "360483", "省控", "河流", "III", "限值组"]
VALUES = ["机构编码", "指标编码", "月份", "数值"]
VALUE_ROW = ["360483", "service_days", "2022-10", "3"]
RANKS = ["机构编码", "考核事项", "考核期间开始", "考核期间结束", "考核范围", "参评数量", "名次", "发布单位"]
RANK_ROW = ["360483", "限值考核", "2022-01-01", "2022-06-30", "全省", "100", "7", "江西省生态环境厅"]

DATE_SPAN = "超出支持范围：应在 2000-01-01 至 2099-12-31 之间"


def _with(header: list[str], row: list[str], column: str, value: str) -> list[str]:
    changed = list(row)
    changed[header.index(column)] = value
    return changed


# (kind, header, a good row, the column given a bad value, the value, the problem staff read)
CASES = [
    ("ledger", LEDGER, LEDGER_ROW, "序号", "1e400", "“1e400”超出可接受的数值范围"),
    ("ledger", LEDGER, LEDGER_ROW, "序号", str(2**63), "9223372036854775808 超出范围：应在 0–32767 之间"),
    ("ledger", LEDGER, LEDGER_ROW, "序号", "32768", "32768 超出范围：应在 0–32767 之间"),
    ("ledger", LEDGER, LEDGER_ROW, "领域", "域" * 101, f"内容过长（101 个字符，上限 100）：{'域' * 50}…"),
    ("ledger", LEDGER, LEDGER_ROW, "责任单位", "单" * 101, f"内容过长（101 个字符，上限 100）：{'单' * 50}…"),
    ("ledger", LEDGER, LEDGER_ROW, "完成时限", "1899-12-31", f"日期 1899-12-31 {DATE_SPAN}"),
    ("rectification", ITEMS, ITEM_ROW, "编号", "X" * 41, f"内容过长（41 个字符，上限 40）：{'X' * 41}"),
    ("rectification", ITEMS, ITEM_ROW, "来源批次", "批" * 101, f"内容过长（101 个字符，上限 100）：{'批' * 50}…"),
    ("rectification", ITEMS, ITEM_ROW, "整改时限", "2100-01-01", f"日期 2100-01-01 {DATE_SPAN}"),
    ("air-daily", AIR, AIR_ROW, "日期", "1899-12-31", f"日期 1899-12-31 {DATE_SPAN}"),
    ("air-daily", AIR, AIR_ROW, "日期", "0001-01-01", f"日期 0001-01-01 {DATE_SPAN}"),
    ("air-daily", AIR, AIR_ROW, "日期", "1999-12-31", f"日期 1999-12-31 {DATE_SPAN}"),
    ("air-daily", AIR, AIR_ROW, "站点编码", "A" * 21, f"内容过长（21 个字符，上限 20）：{'A' * 21}"),
    ("air-daily", AIR, AIR_ROW, "PM2.5", "1e999999999", "“1e999999999”超出可接受的数值范围"),
    ("air-daily", AIR, AIR_ROW, "PM2.5", "NaN", "“NaN”不是数字"),
    ("air-daily", AIR, AIR_ROW, "PM2.5", "-Infinity", "“-Infinity”不是数字"),
    ("water-samples", WATER, WATER_ROW, "采样日期", "1999-12-31", f"日期 1999-12-31 {DATE_SPAN}"),
    ("water-samples", WATER, WATER_ROW, "总磷", "1e-40", "“1e-40”超出可接受的数值范围"),
    ("air-stations", STATIONS, STATION_ROW, "站点名称", "站" * 101, f"内容过长（101 个字符，上限 100）：{'站' * 50}…"),
    ("organizations", ORGS, ORG_ROW, "机构编码", "3" * 13, f"内容过长（13 个字符，上限 12）：{'3' * 13}"),
    ("water-sections", SECTIONS, SECTION_ROW, "所属分组", f"甲组;{'组' * 101}", f"内容过长（101 个字符，上限 100）：{'组' * 50}…"),  # noqa: E501
    ("work-values", VALUES, VALUE_ROW, "数值", "1e12", "数值 1E+12 超出范围：最多 12 位整数、4 位小数"),
    ("work-values", VALUES, VALUE_ROW, "数值", "0.00001", "数值 0.00001 超出范围：最多 12 位整数、4 位小数"),
    ("work-values", VALUES, VALUE_ROW, "月份", "1999-12", f"日期 1999-12-01 {DATE_SPAN}"),
    ("assessments", RANKS, RANK_ROW, "名次", "40000", "40000 超出范围：应在 0–32767 之间"),
    ("assessments", RANKS, RANK_ROW, "考核范围", "范" * 41, f"内容过长（41 个字符，上限 40）：{'范' * 41}"),
]  # fmt: skip


def _ids(case) -> str:
    return f"{case[0]}-{case[3]}-{case[4][:12]}"


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
@pytest.mark.parametrize(("kind", "header", "good", "column", "value", "message"), CASES, ids=map(_ids, CASES))
def test_a_value_beyond_the_database_is_a_row_error_in_its_column(kind, header, good, column, value, message, dry_run):
    # Row 2 is blank, so the bad row is row 3 of the spreadsheet (the header is row 1).
    rows = [header, [""] * len(header), _with(header, good, column, value)]
    events = ImportEvent.objects.count()
    result = import_file(kind, csv_bytes(rows), dry_run=dry_run, file_name="limits.csv")
    assert [(problem.row, problem.column, problem.message) for problem in result.problems] == [(3, column, message)]
    assert (result.created, result.updated, ImportEvent.objects.count()) == (0, 0, events)


@pytest.mark.parametrize(("kind", "header", "good"), sorted({(c[0], tuple(c[1]), tuple(c[2])) for c in CASES}))
def test_the_good_row_of_each_kind_imports(kind, header, good):
    """The bad rows above differ from these in one cell only."""
    result = import_file(kind, csv_bytes([list(header), list(good)]), file_name="good.csv")
    assert result.problems == []
    assert result.created + result.updated == 1


def test_values_at_the_limits_are_stored():
    rows = [
        LEDGER,
        _with(LEDGER, _with(LEDGER, LEDGER_ROW, "序号", "32767"), "领域", "域" * 100),
        _with(LEDGER, _with(LEDGER, LEDGER_ROW, "序号", "0"), "完成时限", "2000-01-01"),
        _with(LEDGER, _with(LEDGER, LEDGER_ROW, "序号", "2"), "完成时限", "2099-12-31"),
    ]
    result = import_file("ledger", csv_bytes(rows), file_name="edges.csv")
    assert (result.problems, result.created) == ([], 3)
    assert LedgerTask.objects.get(number=32767).area.name == "域" * 100


def test_excel_number_and_date_cells_are_held_to_the_same_limits():
    import datetime

    rows = [LEDGER, _with(LEDGER, LEDGER_ROW, "序号", 2.0**63), _with(LEDGER, LEDGER_ROW, "序号", 3)]
    rows[2][LEDGER.index("完成时限")] = datetime.date(1900, 1, 1)
    result = import_file("ledger", xlsx_bytes(rows), dry_run=True, file_name="limits.xlsx")
    assert [(problem.row, problem.column, problem.message) for problem in result.problems] == [
        (2, "序号", "9223372036854776000 超出范围：应在 0–32767 之间"),  # the float Excel stores
        (3, "完成时限", f"日期 1900-01-01 {DATE_SPAN}"),
    ]


def test_the_admin_import_answers_a_huge_ledger_number_with_its_row(client, admin_user):
    client.force_login(admin_user)
    rows = [LEDGER, _with(LEDGER, LEDGER_ROW, "序号", str(2**63))]
    upload = SimpleUploadedFile("台账.csv", csv_bytes(rows))
    answer = client.post("/admin/tasks/ledgertask/import/", {"import_file": upload, "format": "0"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "<td>第 2 行</td><td>序号</td><td>9223372036854775808 超出范围：应在 0–32767 之间</td>" in page
    assert not LedgerTask.objects.filter(area__name="限值测试领域").exists()
