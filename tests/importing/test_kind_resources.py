"""Each kind's django-import-export resource: a good file creates its rows with their history and one
ImportEvent; a file with one bad row writes nothing at all, whoever calls ``import_data``."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from entry_files import csv_bytes

from ecoreport.accounts.models import Organization
from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.reading import read_dataset
from ecoreport.importing.resources import RESOURCES
from indicators.models import AirDailyRecord, AirStation, SectionGroup, WaterSample, WaterSection
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit

pytestmark = pytest.mark.django_db

MODELS = [Organization, AirStation, AirDailyRecord, WaterSection, WaterSample, SectionGroup, RectificationItem,
          InspectionBatch, LedgerTask, LedgerArea, ResponsibleUnit, AuditEntry, ImportEvent]  # fmt: skip


def state() -> list[int]:
    return [model.objects.count() for model in MODELS]


def run(kind: str, rows: list[list[object]], *, user=None):
    """The resource as a script would call it: no transaction and no rollback asked for."""
    dataset = read_dataset(csv_bytes(rows), f"{kind}.csv")
    return RESOURCES[kind]().import_data(dataset, user=user, file_name=f"{kind}.csv", source="command")


def assert_imported(result, kind: str, created: int) -> ImportEvent:
    assert (result.problems, result.created, result.updated) == ([], created, 0)
    event = ImportEvent.objects.get(pk=result.event.pk)
    assert (event.kind, event.file_name, event.source, event.created) == (kind, f"{kind}.csv", "command", created)
    assert AuditEntry.objects.filter(import_event=event, action="create").count() == created
    return event


def assert_refused(kind: str, rows: list[list[object]], problems: list[str]) -> None:
    before = state()
    result = run(kind, rows)
    assert [str(problem) for problem in result.problems] == problems
    assert result.event is None
    assert state() == before, "a file with a bad row writes nothing"


def test_organizations_may_name_a_parent_further_down_the_file():
    rows = [["code", "name", "parent"], ["369902", "新乡", "369901"], ["369901", "新县", "360400"]]
    result = run("organizations", rows)
    assert_imported(result, "organizations", 2)
    child = Organization.objects.select_related("parent__parent").get(code="369902")
    assert (child.name, child.parent.code, child.parent.parent.code) == ("新乡", "369901", "360400")
    entry = AuditEntry.objects.get(model="accounts.organization", object_id=str(child.pk))
    assert entry.changes["parent"] == [None, "新县（369901）"]


def test_organizations_that_would_be_their_own_ancestors_are_refused():
    rows = [["code", "name", "parent"], ["369901", "甲", "369902"], ["369902", "乙", "369901"]]
    assert_refused("organizations", rows, [
        "row 2, column parent: 上级机构形成循环",
        "row 3, column parent: 上级机构形成循环",
    ])  # fmt: skip


def test_air_stations():
    rows = [["站点编码", "站点名称", "机构编码", "站点级别"], ["360483-T1", "测试站", "360483", "省控"]]
    result = run("air-stations", rows)
    assert_imported(result, "air-stations", 1)
    station = AirStation.objects.get(code="360483-T1")
    assert (station.name, station.organization.code, station.level) == ("测试站", "360483", "provincial")
    assert_refused("air-stations", [["code", "name", "org"], ["360483-T2", "站", "999999"]], [
        "row 2, column org: 未知的机构编码“999999”",
    ])  # fmt: skip


def test_air_daily_records_with_their_aqi():
    rows = [["station", "date", "pm25", "pm10", "so2", "no2", "co", "o3_8h"],
            ["360483-A01", "2023-08-01", "46", "72", "9", "33", "0.8", "138"],
            ["360483-A02", "2023-08-01", "35.4", "48", "7", "25", "0.6", "70"]]  # fmt: skip
    assert_imported(run("air-daily", rows), "air-daily", 2)
    records = AirDailyRecord.objects.filter(date=datetime.date(2023, 8, 1)).order_by("station__code")
    assert [(r.pm25, r.aqi, r.primary_pollutants) for r in records] == [
        (Decimal("46"), 82, "o3_8h"),
        (Decimal("35.4"), 50, ""),
    ]
    bad = [*rows[:2], ["360483-A02", "2023-08-02", "", "", "", "", "1000", ""]]
    assert_refused("air-daily", bad, ["row 3, column co: 数值 1000 不合理：CO 应在 0–60 mg/m³ 之间"])


def test_water_sections_with_their_groups():
    rows = [["code", "name", "org", "level", "body", "target", "groups"],
            ["360483-T9", "试验断面", "360483", "省控", "河流", "III", "甲组；乙组"]]  # fmt: skip
    event = assert_imported(run("water-sections", rows), "water-sections", 1)
    section = WaterSection.objects.get(code="360483-T9")
    assert (section.level, section.body, section.target_class) == ("provincial", "river", "III")
    assert sorted(group.name for group in section.groups.all()) == ["乙组", "甲组"]
    assert AuditEntry.objects.get(import_event=event).changes["groups"] == [None, ["乙组", "甲组"]]
    bad = [rows[0], ["360483-T8", "断面", "360483", "省控", "湖库", "六类", ""]]
    assert_refused("water-sections", bad, [
        "row 2, column target: 水质类别“六类”无法识别：应为 Ⅰ、Ⅱ、Ⅲ、Ⅳ、Ⅴ 或 劣Ⅴ（也可写 I–V、劣V）",
    ])  # fmt: skip


def test_water_samples_with_their_class():
    rows = [["断面编码", "采样日期", "总磷", "氨氮"], ["360483-XZ", "2023-08-03", "0.053", "0.1"]]
    assert_imported(run("water-samples", rows), "water-samples", 1)
    sample = WaterSample.objects.get(section__code="360483-XZ", date=datetime.date(2023, 8, 3))
    assert (sample.tp, sample.water_class) == (Decimal("0.053"), "IV")
    assert_refused("water-samples", [rows[0], ["360483-XZ", "2023-08-04", "-0.1", ""]], [
        "row 2, column 总磷: 不能为负数（-0.1）：总磷 应在 0–50 mg/L 之间",
    ])  # fmt: skip


def test_rectification_items_create_their_batch_and_unit_and_close_on_today():
    header = ["code", "batch", "kind", "description", "term", "unit", "status", "org"]
    rows = [header, ["T-001", "新一轮督察", "信访件", "河道垃圾", "限期整改", "新的责任单位", "已销号", "360483"]]
    assert_imported(run("rectification", rows), "rectification", 1)
    item = RectificationItem.objects.select_related("batch__organization", "unit").get(code="T-001")
    assert (item.batch.name, item.batch.organization.code, item.unit.name) == ("新一轮督察", "360483", "新的责任单位")
    assert (item.kind, item.status, item.closed_on) == ("petition", "closed", timezone.localdate())
    bad = [header, ["T-002", "新一轮督察", "信访件", "河道垃圾", "限期整改", "单位", "推进中", "000000"]]
    assert_refused("rectification", bad, ["row 2, column org: 未知的机构编码“000000”"])


def test_ledger_tasks_create_their_area():
    header = ["领域", "序号", "工作任务", "责任单位", "状态", "机构编码"]
    rows = [header, ["新领域", "1", "第一项", "市生态环境局", "推进中", "360483"],
            ["新领域", "2", "第二项", "市生态环境局", "已完成", "360483"]]  # fmt: skip
    assert_imported(run("ledger", rows), "ledger", 2)
    tasks = LedgerTask.objects.filter(area__name="新领域").order_by("number")
    assert [(t.number, t.content, t.status) for t in tasks] == [(1, "第一项", "in_progress"), (2, "第二项", "done")]
    assert LedgerArea.objects.filter(name="新领域", organization__code="360483").count() == 1
    assert_refused("ledger", [*rows, ["新领域", "1", "重复", "市生态环境局", "推进中", "360483"]], [
        "row 4, column 序号: 与第 2 行重复：同一领域同一序号在一个文件中只能出现一次",
    ])  # fmt: skip
