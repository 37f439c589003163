"""Work statistics and external assessments: the indicator catalogue, values per month or period, ranks.

``work-values`` rows name their period by ``month`` (2022-03) or by ``period_start`` and
``period_end`` (a quarter, a half-year); a row may give both when they agree, as an export does.
Values of one indicator and organization may nest but not cross (``tasks.workstats.crosses``),
against the database and against the file's earlier rows.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.lib.periods import month_end
from indicators import cells
from indicators.assessments import Assessment
from tasks.workstats import WorkIndicator, WorkValue, crosses, crossing_message

from .base import Column, KeyedInstanceLoader, KindResource, choice_column, repeated, required_cells

_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?$")


def parse_month(cell: object) -> tuple[datetime.date, datetime.date] | None:
    """A month (2022-03, 2022/3, 2022年3月, or the date cell Excel makes of 2022-03): its first and last day."""
    if cells.is_empty(cell):
        return None
    if isinstance(cell, datetime.date):
        return cell.replace(day=1), month_end(cell.year, cell.month)
    raw = cells.text(cell)
    match = _MONTH.match(raw)
    if not match or not 1 <= int(match[2]) <= 12:
        raise cells.CellError(f"“{raw}”不是月份：格式应为 YYYY-MM，如 2022-03")
    year, month = int(match[1]), int(match[2])
    return datetime.date(year, month, 1), month_end(year, month)


def parse_value(cell: object) -> Decimal | None:
    """A value that is not negative; its digits are held to the field's (``limits``) like every cell's."""
    value = cells.parse_decimal(cell)
    if value is None:
        return None
    if value < 0:
        raise cells.CellError(f"不能为负数（{cells.text(value)}）")
    return value


def _future(start: datetime.date | None, today: datetime.date) -> str | None:
    if start is not None and start > today:
        return f"期间开始 {start.isoformat()} 在将来：期间尚未开始"
    return None


class WorkIndicatorResource(KindResource):
    kind = "work-indicators"
    label = "工作指标"
    ordering = ("category", "order", "code")

    code = Column("code", "指标编码", cells.parse_text, required=True)
    name = Column("name", "指标名称", cells.parse_text, required=True)
    unit = Column("unit", "计量单位", cells.parse_text, required=True)
    category = choice_column("category", "类别", WorkIndicator.Category.choices, required=True)
    aggregation = choice_column("aggregation", "多月合计方式", WorkIndicator.Aggregation.choices)
    additive = Column("additive", "可向上级汇总", cells.parse_yes_no)
    order = Column("order", "排序", cells.parse_int)
    description = Column("description", "说明", cells.parse_text)

    class Meta(KindResource.Meta):
        model = WorkIndicator
        fields = import_order = export_order = (
            "code", "name", "unit", "category", "aggregation", "additive", "order", "description",
        )  # fmt: skip
        import_id_fields = ("code",)

    def prepare(self):
        self.names = dict(WorkIndicator.objects.values_list("name", "code"))

    def check(self, instance, values, number):
        found = required_cells(values, "code", "name", "unit", "category")
        if found:
            return found
        first = self.first_rows.setdefault(values["code"], number)
        if first != number:
            return {"code": repeated(first, "同一指标编码")}
        owner = self.names.get(values["name"])
        if owner is not None and owner != values["code"]:
            return {"name": f"指标名称“{values['name']}”已被指标“{owner}”使用：名称在报告中引用，不能重复"}
        self.names[values["name"]] = values["code"]
        state = self.current
        state.before = None if state.new else self.snapshot(instance)
        instance.code, instance.name, instance.unit = values["code"], values["name"], values["unit"]
        instance.category = values["category"]
        instance.aggregation = values.get("aggregation") or instance.aggregation or WorkIndicator.Aggregation.SUM
        if values.get("additive") is not None:
            instance.additive = values["additive"]
        if values.get("order") is not None:
            instance.order = values["order"]
        if "description" in values:
            instance.description = values["description"] or ""
        return {}


class _KeyedByOrgAndPeriod(KindResource):
    """Rows keyed by organization, a second key column and a period; the stored ones in one query."""

    second_key = ""  # "indicator" / "measure"

    class Meta(KindResource.Meta):
        instance_loader_class = KeyedInstanceLoader

    def prepare(self):
        self.today = timezone.localdate()
        self.orgs = {org.code: org for org in Organization.objects.all()}

    def period(self, values: dict) -> tuple[datetime.date | None, datetime.date | None]:
        return values.get("period_start"), values.get("period_end")

    def row_key(self) -> tuple:
        values = self.current.values
        return (values.get("org"), self.second(values), *self.period(values))

    def second(self, values: dict):
        return values.get(self.second_key)


class WorkValueResource(_KeyedByOrgAndPeriod):
    kind = "work-values"
    label = "工作指标数值"
    second_key = "indicator"
    related = ("indicator", "organization")
    ordering = ("indicator__code", "organization__code", "period_start")

    org = Column("org", "机构编码", cells.parse_text, attribute="organization__code", required=True)
    # The indicator by its code or its name: a cell is held to the longer of the two.
    indicator = Column(
        "indicator", "指标编码", cells.parse_text, attribute="indicator__code", required=True, limit="indicator__name"
    )
    month = Column("month", "月份", parse_month, attribute="month_key", render=lambda v: v or None)
    period_start = Column("period_start", "期间开始", cells.parse_date)
    period_end = Column("period_end", "期间结束", cells.parse_date)
    value = Column("value", "数值", parse_value, required=True)
    note = Column("note", "备注", cells.parse_text)
    is_sample = Column("is_sample", "示例数据", cells.parse_yes_no)

    class Meta(_KeyedByOrgAndPeriod.Meta):
        model = WorkValue
        fields = import_order = export_order = (
            "org", "indicator", "month", "period_start", "period_end", "value", "note", "is_sample",
        )  # fmt: skip
        # The key is (org, indicator, period); the period may come as month: the library checks only these.
        import_id_fields = ("org", "indicator")

    def prepare(self):
        super().prepare()
        self.indicators = {}
        for indicator in WorkIndicator.objects.all():
            self.indicators[indicator.code] = self.indicators[indicator.name] = indicator
        self.periods: dict[tuple, list[tuple]] = {}  # (org, indicator) → [(start, end, row or None)]

    def second(self, values: dict):
        indicator = self.indicators.get(values.get("indicator"))
        return indicator.code if indicator else values.get("indicator")

    def period(self, values: dict):
        if values.get("month") is not None:
            return values["month"]
        return values.get("period_start"), values.get("period_end")

    def load_existing(self, dataset) -> dict[tuple, WorkValue]:
        found = {}
        for record in WorkValue.objects.select_related("indicator", "organization"):
            key = (record.organization.code, record.indicator.code)
            self.periods.setdefault(key, []).append((record.period_start, record.period_end, None))
            found[(*key, record.period_start, record.period_end)] = record
        return found

    def check(self, instance, values, number):
        found = required_cells(values, "org", "indicator", "value")
        if found:
            return found
        org, indicator = self.orgs.get(values["org"]), self.indicators.get(values["indicator"])
        if org is None:
            return {"org": f"未知的机构编码“{values['org']}”"}
        if indicator is None:
            return {"indicator": f"未知的指标“{values['indicator']}”：请先导入或在“工作指标”中建立"}
        found = self._period_problems(values)
        if found:
            return found
        start, end = self.period(values)
        key = (org.code, indicator.code)
        first = self.first_rows.setdefault((*key, start, end), number)
        if first != number:
            return {"period_start": repeated(first, "同一机构同一指标同一期间")}
        for other_start, other_end, other_row in self.periods.get(key, []):
            if crosses(start, end, other_start, other_end):
                where = f"第 {other_row} 行" if other_row else "已有数值"
                return {"period_start": f"{where}：{crossing_message(other_start, other_end)}"}
        self.periods.setdefault(key, []).append((start, end, number))
        state = self.current
        state.before = None if state.new else self.snapshot(instance)
        instance.organization, instance.indicator = org, indicator
        instance.period_start, instance.period_end, instance.value = start, end, values["value"]
        if "note" in values:
            instance.note = values["note"] or ""
        if values.get("is_sample") is not None:
            instance.is_sample = values["is_sample"]
        return {}

    def _period_problems(self, values: dict) -> dict[str, str]:
        month, start, end = values.get("month"), values.get("period_start"), values.get("period_end")
        if month is not None:
            if (start is not None and start != month[0]) or (end is not None and end != month[1]):
                return {"month": "月份与期间开始、期间结束不一致：按月填报时只填月份即可"}
            start, end = month
        elif start is None or end is None:
            return {"month": "请填写月份（YYYY-MM），或同时填写期间开始和期间结束"}
        if end < start:
            return {"period_end": "期间结束不能早于期间开始"}
        problem = _future(start, self.today)
        return {"month" if month else "period_start": problem} if problem else {}


class AssessmentResource(_KeyedByOrgAndPeriod):
    kind = "assessments"
    label = "考核评估结果"
    second_key = "measure"
    related = ("organization",)
    ordering = ("organization__code", "period_end", "measure")

    org = Column("org", "机构编码", cells.parse_text, attribute="organization__code", required=True)
    measure = Column("measure", "考核事项", cells.parse_text, required=True)
    period_start = Column("period_start", "考核期间开始", cells.parse_date, required=True)
    period_end = Column("period_end", "考核期间结束", cells.parse_date, required=True)
    scope = Column("scope", "考核范围", cells.parse_text, required=True)
    field_size = Column("field_size", "参评数量", cells.parse_int)
    field_unit = Column("field_unit", "参评对象", cells.parse_text)
    rank = Column("rank", "名次", cells.parse_int)
    grade = Column("grade", "等次", cells.parse_text)
    publisher = Column("publisher", "发布单位", cells.parse_text, required=True)
    document = Column("document", "发布文件", cells.parse_text)
    note = Column("note", "备注", cells.parse_text)
    is_sample = Column("is_sample", "示例数据", cells.parse_yes_no)

    class Meta(_KeyedByOrgAndPeriod.Meta):
        model = Assessment
        fields = import_order = export_order = (
            "org", "measure", "period_start", "period_end", "scope", "field_size", "field_unit", "rank", "grade",
            "publisher", "document", "note", "is_sample",
        )  # fmt: skip
        import_id_fields = ("org", "measure", "period_start", "period_end")

    def load_existing(self, dataset) -> dict[tuple, Assessment]:
        return {
            (record.organization.code, record.measure, record.period_start, record.period_end): record
            for record in Assessment.objects.select_related("organization")
        }

    def check(self, instance, values, number):
        found = required_cells(values, "org", "measure", "period_start", "period_end", "scope", "publisher")
        if found:
            return found
        org = self.orgs.get(values["org"])
        if org is None:
            return {"org": f"未知的机构编码“{values['org']}”"}
        start, end = values["period_start"], values["period_end"]
        if end < start:
            return {"period_end": "考核期间结束不能早于开始"}
        if problem := _future(start, self.today):
            return {"period_start": problem}
        rank, size = values.get("rank"), values.get("field_size")
        if rank is None and not values.get("grade"):
            return {"rank": "名次和等次至少填写一项"}
        if rank is not None and size is not None and rank > size:
            return {"rank": f"名次（{rank}）不能大于参评数量（{size}）"}
        first = self.first_rows.setdefault((org.code, values["measure"], start, end), number)
        if first != number:
            return {"measure": repeated(first, "同一机构同一考核事项同一期间")}
        state = self.current
        state.before = None if state.new else self.snapshot(instance)
        instance.organization, instance.measure = org, values["measure"]
        instance.period_start, instance.period_end = start, end
        instance.scope, instance.publisher = values["scope"], values["publisher"]
        instance.field_size, instance.rank = size, rank
        for key in ("field_unit", "grade", "document", "note"):
            if key in values:
                setattr(instance, key, values[key] or "")
        if values.get("is_sample") is not None:
            instance.is_sample = values["is_sample"]
        return {}
