"""The demo loader: repeatable, and it prints what it loaded and the demo accounts."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from ecoreport.accounts.models import Organization, UserProfile
from ecoreport.demo.loading import load_demo
from ecoreport.reports.models import ReportSection
from indicators.models import (
    AirDailyRecord,
    AirStation,
    AnnualTarget,
    DrinkingWaterResult,
    DrinkingWaterSource,
    PublishedFigure,
    SectionGroup,
    SectionTarget,
    WaterSample,
    WaterSection,
)
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit

MODELS = [
    Organization, UserProfile, ReportSection, AirStation, AirDailyRecord, SectionGroup, WaterSection, WaterSample,
    DrinkingWaterSource, DrinkingWaterResult, AnnualTarget, SectionTarget, PublishedFigure, ResponsibleUnit,
    InspectionBatch, RectificationItem, LedgerArea, LedgerTask,
]  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {"users": get_user_model().objects.count()}


def test_loading_the_demo_again_changes_no_row_count(demo_org):
    before = _counts()
    again = load_demo()
    assert again.pk == demo_org.pk
    assert _counts() == before
    assert before["AirDailyRecord"] == 1092
    assert before["WaterSample"] == 72
    assert before["RectificationItem"] == 145
    assert before["LedgerTask"] == 62


def test_the_demo_county_is_lushan_under_jiujiang(demo_org):
    assert (demo_org.code, demo_org.name, demo_org.level) == ("360483", "庐山市", "county")
    assert demo_org.full_name == "九江市庐山生态环境局"
    assert (demo_org.parent.code, demo_org.parent.name, demo_org.parent.level) == ("360400", "九江市", "city")


def test_the_command_prints_a_summary_and_the_demo_passwords(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "空气日数据 1092 条" in text
    assert "整改问题 145 个" in text
    assert "台账任务 62 项" in text
    for line in ("admin / admin-demo-2022（管理员）", "staff / staff-demo-2022（数据录入）",
                 "leader / leader-demo-2022（领导）"):  # fmt: skip
        assert line in text


def test_the_demo_rows_carry_derived_fields_set_before_bulk_insert(demo_org):
    assert not AirDailyRecord.objects.filter(aqi__isnull=True).exists()
    assert not WaterSample.objects.filter(water_class="").exists()
    record = AirDailyRecord.objects.get(station__code="360483-A01", date="2022-01-01")
    expected_aqi = record.aqi
    record.refresh_derived()
    assert record.aqi == expected_aqi
