"""A county other than the demo's gets its own work statistics, assessments and narrative, none of Lushan's."""

from __future__ import annotations

import datetime
import json

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.exporters import render
from ecoreport.lib.periods import month_end
from ecoreport.reports.models import ReportSection
from ecoreport.reports.queries import load_document
from indicators.assessments import Assessment
from tasks.workstats import WorkIndicator, WorkValue
from tests.figures_data import make_org

Q1 = (datetime.date(2023, 1, 1), datetime.date(2023, 3, 31))


def _second_county():
    org = make_org("369901", "青山县")
    patrols = WorkIndicator.objects.create(code="lake_patrols", name="河湖巡查", unit="次", category="enforcement")
    visits = WorkIndicator.objects.get(code="enforcement_visits")
    WorkValue.objects.create(indicator=visits, organization=org, period_start=Q1[0], period_end=Q1[1], value=8)
    for month, value in ((1, 3), (2, 4), (3, 5)):
        start, end = datetime.date(2023, month, 1), month_end(2023, month)
        WorkValue.objects.create(indicator=patrols, organization=org, period_start=start, period_end=end, value=value)
    Assessment.objects.create(
        organization=org, measure="空气质量综合指数", scope="全市", field_size=13, field_unit="个县（市、区）", rank=2,
        period_start=Q1[0], period_end=Q1[1], publisher="九江市生态环境局",
    )  # fmt: skip
    body = (
        "出动执法人员{执法检查人次}人次，巡查河湖{河湖巡查}次，"
        "{评估.空气质量综合指数.期间}空气质量在{评估.空气质量综合指数.范围}中排名{评估.空气质量综合指数.名次}。"
    )
    ReportSection.objects.create(
        organization=org, period_start=Q1[0], period_end=Q1[1], part="work", order=1, heading="执法与巡查", body=body
    )
    return org


def test_a_second_county_has_its_own_figures_and_text(demo_org):
    org = _second_county()
    document = load_document(org, *Q1)
    assert document.unresolved == []
    text = "".join(p.text for p in document.parts[1].children[0].paragraphs)
    assert text == "出动执法人员8人次，巡查河湖12次，一季度空气质量在全市13个县（市、区）中排名第二。"
    figures = document.figures
    # Catalogue order: one category, the new indicator's order (0) before the demo's (2).
    assert [(w.code, w.value) for w in figures.work] == [("lake_patrols", 12), ("enforcement_visits", 8)]
    assert [a.measure for a in figures.assessments] == ["空气质量综合指数"]
    summary = json.loads(render(figures)[2])
    work = [(w["name"], w["value"], w["records"]) for w in summary["work"]]
    assert work == [("河湖巡查", 12, 3), ("执法检查人次", 8, 1)]
    assert [(a["scope"], a["field_size"], a["rank"]) for a in summary["assessments"]] == [("全市", 13, 2)]
    whole = "".join(p.text for part in document.parts for s in [part, *part.children] for p in s.paragraphs)
    for lushan in ("庐山", "54", "第一方阵", "全省100个县", "稳居", "以改为力"):
        assert lushan not in whole, lushan


def test_lushan_borrows_nothing_from_the_second_county_nor_it_from_lushan(demo_org):
    org = _second_county()
    lushan = compute_figures(demo_org, *Q1)
    assert (lushan.work, lushan.assessments) == ([], [])
    section = ReportSection.objects.get(organization=org)
    section.body = "{评估.水质综合指数变好幅度.名次}"  # Lushan's measure: unknown to this county
    section.save()
    assert load_document(org, *Q1).unresolved == ["【未知占位符：评估.水质综合指数变好幅度.名次】"]
