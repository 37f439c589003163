"""Every kind of bad row is reported as row, column and a Chinese reason, and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from entry_files import csv_bytes

from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord, WaterSample
from tasks.models import LedgerTask, RectificationItem

pytestmark = pytest.mark.django_db

AIR = ["station", "date", "pm25", "pm10", "so2", "no2", "co", "o3_8h"]
GOOD_AIR = ["360483-A01", "2023-04-01", "46", "72", "9", "33", "0.8", "138"]


def database_state() -> tuple:
    return (
        AirDailyRecord.objects.count(),
        WaterSample.objects.count(),
        RectificationItem.objects.count(),
        LedgerTask.objects.count(),
        AuditEntry.objects.count(),
        ImportEvent.objects.count(),
    )


def problems(kind: str, rows: list[list[object]]) -> list[str]:
    before = database_state()
    result = import_file(kind, csv_bytes(rows), file_name="bad.csv")
    assert database_state() == before, "a failed import must leave the database unchanged"
    return [str(error) for error in result.problems]


def air_with(bad_row: list[object]) -> list[str]:
    return problems("air-daily", [AIR, GOOD_AIR, bad_row])


def test_it_rejects_an_unknown_station():
    assert air_with(["XX-9", "2023-04-01", "46", "72", "9", "33", "0.8", "138"]) == [
        "row 3, column station: 未知的站点编码“XX-9”：请先在系统中登记该站点"
    ]


def test_it_rejects_an_unknown_section():
    rows = [["section", "date", "tp"], ["NOPE", "2023-04-01", "0.05"]]
    assert problems("water-samples", rows) == ["row 2, column section: 未知的断面编码“NOPE”：请先在系统中登记该断面"]


def test_it_rejects_a_date_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert air_with(["360483-A02", tomorrow.isoformat(), "46", "72", "9", "33", "0.8", "138"]) == [
        f"row 3, column date: 日期 {tomorrow.isoformat()} 在将来，监测数据不能晚于今天"
    ]


def test_it_rejects_a_date_that_does_not_exist():
    assert air_with(["360483-A02", "2023-02-29", "46", "72", "9", "33", "0.8", "138"]) == [
        "row 3, column date: 日期不存在：2023-02-29"
    ]


def test_it_rejects_a_negative_concentration_naming_the_range():
    assert air_with(["360483-A02", "2023-04-01", "46", "72", "9", "33", "-0.1", "138"]) == [
        "row 3, column co: 不能为负数（-0.1）：CO 应在 0–60 mg/m³ 之间"
    ]


def test_it_rejects_an_implausible_concentration_naming_the_range():
    assert air_with(["360483-A02", "2023-04-01", "4600", "72", "9", "33", "0.8", "138"]) == [
        "row 3, column pm25: 数值 4600 不合理：PM2.5 应在 0–1000 μg/m³ 之间"
    ]


def test_it_rejects_an_implausible_ph():
    rows = [["断面编码", "采样日期", "pH"], ["360483-XZ", "2023-04-01", "15"]]
    assert problems("water-samples", rows) == ["row 2, column pH: 数值 15 不合理：pH 应在 0–14 之间"]


def test_it_rejects_a_misspelt_class():
    rows = [
        ["code", "name", "org", "level", "body", "target"],
        ["T-1", "新断面", "360483", "国考", "湖库", "IIII"],
    ]
    assert problems("water-sections", rows) == [
        "row 2, column target: 水质类别“IIII”无法识别：应为 Ⅰ、Ⅱ、Ⅲ、Ⅳ、Ⅴ 或 劣Ⅴ（也可写 I–V、劣V）"
    ]


def test_it_rejects_a_misspelt_status():
    rows = [
        ["area", "number", "content", "unit", "status", "org"],
        ["新领域", "1", "任务", "市生态环境局", "进行中", "360483"],
    ]
    assert problems("ledger", rows) == [
        "row 2, column status: 状态应为 推进中、已完成、申请销号、已销号 之一，而不是“进行中”"
    ]


def test_it_rejects_the_same_station_day_twice_in_one_file():
    assert air_with(list(GOOD_AIR)) == ["row 3, column date: 与第 2 行重复：同一站点同一天在一个文件中只能出现一次"]


def test_it_rejects_an_unknown_column():
    found = problems("air-daily", [[*AIR, "pm2.5x"], [*GOOD_AIR, "1"]])
    assert len(found) == 1
    assert found[0].startswith("row 1, column pm2.5x: 未知的列“pm2.5x”：空气日数据可用的列为 站点编码（station）")


def test_it_rejects_a_missing_key_column():
    assert problems("air-daily", [AIR[1:], GOOD_AIR[1:]]) == [
        "row 1, column 站点编码: 缺少必需的列“站点编码”（station）"
    ]


def test_it_lists_every_problem_of_a_file_not_only_the_first():
    found = problems(
        "air-daily",
        [
            AIR,
            GOOD_AIR,
            ["XX-9", "2023-04-02", "46", "72", "9", "33", "0.8", "138"],
            ["360483-A02", "2023-13-01", "abc", "72", "9", "33", "0.8", "138"],
        ],
    )
    assert found == [
        "row 3, column station: 未知的站点编码“XX-9”：请先在系统中登记该站点",
        "row 4, column date: 日期不存在：2023-13-01",
        "row 4, column pm25: “abc”不是数字",
    ]


def test_a_status_cannot_move_backwards_through_an_import_by_data_entry(staff_user):
    item = RectificationItem.objects.filter(status="closed").select_related("batch__organization", "unit").first()
    rows = [
        ["code", "batch", "kind", "description", "term", "unit", "status", "org"],
        [item.code, item.batch.name, item.get_kind_display(), item.description, item.get_term_display(),
         item.unit.name, "推进中", item.batch.organization.code],
    ]  # fmt: skip
    result = import_file("rectification", csv_bytes(rows), user=staff_user, file_name="back.csv")
    assert [str(error) for error in result.problems] == [
        "row 2, column status: 状态不能从“已销号”退回“推进中”：只有管理员可以回退状态"
    ]
    item.refresh_from_db()
    assert item.status == "closed"


def test_it_rejects_text_that_is_not_a_date():
    assert air_with(["360483-A02", "4月1日", "46", "72", "9", "33", "0.8", "138"]) == [
        "row 3, column date: “4月1日”不是日期：格式应为 YYYY-MM-DD"
    ]
