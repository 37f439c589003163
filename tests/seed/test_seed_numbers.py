"""The 64 numbers of the bureau's 2022 H1 summary (../shared/seed/) and where each comes from.

Each line: the words of the summary around the number, the number, its source, and how the demo's
records give it. Sources: ``computed`` from monitoring records, items and tasks (``compute_figures``);
``published`` an official figure staff entered; ``work`` a work indicator's value; ``assessment`` a
rank or grade a higher authority published; ``target`` an annual target; ``period`` the report's own
period; ``ledger`` the ledger's year; ``group`` a section group's membership; ``typed`` a date staff
type into the text. Every source but ``typed`` is a record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

import pytest

from ecoreport.figures.compute import compute_figures
from ecoreport.reports.formatting import chinese_ordinal
from ecoreport.reports.hand_typed import hand_typed
from ecoreport.reports.models import ReportSection
from ecoreport.reports.placeholders import chinese_count
from ecoreport.reports.queries import load_document
from indicators.assessments import Assessment
from indicators.models import AnnualTarget, PublishedFigure, SectionGroup
from tasks.models import LedgerArea
from tasks.workstats import WorkValue

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
RECORDS = {"computed", "published", "work", "assessment", "target", "period", "ledger", "group"}


@dataclass
class Demo:
    org: object

    @cached_property
    def figures(self):
        return compute_figures(self.org, *H1)

    def section(self, name: str):
        return next(s for s in self.figures.water.sections if s.name == name)

    def group(self, name: str):
        return next(g for g in self.figures.rectification.groups if g.name == name)

    def work(self, code: str) -> str:
        value = WorkValue.objects.get(indicator__code=code, organization=self.org, period_start=H1[0], period_end=H1[1])
        return value.value_text

    def ledger_year(self) -> int:
        years = LedgerArea.objects.filter(organization=self.org).order_by().values_list("year", flat=True)
        return years.distinct().get()

    def assessment(self, measure: str) -> Assessment:
        return Assessment.objects.get(organization=self.org, measure=measure)


FIRST_ROUND = "中央、省第一轮环保督察和审计等反馈问题"
SECOND_ROUND = "中央第二轮督察反馈共性问题"
PETITIONS = "中央第二轮督察信访转办件"
WATER_INDEX = "水质综合指数变好幅度"

# fmt: off
NUMBERS = [
    # 一、上半年全市生态环境质量
    ("1-6月份，我市环境空气", "1-6", "period", lambda d: d.figures.period_label.removesuffix("月")),
    ("PM2.5浓度均值为27微克/立方米", "27", "computed", lambda d: str(d.figures.air.pm25)),
    ("空气优良天数167天", "167", "computed", lambda d: str(d.figures.air.good_days)),
    ("优良率为92.2%", "92.2", "published",
     lambda d: str(PublishedFigure.objects.get(organization=d.org, indicator="good_rate").value.normalize())),
    ("稳居全市第一方阵", "第一方阵", "assessment", lambda d: d.assessment("环境空气质量").grade),
    ("1-6月份，国考星子断面", "1-6", "period", lambda d: d.figures.period_label.removesuffix("月")),
    ("国考星子断面水质为Ⅳ类", "Ⅳ", "computed", lambda d: d.section("星子").cls_label),
    ("总磷浓度为0.053mg/L", "0.053", "computed", lambda d: str(d.section("星子").tp)),
    ("较去年同期改善15.9%", "15.9", "computed", lambda d: str(-d.section("星子").tp_change_pct)),
    ("国考蚌湖断面水质为Ⅳ类", "Ⅳ", "computed", lambda d: d.section("蚌湖").cls_label),
    ("总磷浓度为0.052mg/L", "0.052", "computed", lambda d: str(d.section("蚌湖").tp)),
    ("较去年同期改善20.0%", "20.0", "computed", lambda d: str(-d.section("蚌湖").tp_change_pct)),
    ("省控沙湖山断面水质为Ⅱ类", "Ⅱ", "computed", lambda d: d.section("沙湖山").cls_label),
    ("2022年上半年，沙湖山断面", "2022年上半年", "period", lambda d: d.figures.period_title),
    ("在18个鄱阳湖入湖断面考核中", "18", "group", lambda d: str(SectionGroup.objects.get(name="鄱阳湖入湖断面").size)),
    ("考核中排名第一", "第一", "computed",
     lambda d: next(f"第{chinese_ordinal(e.rank)}" for g in d.figures.rankings.section_groups
                    for e in g.entries if e.name == "沙湖山")),
    ("一季度庐山市水质综合指数", "一季度", "assessment",
     lambda d: next(a.period_label for a in d.figures.assessments if a.measure == WATER_INDEX)),
    ("在全省100个县（市、区）中", "100", "assessment", lambda d: str(d.assessment(WATER_INDEX).field_size)),
    ("变好幅度排名第三", "第三", "assessment", lambda d: f"第{chinese_ordinal(d.assessment(WATER_INDEX).rank)}"),
    ("4月28日召开的九江市环委会", "4月28日", "typed", None),
    # 二（一）督察整改
    ("反馈问题共108个", "108", "computed", lambda d: str(d.group(FIRST_ROUND).total)),
    ("需限期整改的88个已全部整改销号", "88", "computed", lambda d: str(d.group(FIRST_ROUND).closed)),
    ("长期坚持的20问题均达到时序进度", "20", "computed", lambda d: str(d.group(FIRST_ROUND).long_term)),
    ("17个共性问题纳入整改", "17", "computed", lambda d: str(d.group(SECOND_ROUND).total)),
    ("已完成6个问题整改", "6", "computed", lambda d: str(d.group(SECOND_ROUND).completed)),
    ("11个问题整改正在时序推进", "11", "computed", lambda d: str(d.group(SECOND_ROUND).in_progress)),
    ("信访转办件20件", "20", "computed", lambda d: str(d.group(PETITIONS).total)),
    ("已办结销号19件", "19", "computed", lambda d: str(d.group(PETITIONS).closed)),
    ("1件正在准备销号", "1", "computed", lambda d: str(d.group(PETITIONS).done)),
    # 二（二）污染防治
    ("露天焚烧火点问题9个", "9", "work", lambda d: d.work("fire_points")),
    ("出动执法人员54人次", "54", "work", lambda d: d.work("enforcement_visits")),
    ("检查点位59个", "59", "work", lambda d: d.work("enforcement_sites")),
    ("投资3.5亿元的污水治理", "3.5", "work", lambda d: d.work("sewage_project_investment")),
    ("项目资金2.83亿", "2.83", "work", lambda d: d.work("rural_improvement_funds")),
    ("对61个农村生活污水处理终端", "61", "work", lambda d: d.work("sewage_terminals_checked")),
    ("国家库的20个农村黑臭水体测绘", "20", "work", lambda d: d.work("black_water_surveyed")),
    ("项目的12个黑臭水体正在施工", "12", "work", lambda d: d.work("black_water_in_construction")),
    ("对4家省市", "4", "work", lambda d: d.work("hazardous_firms_city")),
    ("及9家县级危废重点企业", "9", "work", lambda d: d.work("hazardous_firms_county")),
    ("垃圾中转站共7个", "7", "work", lambda d: d.work("transfer_stations")),
    ("其中乡镇3个", "3", "work", lambda d: d.work("transfer_stations_township")),
    ("城区3个", "3", "work", lambda d: d.work("transfer_stations_urban")),
    ("新建1个二级中转站", "1", "work", lambda d: d.work("transfer_stations_new")),
    # 二（三）服务
    ("对51类项目豁免环评手续", "51", "work", lambda d: d.work("eia_exempt_categories")),
    ("45类实行告知承诺审批", "45", "work", lambda d: d.work("eia_commitment_categories")),
    ("共召开5次", "5", "work", lambda d: d.work("service_days")),
    ("帮助企业解决11个环保问题", "11", "work", lambda d: d.work("business_problems_solved")),
    ("受理环境信访投诉21件", "21", "work", lambda d: d.work("complaints_received")),
    ("办结21件", "21", "work", lambda d: d.work("complaints_closed")),
    # 二（四）工作台账
    ("生态节点2022年度工作计划和工作台账", "2022", "ledger",
     lambda d: str(d.ledger_year())),
    ("共涉及7大方面", "7", "computed", lambda d: str(d.figures.ledger.areas)),
    ("62项具体工作任务", "62", "computed", lambda d: str(d.figures.ledger.total)),
    ("已完成6项工作任务", "6", "computed", lambda d: str(d.figures.ledger.completed)),
    ("其中2项已完成销号", "2", "computed", lambda d: str(d.figures.ledger.closed)),
    ("4项正在申报销号", "4", "computed", lambda d: str(d.figures.ledger.applying_closure)),
    ("其他56项工作任务", "56", "computed", lambda d: str(d.figures.ledger.in_progress)),
    # 二（五）党建
    ("开展党组（扩大）会议学习 16 次", "16", "work", lambda d: d.work("party_group_meetings")),
    ("理论学习中心组集中学习4次", "4", "work", lambda d: d.work("theory_group_sessions")),
    ("党员大会3次", "3", "work", lambda d: d.work("party_member_meetings")),
    ("干部职工集中学习 14次", "14", "work", lambda d: d.work("staff_study_sessions")),
    ("党组书记带头讲党课2次", "2", "work", lambda d: d.work("secretary_lectures")),
    ("局机关党支部书记讲党课1次", "1", "work", lambda d: d.work("branch_secretary_lectures")),
    # 四、下半年工作方向和计划
    ("国控两个断面水质稳定达到考核标准", "两", "computed",
     lambda d: chinese_count(sum(1 for s in d.figures.water.sections if s.in_scope and s.level == "national"))),
    ("水源地水质达标率100%", "100", "target",
     lambda d: str(AnnualTarget.objects.get(organization=d.org, year=2022).drinking_water_rate_min.to_integral())),
]
# fmt: on


def test_the_summary_holds_64_numbers_and_at_least_60_come_from_records():
    assert len(NUMBERS) == 64
    from_records = [entry for entry in NUMBERS if entry[2] in RECORDS]
    assert len(from_records) >= 60
    assert {source for _, _, source, _ in NUMBERS} <= RECORDS | {"typed"}


@pytest.mark.parametrize(("words", "number", "source", "read"), [n for n in NUMBERS if n[2] != "typed"],
                         ids=[f"{i}:{n[0]}" for i, n in enumerate(NUMBERS) if n[2] != "typed"])  # fmt: skip
def test_each_number_is_read_from_the_demos_records(demo_org, words, number, source, read):
    assert number in words
    assert read(Demo(demo_org)) == number


def _narrative_text(document) -> str:
    parts = document.parts[1:]  # 二、三、四: the staff's text with its placeholders filled in
    return "".join(p.text for part in parts for section in [part, *part.children] for p in section.paragraphs)


def test_the_narrative_reads_as_the_summary_with_every_work_value_filled_in(demo_org):
    document = load_document(demo_org, *H1)
    text = _narrative_text(document)
    assert document.unresolved == []
    for words, _number, source, _read in NUMBERS:
        if source == "work":
            assert words in text, words
    assert "国控两个断面水质稳定达到考核标准，集中式饮用水水源地水质达标率100%" in text
    assert "生态节点2022年度工作计划和工作台账》，工作台账共涉及7大方面、62项具体工作任务" in text
    quality = "".join(p.text for p in document.parts[0].paragraphs)
    assessments = "一季度水质综合指数变好幅度在全省100个县（市、区）中排名第三；环境空气质量位列全市第一方阵"
    assert f"据上级通报，{assessments}。" in quality


def test_the_demos_narrative_templates_type_no_number_but_dates(demo_org):
    sections = ReportSection.objects.filter(organization=demo_org, period_start=H1[0], period_end=H1[1])
    assert sections.count() == 7
    assert {section.pk: hand_typed(section.body) for section in sections} == {section.pk: [] for section in sections}
    assert sum(section.body.count("{") for section in sections) == 30
