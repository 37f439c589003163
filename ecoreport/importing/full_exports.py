"""Full data exports: what a colleague reads in Excel, beside the import template that reads back in.

The import template (``resources``) holds only the columns a file may carry in: codes, dates, the
measured values. A full export adds what the system knows about each record, as people read it:
the station's or section's name and level, the AQI, its 级别 and 类别, the 首要污染物 by name
(PM₂.₅, O₃-8h), the water class (Ⅲ类), units in the headers (``PM₂.₅（μg/m³）``), statuses and
overdue days in words. It is for reading, not for importing back.

The admin offers both on its export page (``SpreadsheetAdmin``); the admin's queryset is walled,
so staff export only their organisations' records.
"""

from __future__ import annotations

from collections.abc import Callable

import tablib
from django.utils import timezone
from import_export import resources

from indicators import cells
from indicators.models import WATER_FIELD, AirDailyRecord, WaterClass, WaterSample
from indicators.standards.aqi import CATEGORIES, POLLUTANTS, pollutant_name
from tasks.models import LedgerTask, RectificationItem

Getter = Callable[[object], object]

_CATEGORY = {category.level: category for category in CATEGORIES}
_WATER_CLASS = dict(WaterClass.choices)


def _with_unit(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else f"{name}（无量纲）"


def _primary_names(keys: str) -> str:
    return "、".join(pollutant_name(key) for key in keys.split(",") if key)


def _yes_no(value: bool | None, yes: str = "是", no: str = "否") -> str:
    return "" if value is None else (yes if value else no)


class FullExport(resources.ModelResource):
    """An export-only resource: one header and one getter per column, in reading order."""

    related: tuple[str, ...] = ()

    @classmethod
    def columns(cls) -> list[tuple[str, Getter]]:
        raise NotImplementedError

    @classmethod
    def headers(cls) -> list[str]:
        return [header for header, _ in cls.columns()]

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        columns = self.columns()
        dataset = tablib.Dataset(
            headers=[header for header, _ in columns], title=str(self._meta.model._meta.verbose_name)
        )
        for record in queryset.select_related(*self.related).iterator(chunk_size=2000):
            dataset.append([get(record) for _, get in columns])
        return dataset


class AirDailyFullExport(FullExport):
    related = ("station__organization",)

    class Meta:
        model = AirDailyRecord
        name = "完整数据（站点名称、AQI、级别、首要污染物、单位）"

    @classmethod
    def columns(cls) -> list[tuple[str, Getter]]:
        def category(record, attribute):
            found = _CATEGORY.get(record.category_level)
            return getattr(found, attribute) if found else ""

        measured = [
            (_with_unit(pollutant_name(key), cells.AIR_MEASURES[key].unit), lambda r, key=key: getattr(r, key))
            for key in POLLUTANTS
        ]
        return [
            ("机构", lambda r: r.station.organization.name),
            ("站点编码", lambda r: r.station.code),
            ("站点名称", lambda r: r.station.name),
            ("站点级别", lambda r: r.station.get_level_display()),
            ("日期", lambda r: r.date),
            ("AQI", lambda r: r.aqi),
            ("级别", lambda r: category(r, "grade")),
            ("类别", lambda r: category(r, "name")),
            ("首要污染物", lambda r: _primary_names(r.primary_pollutants)),
            *measured,
        ]


class WaterSampleFullExport(FullExport):
    related = ("section__organization",)

    class Meta:
        model = WaterSample
        name = "完整数据（断面名称、水质类别、目标类别、单位）"

    @classmethod
    def columns(cls) -> list[tuple[str, Getter]]:
        measured = [
            (_with_unit(measure.label, measure.unit), lambda r, field=WATER_FIELD[key]: getattr(r, field))
            for key, measure in cells.WATER_MEASURES.items()
        ]
        return [
            ("机构", lambda r: r.section.organization.name),
            ("断面编码", lambda r: r.section.code),
            ("断面名称", lambda r: r.section.name),
            ("断面级别", lambda r: r.section.get_level_display()),
            ("水体类型", lambda r: r.section.get_body_display()),
            ("采样日期", lambda r: r.date),
            ("水质类别", lambda r: _WATER_CLASS.get(r.water_class, r.water_class)),
            ("断面目标类别", lambda r: r.section.get_target_class_display()),
            *measured,
        ]


def _overdue(record) -> int | str:
    days = record.days_overdue(timezone.localdate())
    return days if days else ""


class RectificationFullExport(FullExport):
    related = ("batch__organization", "unit")

    class Meta:
        model = RectificationItem
        name = "完整数据（状态、逾期天数、序时进度、销号日期）"

    @classmethod
    def columns(cls) -> list[tuple[str, Getter]]:
        return [
            ("机构", lambda r: r.batch.organization.name),
            ("编号", lambda r: r.code),
            ("来源批次", lambda r: r.batch.name),
            ("类型", lambda r: r.get_kind_display()),
            ("整改类型", lambda r: r.get_term_display()),
            ("问题描述", lambda r: r.description),
            ("责任单位", lambda r: r.unit.name),
            ("整改时限", lambda r: r.deadline),
            ("状态", lambda r: r.get_status_display()),
            ("状态日期", lambda r: r.status_since),
            ("逾期天数（天）", _overdue),
            ("序时进度", lambda r: _yes_no(r.on_schedule, "达到", "未达到")),
            ("销号日期", lambda r: r.closed_on),
            ("示例数据", lambda r: _yes_no(r.is_sample)),
        ]


class LedgerFullExport(FullExport):
    related = ("area__organization", "unit")

    class Meta:
        model = LedgerTask
        name = "完整数据（状态、逾期天数、序时进度、完成日期）"

    @classmethod
    def columns(cls) -> list[tuple[str, Getter]]:
        return [
            ("机构", lambda r: r.area.organization.name),
            ("年度", lambda r: r.area.year),
            ("领域", lambda r: r.area.name),
            ("序号", lambda r: r.number),
            ("工作任务", lambda r: r.content),
            ("责任单位", lambda r: r.unit.name),
            ("完成时限", lambda r: r.deadline),
            ("状态", lambda r: r.get_status_display()),
            ("状态日期", lambda r: r.status_since),
            ("逾期天数（天）", _overdue),
            ("序时进度", lambda r: _yes_no(r.on_schedule, "按序时推进", "滞后")),
            ("完成日期", lambda r: r.closed_on),
            ("示例数据", lambda r: _yes_no(r.is_sample)),
        ]


# Model → its full export, offered by the admin's export page beside the import template.
FULL_EXPORTS: dict[type, type[FullExport]] = {
    export._meta.model: export
    for export in (AirDailyFullExport, WaterSampleFullExport, RectificationFullExport, LedgerFullExport)
}
