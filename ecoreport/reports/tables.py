"""The appendix tables (附表): monthly air quality, the water sections, the ledger's tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecoreport.reports.document import Table
from ecoreport.reports.formatting import NONE, class_text, fmt, fmt_rate, long_date, target_class_text

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures
    from tasks.models import LedgerTask


def air_table(figures: PeriodFigures) -> Table:
    previous = {m.month: m for m in figures.air.monthly_prev}
    rows = []
    for month in figures.air.monthly:
        before = previous.get(month.month)
        rows.append(
            [
                f"{month.month}月",
                fmt(month.pm25),
                fmt(before.pm25) if before else NONE,
                fmt(month.good_days),
                fmt_rate(month.good_rate),
            ]
        )
    year = figures.end.year
    header = ["月份", f"PM2.5（{year}年）", f"PM2.5（{year - 1}年）", "优良天数", "优良率（%）"]
    return Table("环境空气质量月度情况（PM2.5单位：微克/立方米）", header, rows, [14, 24, 24, 18, 20])


def water_table(figures: PeriodFigures) -> Table:
    rows = [
        [
            section.name,
            section.level_label,
            section.body_label,
            class_text(section.cls),
            target_class_text(section.target_label),
            fmt(section.tp, 3),
            fmt(section.tp_prev, 3),
            NONE if section.tp_change_pct is None else f"{section.tp_change_pct}%",
        ]
        for section in figures.water.sections
        if section.in_scope
    ]
    header = ["断面", "级别", "类型", "水质类别", "目标", "总磷", "去年同期", "同比"]
    return Table("地表水断面水质情况（总磷单位：mg/L）", header, rows, [16, 10, 10, 12, 12, 13, 14, 13])


def ledger_table(tasks: Sequence[LedgerTask]) -> Table:
    rows = [
        [
            str(index),
            task.area.name,
            task.content,
            task.unit.name,
            long_date(task.deadline) if task.deadline else "长期坚持",
            task.get_status_display(),
        ]
        for index, task in enumerate(tasks, start=1)
    ]
    return Table(
        "工作台账任务清单",
        ["序号", "领域", "工作任务", "责任单位", "完成时限", "状态"],
        rows,
        # 序号, 责任单位 ("市农业农村局"), 完成时限 ("2022年12月15日") and 状态 ("申请销号") fit on one
        # line; 领域 takes two at most.
        [7, 17, 28, 18, 19, 11],
        css="ledger",
        nowrap=[0, 4, 5],
    )
