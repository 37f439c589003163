"""The import kinds work-indicators, work-values and assessments (data-formats.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ecoreport.importing.export import export_workbook
from ecoreport.importing.service import import_file
from indicators.assessments import Assessment
from tasks.workstats import WorkIndicator, WorkValue

pytestmark = pytest.mark.django_db


def run(kind: str, text: str, **kwargs):
    return import_file(kind, text.encode("utf-8"), file_name=f"{kind}.csv", **kwargs)


def problems(result) -> list[tuple[str, str]]:
    """(column, message) of each problem, in row order."""
    return [(problem.column, problem.message) for problem in result.problems]


def test_values_by_month_or_by_stated_period_and_indicator_name_or_code(demo_org):
    result = run(
        "work-values",
        "机构编码,指标编码,月份,期间开始,期间结束,数值,备注\n"
        "360483,enforcement_visits,2022-07,,,12,七月\n"
        "360483,执法检查人次,2022年8月,,,7,\n"
        "360483,enforcement_sites,,2022-07-01,2022-09-30,30.5,三季度\n",
    )
    assert problems(result) == [] and (result.created, result.updated) == (3, 0)
    july = WorkValue.objects.get(indicator__code="enforcement_visits", period_start=datetime.date(2022, 7, 1))
    assert (july.period_end, july.value, july.note, july.entered_by) == (datetime.date(2022, 7, 31), 12, "七月", None)
    august = WorkValue.objects.get(indicator__code="enforcement_visits", period_start=datetime.date(2022, 8, 1))
    assert august.period_end == datetime.date(2022, 8, 31)
    quarter = WorkValue.objects.get(indicator__code="enforcement_sites", period_end=datetime.date(2022, 9, 30))
    assert quarter.value == Decimal("30.5")


def test_a_crossing_period_an_unknown_indicator_and_disagreeing_dates_are_named_by_row(demo_org):
    result = run(
        "work-values",
        "org,indicator,month,period_start,period_end,value\n"
        "360483,enforcement_visits,,2022-07-01,2022-08-31,5\n"
        "360483,enforcement_visits,,2022-08-01,2022-09-30,6\n"
        "360483,no_such,2022-07,,,1\n"
        "360483,enforcement_visits,2022-10,2022-10-01,2022-10-30,1\n"
        "360483,enforcement_visits,2022-11,,,-2\n"
        "360483,enforcement_visits,,2022-01-01,2022-03-31,4\n",
    )
    found = result.problems
    first_row = found[0].row - 1  # the row numbering is the importer's (data-formats.md)
    assert [problem.row - first_row for problem in found] == [1, 2, 3, 4]
    assert [(problem.column, problem.message) for problem in found] == [
        ("period_start", f"第 {first_row} 行：与已有数值（2022-07-01至2022-08-31）的期间交叉："
         "同一指标的期间可以包含或被包含（如半年与其中的月份），不能部分重叠"),
        ("indicator", "未知的指标“no_such”：请先导入或在“工作指标”中建立"),
        ("month", "月份与期间开始、期间结束不一致：按月填报时只填月份即可"),
        ("value", "不能为负数（-2）"),
    ]  # fmt: skip
    assert not WorkValue.objects.filter(period_start__gte=datetime.date(2022, 7, 1)).exists()


def test_the_same_file_again_changes_nothing_and_an_export_reads_back_unchanged(demo_org):
    text = "org,indicator,month,value\n360483,service_days,2022-07,2\n"
    assert run("work-values", text).created == 1
    again = run("work-values", text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    exported = export_workbook("work-values")
    back = import_file("work-values", exported, file_name="工作指标数值.xlsx")
    assert problems(back) == []
    assert (back.created, back.updated, back.unchanged) == (0, 0, WorkValue.objects.count())


def test_an_indicator_name_belongs_to_one_code(demo_org):
    result = run(
        "work-indicators",
        "code,name,unit,category\nvisits_again,执法检查人次,人次,执法监管\n",
    )
    assert problems(result) == [
        ("name", "指标名称“执法检查人次”已被指标“enforcement_visits”使用：名称在报告中引用，不能重复")
    ]
    created = run(
        "work-indicators",
        "指标编码,指标名称,计量单位,类别,多月合计方式,可向上级汇总\nlists,清单条目,条,行政审批,取最新值,否\n",
    )
    assert problems(created) == []
    lists = WorkIndicator.objects.get(code="lists")
    assert (lists.category, lists.aggregation, lists.additive) == ("approval", "latest", False)


def test_assessments_need_a_rank_or_a_grade_within_the_field(demo_org):
    header = "org,measure,period_start,period_end,scope,field_size,field_unit,rank,grade,publisher\n"
    result = run(
        "assessments",
        header + "360483,噪声,2022-04-01,2022-06-30,全省,100,个县（市、区）,,,江西省生态环境厅\n"
        "360483,扬尘,2022-04-01,2022-06-30,全省,100,个县（市、区）,101,,江西省生态环境厅\n",
    )
    assert problems(result) == [
        ("rank", "名次和等次至少填写一项"),
        ("rank", "名次（101）不能大于参评数量（100）"),
    ]
    good = run(
        "assessments", header + "360483,扬尘,2022-04-01,2022-06-30,全省,100,个县（市、区）,7,良好,江西省生态环境厅\n"
    )
    assert problems(good) == [] and good.created == 1
    item = Assessment.objects.get(measure="扬尘")
    assert (item.rank, item.grade, item.scope_text) == (7, "良好", "全省100个县（市、区）")
