"""Imports write the status history: from ``status_date`` when given, else from the beginning; the
ledger's ``year`` column (else the deadline's year, else this year) picks the year's ledger."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from entry_files import csv_bytes

from ecoreport.figures.compute import compute_figures
from ecoreport.importing.service import import_file
from tasks.models import LedgerTask, RectificationItem

pytestmark = pytest.mark.django_db

RECT_HEADER = ["code", "batch", "kind", "description", "term", "deadline", "unit", "status", "org", "status_date"]
LEDGER_HEADER = ["area", "number", "content", "unit", "deadline", "status", "org", "year", "status_date"]


def run(kind: str, rows: list[list[object]]):
    return import_file(kind, csv_bytes(rows), file_name=f"{kind}.csv")


def rect_row(item: RectificationItem, status: str, status_date: str = "") -> list[object]:
    return [item.code, item.batch.name, item.get_kind_display(), item.description, item.get_term_display(),
            item.deadline or "", item.unit.name, status, "360483", status_date]  # fmt: skip


def status_on(model, pk: int, day: date) -> str | None:
    found = model.objects.filter(pk=pk).as_of(day).first()
    return found.status if found else None


def test_an_import_with_a_status_date_takes_effect_on_that_date(demo_org):
    item = RectificationItem.objects.filter(batch__organization=demo_org, status="in_progress").first()
    before_h1 = compute_figures(demo_org, date(2022, 1, 1), date(2022, 6, 30)).rectification.totals.closed
    result = run("rectification", [RECT_HEADER, rect_row(item, "已销号", "2022-05-10")])
    assert (result.problems, result.updated) == ([], 1)
    item.refresh_from_db()
    assert (item.status, item.status_since, item.closed_on) == ("closed", date(2022, 5, 10), date(2022, 5, 10))
    assert (status_on(RectificationItem, item.pk, date(2022, 5, 9)), status_on(RectificationItem, item.pk,
            date(2022, 5, 10))) == ("in_progress", "closed")  # fmt: skip
    assert compute_figures(demo_org, date(2022, 1, 1), date(2022, 3, 31)).rectification.totals.closed == before_h1
    assert compute_figures(demo_org, date(2022, 1, 1), date(2022, 6, 30)).rectification.totals.closed == before_h1 + 1
    assert item.status_changes.last().source == "import"


def test_an_import_without_a_status_date_counts_from_the_beginning(demo_org):
    item = RectificationItem.objects.filter(batch__organization=demo_org, status="in_progress").first()
    result = run("rectification", [RECT_HEADER, rect_row(item, "已完成")])
    assert (result.problems, result.updated) == ([], 1)
    assert status_on(RectificationItem, item.pk, date(2018, 1, 1)) == "done"


def test_re_importing_the_same_status_and_date_changes_nothing(demo_org):
    item = RectificationItem.objects.filter(batch__organization=demo_org, status="in_progress").first()
    run("rectification", [RECT_HEADER, rect_row(item, "已完成", "2022-05-10")])
    changes = item.status_changes.count()
    result = run("rectification", [RECT_HEADER, rect_row(item, "已完成", "2022-05-10")])
    assert (result.problems, result.created, result.updated) == ([], 0, 0)
    assert item.status_changes.count() == changes


def test_a_status_date_in_the_future_is_refused(demo_org):
    item = RectificationItem.objects.filter(batch__organization=demo_org).first()
    result = run("rectification", [RECT_HEADER, rect_row(item, "已完成", "2090-01-01")])
    assert [(problem.column, problem.message) for problem in result.problems] == [
        ("status_date", "状态日期 2090-01-01 在将来：不能晚于今天")
    ]


def test_the_year_column_puts_a_task_into_that_years_ledger(demo_org):
    rows = [
        LEDGER_HEADER,
        ["优化国土空间开发保护格局", "1", "2023年的第一项", "市林业局", "2023-12-31", "推进中", "360483", "2023", ""],
        ["新领域", "1", "没有年度列：按完成时限", "市林业局", "2024-06-30", "推进中", "360483", "", ""],
        ["新领域", "2", "没有完成时限：按导入之年", "市林业局", "", "已完成", "360483", "", ""],
    ]
    result = run("ledger", rows)
    assert (result.problems, result.created, result.updated) == ([], 3, 0)
    first = LedgerTask.objects.get(content="2023年的第一项")
    assert (first.area.year, first.area.name, first.number) == (2023, "优化国土空间开发保护格局", 1)
    assert LedgerTask.objects.get(content="没有年度列：按完成时限").area.year == 2024
    assert LedgerTask.objects.get(content="没有完成时限：按导入之年").area.year == timezone.localdate().year
    # The 2022 task numbered 1 in that area is a different task, untouched.
    assert LedgerTask.objects.get(area__year=2022, area__name="优化国土空间开发保护格局", number=1).content != (
        "2023年的第一项"
    )
    assert compute_figures(demo_org, date(2022, 1, 1), date(2022, 6, 30)).ledger.total == 62
    assert compute_figures(demo_org, date(2023, 1, 1), date(2023, 6, 30)).ledger.total == 1


def test_a_year_out_of_range_is_refused(demo_org):
    rows = [LEDGER_HEADER, ["新领域", "1", "任务", "市林业局", "", "推进中", "360483", "1899", ""]]
    assert [(problem.column, problem.message) for problem in run("ledger", rows).problems] == [
        ("year", "年度“1899”应在2000至2100之间")
    ]
