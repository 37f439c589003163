"""The admin's full data export (issue 13, item 3): beside the import template, an .xlsx with names,
AQI, 级别, 首要污染物 by name, water classes and units in the headers; staff export only their
organisations' records. Each test reads the file back with openpyxl."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from entry_files import read_xlsx

from ecoreport.accounts.models import UserProfile
from ecoreport.accounts.roles import DATA_ENTRY
from indicators.models import AirDailyRecord, AirStation, WaterClass, WaterSample
from indicators.standards.aqi import CATEGORIES
from tasks.models import RectificationItem

pytestmark = pytest.mark.django_db

AIR = "/admin/indicators/airdailyrecord/export/"
FULL = {"format": "0", "resource": "1"}


def _as_dict(rows: list[list[object]]) -> list[dict[str, object]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _day(cell) -> datetime.date:
    return cell.date() if isinstance(cell, datetime.datetime) else cell


def test_the_export_page_offers_the_template_and_the_full_data(client, staff_user):
    client.force_login(staff_user)
    page = client.get(AIR).content.decode()
    assert "导出内容" in page
    assert '<option value="0">导入模板（编码与数值，可修改后导回）</option>' in page
    assert '<option value="1">完整数据（站点名称、AQI、级别、首要污染物、单位）</option>' in page
    # Each choice listed by its title and the headers it writes, not by class or field names.
    assert "<dt>完整数据（站点名称、AQI、级别、首要污染物、单位）</dt>" in page
    assert "首要污染物, PM₂.₅（μg/m³）" in page
    assert "AirDailyResource" not in page and "primary_pollutants" not in page and "category_level" not in page


def test_the_air_export_names_the_station_level_and_primary_pollutant_with_units(client, staff_user):
    record = (
        AirDailyRecord.objects.filter(primary_pollutants="pm25", station__organization__code="360483")
        .select_related("station")
        .order_by("date", "station__code")
        .first()
    )
    client.force_login(staff_user)
    response = client.post(f"{AIR}?q={record.date.isoformat()}", FULL)
    assert unquote(response["Content-Disposition"]).startswith("attachment; filename*=utf-8''空气日数据（完整数据）-")
    rows = read_xlsx(response.content)
    assert rows[0][:9] == ["机构", "站点编码", "站点名称", "站点级别", "日期", "AQI", "级别", "类别", "首要污染物"]
    assert rows[0][9:] == [
        "PM₂.₅（μg/m³）", "PM₁₀（μg/m³）", "SO₂（μg/m³）", "NO₂（μg/m³）", "CO（mg/m³）", "O₃-8h（μg/m³）",
        "O₃-1h（μg/m³）",
    ]  # fmt: skip
    found = {row["站点编码"]: row for row in _as_dict(rows)}
    row = found[record.station.code]
    assert row["机构"] == "庐山市" and row["站点名称"] == record.station.name and row["站点级别"] == "国控"
    assert _day(row["日期"]) == record.date
    assert row["AQI"] == record.aqi > 50  # a primary pollutant is named above AQI 50 only
    assert row["首要污染物"] == "PM₂.₅"  # a name, never the key "pm25"
    category = CATEGORIES[record.category_level - 1]
    assert (row["级别"], row["类别"]) == (category.grade, category.name)
    assert Decimal(str(row["PM₂.₅（μg/m³）"])) == record.pm25
    assert Decimal(str(row["CO（mg/m³）"])) == record.co
    # Every row of the day is there, nothing else.
    assert (
        len(rows) - 1
        == AirDailyRecord.objects.filter(date=record.date, station__organization=record.station.organization).count()
    )


def test_a_good_day_has_no_primary_pollutant_and_reads_grade_one(client, staff_user):
    record = AirDailyRecord.objects.filter(category_level=1).select_related("station").first()
    client.force_login(staff_user)
    rows = _as_dict(read_xlsx(client.post(f"{AIR}?q={record.date.isoformat()}", FULL).content))
    row = next(row for row in rows if row["站点编码"] == record.station.code)
    assert (row["AQI"], row["级别"], row["类别"], row["首要污染物"]) == (record.aqi, "一级", "优", None)
    assert record.aqi <= 50


def test_the_water_export_reads_classes_as_roman_numerals_and_units_in_the_headers(client, staff_user, demo_org):
    sample = WaterSample.objects.select_related("section").exclude(water_class="").order_by("date").first()
    client.force_login(staff_user)
    response = client.post("/admin/indicators/watersample/export/", FULL)
    rows = read_xlsx(response.content)
    header = rows[0]
    assert header[:8] == [
        "机构",
        "断面编码",
        "断面名称",
        "断面级别",
        "水体类型",
        "采样日期",
        "水质类别",
        "断面目标类别",
    ]
    assert "pH（无量纲）" in header and "总磷（mg/L）" in header and "粪大肠菌群（个/L）" in header
    assert len(rows) - 1 == WaterSample.objects.filter(section__organization__in=demo_org.subtree_ids()).count()
    row = next(
        row for row in _as_dict(rows) if row["断面编码"] == sample.section.code and _day(row["采样日期"]) == sample.date
    )
    assert row["断面名称"] == sample.section.name
    assert row["水质类别"] == dict(WaterClass.choices)[sample.water_class]
    assert row["水质类别"].endswith("类") and row["水质类别"][0] in "ⅠⅡⅢⅣⅤ劣"
    assert row["断面目标类别"] == sample.section.get_target_class_display()
    assert Decimal(str(row["总磷（mg/L）"])) == sample.tp


def test_the_rectification_export_reads_statuses_and_overdue_days_in_words(client, staff_user, demo_org):
    client.force_login(staff_user)
    rows = _as_dict(read_xlsx(client.post("/admin/tasks/rectificationitem/export/", FULL).content))
    assert len(rows) == RectificationItem.objects.filter(batch__organization__in=demo_org.subtree_ids()).count()
    item = RectificationItem.objects.select_related("unit", "batch").get(code=rows[0]["编号"])
    assert rows[0]["问题描述"] == item.description and rows[0]["责任单位"] == item.unit.name
    assert rows[0]["状态"] == item.get_status_display() and rows[0]["类型"] == item.get_kind_display()
    assert {row["状态"] for row in rows} <= {"推进中", "已完成", "申请销号", "已销号"}
    assert {row["序时进度"] for row in rows} <= {"达到", "未达到"}
    today = timezone.localdate()
    late = next(
        item
        for item in RectificationItem.objects.filter(code__in=[r["编号"] for r in rows])
        if item.days_overdue(today)
    )
    assert next(row for row in rows if row["编号"] == late.code)["逾期天数（天）"] == late.days_overdue(today) > 0


def test_staff_export_only_their_organisations_records(client, demo_org, make_org):
    county = make_org("360402", "濂溪区", parent=demo_org.parent)
    station = AirStation.objects.create(code="360402-A01", name="濂溪区监测站", organization=county)
    AirDailyRecord.objects.create(
        station=station, date=datetime.date(2022, 6, 30), pm25=20, pm10=40, so2=5, no2=10, co=Decimal("0.5"), o3_8h=60
    )
    user = get_user_model().objects.create_user("lianxi_staff", password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DATA_ENTRY)])
    UserProfile.objects.create(user=user, organization=county)
    client.force_login(user)
    rows = _as_dict(read_xlsx(client.post(AIR, FULL).content))
    assert [(row["机构"], row["站点名称"], row["AQI"]) for row in rows] == [("濂溪区", "濂溪区监测站", 40)]
