"""Placeholders in narrative text are filled from the period's records; an unknown one is an error."""

from __future__ import annotations

import datetime

import pytest

from ecoreport.figures.compute import compute_figures
from ecoreport.reports.models import PublishedReport, ReportSection
from ecoreport.reports.placeholder_names import load_vocabulary
from ecoreport.reports.placeholders import fill, names_in
from ecoreport.reports.queries import load_document
from ecoreport.reports.services import PublishRefused, publish_report

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


@pytest.fixture
def filled(demo_org):
    figures, vocabulary = compute_figures(demo_org, *H1), load_vocabulary(demo_org)
    return lambda template: fill(template, figures, vocabulary)


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("{空气.PM25}", "27"),
        ("{空气.优良天数}", "167"),
        ("{空气.优良率}", "92.2"),  # the published figure, as the sentences use it
        ("{空气.PM25同比}", "下降12.9%"),
        ("{水.星子.类别}，总磷{水.星子.总磷}mg/L，{水.星子.总磷同比}", "Ⅳ类，总磷0.053mg/L，改善15.9%"),
        ("国控{水.国考断面数|中文}个断面", "国控两个断面"),
        ("{目标.饮用水水源地达标率}%", "100%"),
        ("{台账.总数}项，已完成{台账.已完成}项，{台账.已销号}项已销号", "62项，已完成6项，2项已销号"),
        ("{整改.总数}，{整改.中央第二轮督察信访转办件.已销号}", "145，19"),
        ("出动执法人员{执法检查人次}人次，{enforcement_sites}个", "出动执法人员54人次，59个"),
        ("{污水治理一体化工程投资}亿元，{农村环境整治整合资金}亿", "3.5亿元，2.83亿"),
        ("{评估.水质综合指数变好幅度.期间}在{评估.水质综合指数变好幅度.范围}中排名{评估.水质综合指数变好幅度.名次}",
         "一季度在全省100个县（市、区）中排名第三"),
        ("稳居{评估.环境空气质量.范围}{评估.环境空气质量.等次}", "稳居全市第一方阵"),
        ("{评估.水质综合指数变好幅度}", "在全省100个县（市、区）中排名第三"),
        ("{期间.标题}（{期间.月份}），{台账.年度}年度", "2022年上半年（1-6月），2022年度"),
    ],
)  # fmt: skip
def test_a_placeholder_reads_the_periods_figures(filled, template, text):
    result = filled(template)
    assert (result.text, result.unknown, result.missing) == (text, [], [])


def test_an_unknown_name_and_a_name_without_data_are_marked_never_printed(filled):
    result = filled("甲{不存在}乙{执法检查人次.去年同期}丙{不存在}")
    assert result.text == "甲【未知占位符：不存在】乙【无数据：执法检查人次.去年同期】丙【未知占位符：不存在】"
    assert (result.unknown, result.missing) == (["不存在"], ["执法检查人次.去年同期"])
    assert names_in("{a}{b|中文}{a}") == ["a", "b"]


def _section(org, body: str, **fields) -> ReportSection:
    return ReportSection.objects.create(
        organization=org, period_start=H1[0], period_end=H1[1], part="problems", order=9, body=body, **fields
    )


def test_the_demo_report_has_every_placeholder_filled_and_publishing_refuses_one_that_is_not(demo_org):
    document = load_document(demo_org, *H1)
    assert document.unresolved == []
    _section(demo_org, "另有{执法检查人次.去年同期}人次，{没有这个}。")
    document = load_document(demo_org, *H1)
    assert document.unresolved == ["【未知占位符：没有这个】", "【无数据：执法检查人次.去年同期】"]
    before = PublishedReport.objects.count()
    with pytest.raises(PublishRefused, match="没有这个"):
        publish_report(org=demo_org, start=H1[0], end=H1[1])
    assert PublishedReport.objects.count() == before


def test_the_html_preview_shows_the_marker_and_the_hand_typed_numbers_as_data_hints(client, admin_user, demo_org):
    _section(demo_org, "出动执法人员54人次，检查点位{执法检查点位}个，{没有这个}。4月28日召开会议。")
    client.force_login(admin_user)
    page = client.get(f"/reports/{demo_org.code}/?from=2022-01-01&to=2022-06-30").content.decode()
    assert "检查点位59个，【未知占位符：没有这个】。4月28日召开会议。" in page
    assert "未知占位符：没有这个。请在“报告文字段落”中更正，否则不能发布。" in page
    assert "手工录入的数字1处（无数据来源，可改为占位符）：54人次。" in page
    response = client.post(f"/reports/{demo_org.code}/submit/?from=2022-01-01&to=2022-06-30", follow=True)
    assert "正文中有未能填入的占位符，不能发布：【未知占位符：没有这个】" in response.content.decode()


def test_the_admin_refuses_an_unknown_placeholder_and_shows_the_filled_text(client, admin_user, demo_org):
    client.force_login(admin_user)
    form = {
        "organization": demo_org.pk,
        "period_start": "2022-01-01",
        "period_end": "2022-06-30",
        "part": "plan",
        "order": 7,
        "heading": "",
        "body": "检查{执法检查人次}人次，{执法人次}，{空气.PM2.5}。",
        "generated": "",
    }
    response = client.post("/admin/reports/reportsection/add/", form)
    assert response.status_code == 200
    assert "未知占位符：{执法人次}、{空气.PM2.5}" in response.content.decode()
    assert not ReportSection.objects.filter(order=7).exists()
    form["body"] = "检查{执法检查人次}人次，PM2.5为{空气.PM25}微克/立方米。"
    assert client.post("/admin/reports/reportsection/add/", form).status_code == 302
    section = ReportSection.objects.get(order=7, part="plan")
    page = client.get(f"/admin/reports/reportsection/{section.pk}/change/").content.decode()
    assert "填入数据后的正文" in page
    assert "检查54人次，PM2.5为27微克/立方米。" in page
    assert "{执法检查人次}" in page and "{评估.水质综合指数变好幅度}" in page  # the names an editor may use
