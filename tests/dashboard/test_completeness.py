"""数据完整性与待办: missing records by station and section, stale imports, late work by unit."""

import datetime
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from ecoreport.audit.models import ImportEvent
from ecoreport.dashboard.completeness import DateRange, compute_completeness, date_ranges
from ecoreport.figures.compute import compute_figures
from indicators.models import AirDailyRecord, AirStation, WaterSample, WaterSection
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit

PAGE = "/org/360483/completeness/"
# 00:30 UTC is 08:30 in Asia/Shanghai: the morning of the local date.
MORNING = "{} 00:30:00"


def _record_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r'data-testid="record-count">(\d+)<', response.content.decode())[1])


def test_consecutive_days_join_into_ranges():
    days = [date(2022, 3, 5), date(2022, 3, 3), date(2022, 3, 4), date(2022, 3, 9), date(2022, 2, 28)]
    assert date_ranges(days) == (
        DateRange(date(2022, 2, 28), date(2022, 2, 28)),
        DateRange(date(2022, 3, 3), date(2022, 3, 5)),
        DateRange(date(2022, 3, 9), date(2022, 3, 9)),
    )
    assert date_ranges([]) == ()
    assert DateRange(date(2022, 3, 3), date(2022, 3, 5)).days == 3


def test_the_demo_half_year_is_complete_and_nothing_is_late(client, staff_user):
    client.force_login(staff_user)
    response = client.get(PAGE + "?period=2022H1")
    assert response.status_code == 200
    todo = response.context["todo"]
    assert [(s.code, s.expected_days, s.missing_days) for s in todo.stations] == [
        ("360483-A01", 181, 0),
        ("360483-A02", 181, 0),
    ]
    assert [(s.code, s.expected_months, s.missing_months) for s in todo.sections] == [
        ("360483-BH", 6, ()),
        ("360483-SHS", 6, ()),
        ("360483-XZ", 6, ()),
    ]
    assert (todo.overdue_items, todo.behind_items, todo.overdue_tasks, todo.behind_tasks) == (0, 0, 0, 0)
    # The demo is loaded without the importer, so no kind has ever been imported.
    assert [(i.kind, i.days_since, i.stale) for i in todo.stale_imports] == [
        ("air-daily", None, True),
        ("water-samples", None, True),
        ("rectification", None, True),
        ("ledger", None, True),
    ]
    html = response.content.decode()
    assert "数据完整性与待办" in html
    assert "各站点日数据齐全。" in html and "各断面月度监测齐全。" in html and "没有逾期或滞后事项。" in html
    assert "空气日数据尚无导入记录（超过 7 天即提醒）" in html


def test_the_demo_year_misses_its_second_half_and_has_39_overdue_ledger_tasks(client, staff_user, demo_org):
    client.force_login(staff_user)
    response = client.get(PAGE + "?period=2022")
    todo = response.context["todo"]
    second_half = (DateRange(date(2022, 7, 1), date(2022, 12, 31)),)
    assert [(s.name, s.missing_days, s.missing) for s in todo.stations_with_gaps] == [
        ("庐山市环境监测站", 184, second_half),
        ("庐山市南康镇政府", 184, second_half),
    ]
    assert todo.missing_days == 368
    assert todo.missing_months == 18
    assert todo.sections[0].missing_months == tuple(date(2022, m, 1) for m in range(7, 13))
    # The same counts as the ledger page of the year, and the links list exactly those tasks.
    ledger = compute_figures(demo_org, date(2022, 1, 1), date(2022, 12, 31)).ledger
    assert (todo.overdue_tasks, todo.behind_tasks) == (ledger.overdue, ledger.behind) == (39, 39)
    assert (todo.overdue_items, todo.behind_items) == (0, 0)
    top_units = [(u.unit, u.overdue_tasks) for u in todo.units[:3]]
    assert top_units == [("市农业农村局", 8), ("市林业局", 5), ("市生态环境局", 5)]
    assert sum(len(u.work) for u in todo.units) == 39
    html = response.content.decode()
    assert "2022-07-01 至 2022-12-31（184 天）" in html
    assert "2022年7月、2022年8月" in html
    link = "/org/360483/records/tasks/?from=2022-01-01&amp;to=2022-12-31&amp;status=overdue"
    assert link in html
    assert _record_count(client, link.replace("&amp;", "&")) == 39


@pytest.fixture
def gaps(demo_org):
    """One station misses 15 March and 1–3 May, one section April; one item is overdue, one task behind."""
    AirDailyRecord.objects.filter(station__code="360483-A01", date=date(2022, 3, 15)).delete()
    AirDailyRecord.objects.filter(station__code="360483-A01", date__range=(date(2022, 5, 1), date(2022, 5, 3))).delete()
    WaterSample.objects.filter(section__code="360483-XZ", date__year=2022, date__month=4).delete()
    unit = ResponsibleUnit.objects.create(name="市测试局", organization=demo_org)
    RectificationItem.objects.create(
        batch=InspectionBatch.objects.filter(organization=demo_org).first(),
        code="T-001",
        description="测试：逾期的整改问题",
        deadline=date(2022, 6, 1),
        unit=unit,
    )
    LedgerTask.objects.create(
        area=LedgerArea.objects.filter(organization=demo_org).first(),
        number=99,
        content="测试：未达序时进度的台账任务",
        deadline=date(2022, 12, 31),
        on_schedule=False,
        unit=unit,
    )


def test_a_missing_day_a_missing_sample_and_late_work_are_listed(client, staff_user, gaps):
    client.force_login(staff_user)
    response = client.get(PAGE + "?period=2022H1")
    todo = response.context["todo"]
    march_15 = DateRange(date(2022, 3, 15), date(2022, 3, 15))
    may_1_to_3 = DateRange(date(2022, 5, 1), date(2022, 5, 3))
    assert [(s.code, s.missing_days, s.missing) for s in todo.stations_with_gaps] == [
        ("360483-A01", 4, (march_15, may_1_to_3))
    ]
    assert [(s.code, s.missing_months) for s in todo.sections_with_gaps] == [("360483-XZ", (date(2022, 4, 1),))]
    [unit] = todo.units
    assert (unit.unit, unit.overdue_items, unit.behind_items, unit.overdue_tasks, unit.behind_tasks) == (
        "市测试局",
        1,
        1,
        0,
        1,
    )
    assert [(w.code, w.days_overdue, w.overdue, w.behind) for w in unit.work] == [
        ("T-001", 29, True, True),
        (f"{LedgerArea.objects.get(tasks__number=99).name} 99", 0, False, True),
    ]
    html = response.content.decode()
    assert "2022-03-15；2022-05-01 至 2022-05-03（3 天）" in html
    assert "2022年4月" in html
    assert "逾期 29 天" in html and "测试：未达序时进度的台账任务" in html
    assert _record_count(client, "/org/360483/records/items/?from=2022-01-01&to=2022-06-30&status=overdue") == 1
    assert _record_count(client, "/org/360483/records/tasks/?from=2022-01-01&to=2022-06-30&status=behind") == 1


def test_todays_record_is_not_due_but_yesterdays_is(client, staff_user, demo_org):
    with freeze_time(MORNING.format("2022-07-10")):
        client.force_login(staff_user)
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"] == PAGE + "?period=2022M1-7"
        todo = client.get(response["Location"]).context["todo"]
    assert (todo.checked_until, todo.as_of) == (date(2022, 7, 9), date(2022, 7, 10))
    assert [(s.code, s.missing) for s in todo.stations_with_gaps] == [
        ("360483-A01", (DateRange(date(2022, 7, 1), date(2022, 7, 9)),)),
        ("360483-A02", (DateRange(date(2022, 7, 1), date(2022, 7, 9)),)),
    ]
    assert todo.missing_months == 3  # July has begun and no section has a July sample


def test_an_import_within_its_limit_is_not_listed(demo_org):
    with freeze_time(MORNING.format("2022-07-10")):
        now = datetime.datetime.now(datetime.UTC)
        for kind, days_ago in (("air-daily", 2), ("air-daily", 9), ("water-samples", 40)):
            event = ImportEvent.objects.create(kind=kind, file_name=f"{kind}.xlsx")
            ImportEvent.objects.filter(pk=event.pk).update(at=now - datetime.timedelta(days=days_ago))
        todo = compute_completeness(demo_org.subtree_ids(), date(2022, 1, 1), date(2022, 6, 30))
    assert [(i.kind, i.days_since, i.stale) for i in todo.imports] == [
        ("air-daily", 2, False),
        ("water-samples", 40, True),
        ("rectification", None, True),
        ("ledger", None, True),
    ]


def test_the_page_takes_a_fixed_number_of_queries(client, staff_user, demo_org):
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as ctx:
        compute_completeness(demo_org.subtree_ids(), date(2022, 1, 1), date(2022, 12, 31))
    # subtree, stations, their days, sections, their samples, imports, items, tasks
    assert len(ctx.captured_queries) == 8
    client.get(PAGE + "?period=2022")
    with CaptureQueriesContext(connection) as ctx:
        client.get(PAGE + "?period=2022")
    before = len(ctx.captured_queries)
    # session, user, organization, the user's profile, the organization tree (read once for access
    # and the page's subtree) + the seven of compute_completeness
    assert before == 12
    station = AirStation.objects.create(code="360483-A03", name="测试站", organization=demo_org)
    WaterSection.objects.create(
        code="360483-T1", name="测试断面", organization=demo_org, level="city", body="river", target_class="III"
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE + "?period=2022")
    assert len(ctx.captured_queries) == before
    assert response.context["todo"].stations_with_gaps[-1].code == station.code


def test_another_countys_user_gets_a_404_and_a_visitor_the_login(client, other_county_user, leader_user):
    client.force_login(other_county_user)
    assert client.get(PAGE + "?period=2022H1").status_code == 404
    client.logout()
    response = client.get(PAGE + "?period=2022H1")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(leader_user)
    assert client.get(PAGE + "?period=2022H1").status_code == 200


def test_the_overview_links_to_the_page_with_its_period(client, leader_user):
    client.force_login(leader_user)
    html = client.get("/org/360483/?period=2022H1").content.decode()
    assert 'href="/org/360483/completeness/?period=2022H1" data-testid="completeness-link"' in html
