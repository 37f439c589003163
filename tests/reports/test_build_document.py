"""``build_document`` is query-free and numbers its headings from their positions."""

from __future__ import annotations

import datetime

import pytest

from ecoreport.figures.compute import compute_figures
from ecoreport.reports.build import build_document
from ecoreport.reports.document import ReportDocument, Section
from ecoreport.reports.models import ReportSection
from tasks.models import LedgerArea, LedgerTask, ResponsibleUnit, Status

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


@pytest.fixture
def figures(demo_org):
    return compute_figures(demo_org, *H1)


def _section(part: str, order: int, heading: str, body: str, generated: str = "") -> ReportSection:
    # Unsaved model instances: plain objects as far as the builder can tell.
    return ReportSection(part=part, order=order, heading=heading, body=body, generated=generated)


def _task(number: int, content: str, deadline: datetime.date | None, status: str) -> LedgerTask:
    area = LedgerArea(name="水污染防治", order=1)
    unit = ResponsibleUnit(name="县水利局")
    return LedgerTask(area=area, number=number, content=content, unit=unit, deadline=deadline, status=status)


def test_it_builds_a_document_without_touching_the_database(figures, django_assert_num_queries):
    sections = [
        _section("work", 1, "（三）以改为力，抓整改", "【数据】\n\n持续推进。", generated="rectification"),
        _section("work", 2, "守住水质底线", "断面水质稳定。"),
        _section("problems", 1, "", "一是空气质量改善压力大。"),
        _section("plan", 1, "", "一是紧盯考核目标。"),
    ]
    tasks = [
        _task(1, "完成入河排污口排查", datetime.date(2022, 12, 15), Status.IN_PROGRESS),
        _task(2, "巡河常态化", None, Status.CLOSED),
    ]
    with django_assert_num_queries(0):
        document = build_document(figures, sections, tasks)

    assert document.title == "九江市庐山生态环境局2022年上半年工作总结及下半年工作计划"
    assert [part.heading for part in document.parts] == [
        "一、上半年全市生态环境质量",
        "二、上半年主要工作开展情况",
        "三、存在的问题和不足",
        "四、下半年工作方向和计划",
    ]
    work = document.parts[1]
    # The staff's own （三） gives way to the position; the ledger sentence no section placed comes last.
    assert [child.heading for child in work.children] == [
        "（一）以改为力，抓整改",
        "（二）守住水质底线",
        "（三）工作台账推进情况",
    ]
    assert work.children[0].paragraphs[0].text.startswith("中央、省第一轮环保督察和审计等反馈问题共108个，")
    assert work.children[0].paragraphs[1].text == "持续推进。"
    assert document.parts[2].paragraphs[0].text == "一是空气质量改善压力大。"
    ledger = document.appendix[-1]
    assert ledger.caption == "工作台账任务清单"
    assert ledger.rows == [
        ["1", "水污染防治", "完成入河排污口排查", "县水利局", "2022年12月15日", "推进中"],
        ["2", "水污染防治", "巡河常态化", "县水利局", "长期坚持", "已销号"],
    ]
    assert [chart.number for chart in document.charts] == list(range(1, len(document.charts) + 1))
    assert document.charts[-1].caption == "工作台账分领域进展"
    assert document.differences == 1  # the published good rate 92.2 against the computed 92.3


def test_the_ledger_table_is_left_out_without_tasks(figures):
    document = build_document(figures, [], [])
    assert [table.caption for table in document.appendix] == [
        "环境空气质量月度情况（PM2.5单位：微克/立方米）",
        "地表水断面水质情况（总磷单位：mg/L）",
    ]
    # Without staff text the data sentences still get their sub-parts.
    assert [child.heading for child in document.parts[1].children] == ["（一）督察整改工作", "（二）工作台账推进情况"]


def test_removing_a_part_renumbers_the_parts_after_it(figures):
    built = build_document(figures, [], [])
    parts = [part for part in built.parts if part.title != "存在的问题和不足"]
    parts.insert(1, Section("专项工作", children=[Section("甲"), Section("乙")]))
    document = ReportDocument(built.figures, built.title, parts, built.appendix, built.fingerprint)
    assert [part.heading for part in document.parts] == [
        "一、上半年全市生态环境质量",
        "二、专项工作",
        "三、上半年主要工作开展情况",
        "四、下半年工作方向和计划",
    ]
    assert [child.heading for child in document.parts[1].children] == ["（一）甲", "（二）乙"]
