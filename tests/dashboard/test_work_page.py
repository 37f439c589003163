"""工作统计: the work indicators of a period, the values behind each, assessments and 示例数据 on the dashboard."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoreport.lib.periods import month_end
from tasks.workstats import WorkIndicator, WorkValue

Q = "?period=2022H1"


@pytest.fixture
def leader(client, leader_user):
    client.force_login(leader_user)
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _row(html: str, code: str) -> str:
    return _text(html.split(f'data-testid="work-{code}">')[1].split("</tr>")[0])


def test_the_page_lists_the_indicators_by_category_with_a_link_to_their_values(leader):
    body = leader.get(f"/org/360483/work/{Q}").content.decode()
    text = _text(body)
    assert "工作统计 · 2022年上半年" in text
    assert text.index("执法监管") < text.index("行政审批") < text.index("党建")
    assert _row(body, "enforcement_visits").split() == ["执法检查人次", "54", "人次", "—", "—"]
    assert _row(body, "rural_improvement_funds").split() == ["农村环境整治整合资金", "2.83", "亿元", "—", "—"]
    assert "/org/360483/records/work/enforcement_visits/?period=2022H1" in body
    assert "工作统计</a>" in body and 'aria-current="page">工作统计' in body
    assert "第 3 名" in text and "全省100个县（市、区）" in text  # the assessments


def test_a_city_adds_up_its_counties_where_adding_makes_sense(client, admin_user):
    client.force_login(admin_user)
    body = client.get(f"/org/360400/work/{Q}").content.decode()
    assert _row(body, "enforcement_visits").split() == ["执法检查人次", "54", "人次", "—", "—", "由下级机构汇总"]
    assert 'data-testid="work-eia_exempt_categories"' not in body  # categories of a list do not add up
    assert "本期暂无上级发布的考核排名或等次" in body  # a county's rank is not its city's


def test_the_drill_down_shows_which_values_make_the_figure_and_why_the_others_do_not(leader, demo_org):
    visits = WorkIndicator.objects.get(code="enforcement_visits")
    for month, value in ((1, 20), (2, 30)):
        WorkValue.objects.create(
            indicator=visits, organization=demo_org, period_start=date(2022, month, 1),
            period_end=month_end(2022, month), value=value,
        )  # fmt: skip
    WorkValue.objects.create(
        indicator=visits, organization=demo_org, period_start=date(2022, 6, 1), period_end=date(2022, 9, 30), value=9
    )
    body = leader.get(f"/org/360483/records/work/enforcement_visits/{Q}").content.decode()
    table = body.split('data-testid="records"')[1].split("</table>")[0]
    rows = [_text(row).split() for row in table.split("<tr>")[2:]]
    assert rows == [
        ["庐山市", "2022-01-01至2022-06-30", "54", "计入", "据庐山生态环境局2022年上半年工作总结"],
        ["庐山市", "2022年1月", "20", "已包含在更长期间的数值中"],
        ["庐山市", "2022年2月", "30", "已包含在更长期间的数值中"],
        ["庐山市", "2022-06-01至2022-09-30", "9", "超出所选期间，不计入"],
    ]
    assert 'data-testid="work-figure">54<' in body
    assert leader.get(f"/org/360483/records/work/no_such/{Q}").status_code == 404


def test_the_overview_shows_the_assessments_and_says_which_records_are_samples(leader):
    body = leader.get(f"/org/360483/{Q}").content.decode()
    cards = _text(body.split("<h2>考核评估</h2>")[1].split("<h2>")[0])
    assert "一季度 水质综合指数变好幅度 第 3 名 全省100个县（市、区） 江西省生态环境厅" in cards
    assert "上半年 环境空气质量 第一方阵 全市 九江市生态环境局" in cards
    assert "本页所涉督察整改问题、工作台账任务含演示用的示例内容，不是正式数据。" in _text(body)
    tasks = leader.get(f"/org/360483/records/tasks/{Q}").content.decode()
    assert tasks.count("示例数据</span>") == 62


def test_a_county_outside_the_users_reach_is_not_found(client, other_county_user):
    client.force_login(other_county_user)
    assert client.get(f"/org/360483/work/{Q}").status_code == 404
    assert client.get(f"/org/360483/records/work/enforcement_visits/{Q}").status_code == 404


def test_the_page_keeps_its_query_count_with_ten_times_the_values(leader, demo_org):
    def queries() -> int:
        leader.get(f"/org/360483/work/{Q}")
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(f"/org/360483/work/{Q}").status_code == 200
        return len(captured)

    before = queries()
    for number in range(10):
        indicator = WorkIndicator.objects.create(code=f"extra{number}", name=f"额外{number}", unit="次")
        WorkValue.objects.bulk_create(
            WorkValue(indicator=indicator, organization=demo_org, period_start=date(2022, month, 1),
                      period_end=month_end(2022, month), value=month)
            for month in range(1, 7)
        )  # fmt: skip
    assert queries() == before
