"""A period's rectification and ledger counts are those of its last day, from its year's ledger.

Changing a status today, closing an item in 2023, adding a 2023 ledger or an item begun after the
period leaves the 2022 H1 summary byte-identical; a 2021 H1 summary has no 2022 ledger.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ecoreport.dashboard import records
from ecoreport.figures import exporters
from ecoreport.figures.compute import compute_figures
from tasks import services
from tasks.models import LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit, Status

pytestmark = pytest.mark.django_db

START, END = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)


def summary(org, start=START, end=END) -> bytes:
    return exporters.render(compute_figures(org, start, end))[2]


def test_moving_a_task_today_leaves_the_2022_summary_as_it_was(demo_org):
    before = summary(demo_org)
    task = LedgerTask.objects.filter(area__organization=demo_org, status=Status.IN_PROGRESS).order_by("pk").first()
    assert services.move_status(record=task, to_status=Status.CLOSED, user=None)
    task.refresh_from_db()
    assert (task.status, task.status_since, task.closed_on) == ("closed", timezone.localdate(), timezone.localdate())
    assert summary(demo_org) == before
    # Not even the whole of 2022 sees it; today does.
    assert compute_figures(demo_org, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)).ledger.closed == 2
    assert LedgerTask.objects.filter(pk=task.pk).in_state("closed", timezone.localdate()).exists()


def test_closing_an_item_in_2023_counts_from_2023_only(demo_org):
    before = summary(demo_org)
    item = RectificationItem.objects.filter(batch__organization=demo_org, status=Status.IN_PROGRESS).first()
    services.move_status(record=item, to_status=Status.CLOSED, user=None, today=datetime.date(2023, 3, 1))
    assert summary(demo_org) == before
    totals_2022 = compute_figures(demo_org, datetime.date(2022, 7, 1), datetime.date(2022, 12, 31)).rectification.totals
    totals_2023 = compute_figures(demo_org, datetime.date(2023, 1, 1), datetime.date(2023, 6, 30)).rectification.totals
    assert (totals_2022.closed, totals_2022.in_progress) == (107, 31)
    assert (totals_2023.closed, totals_2023.in_progress) == (108, 30)


def test_a_2023_ledger_leaves_2022_alone_and_a_2023_summary_reads_it(demo_org):
    before = summary(demo_org)
    unit = ResponsibleUnit.objects.first()
    area = LedgerArea.objects.create(organization=demo_org, year=2023, name="二〇二三年新领域", order=1)
    for number in (1, 2, 3):
        LedgerTask.objects.create(area=area, number=number, content=f"2023年任务{number}", unit=unit,
                                  deadline=datetime.date(2023, 12, 31))  # fmt: skip
    assert summary(demo_org) == before
    ledger = compute_figures(demo_org, datetime.date(2023, 1, 1), datetime.date(2023, 6, 30)).ledger
    assert (ledger.total, ledger.areas, ledger.in_progress, ledger.behind) == (3, 1, 3, 0)
    assert [a.area for a in ledger.by_area] == ["二〇二三年新领域"]


def test_a_2021_summary_shows_no_2022_ledger(demo_org):
    ledger = compute_figures(demo_org, datetime.date(2021, 1, 1), datetime.date(2021, 6, 30)).ledger
    assert (ledger.total, ledger.areas, ledger.by_area, ledger.completed, ledger.behind) == (0, 0, [], 0, 0)
    assert records.ledger_tasks([demo_org.pk], datetime.date(2021, 6, 30)).count() == 0
    # The 2022 ledger is the one of every period ending in 2022.
    assert compute_figures(demo_org, datetime.date(2022, 1, 1), datetime.date(2022, 3, 31)).ledger.total == 62


def test_an_item_begun_after_the_period_does_not_count(demo_org):
    before = summary(demo_org)
    existing = RectificationItem.objects.filter(batch__organization=demo_org).first()
    late = RectificationItem.objects.create(
        batch=existing.batch, code="LATE-1", description="七月交办的问题", unit=existing.unit,
        started_on=datetime.date(2022, 7, 1),
    )  # fmt: skip
    assert summary(demo_org) == before
    assert not records.rectification_items([demo_org.pk], END).filter(pk=late.pk).exists()
    year = compute_figures(demo_org, START, datetime.date(2022, 12, 31)).rectification.totals
    assert year.total == 145 + 1
    assert records.rectification_items([demo_org.pk], datetime.date(2022, 12, 31)).filter(pk=late.pk).exists()


def test_the_drill_down_lists_each_record_with_its_status_at_the_period_end(demo_org):
    task = LedgerTask.objects.filter(area__organization=demo_org, status=Status.IN_PROGRESS).order_by("pk").first()
    services.move_status(record=task, to_status=Status.DONE, user=None)
    listed = records.ledger_tasks([demo_org.pk], END, status="in_progress")
    assert listed.count() == compute_figures(demo_org, START, END).ledger.in_progress == 56
    shown = next(t for t in listed if t.pk == task.pk)
    assert (shown.status, shown.get_status_display(), shown.status_on) == ("in_progress", "推进中", "in_progress")
    with pytest.raises(ValueError, match="只能查看"):
        shown.save()
    assert records.ledger_tasks([demo_org.pk], timezone.localdate(), status="done").count() == 0  # no 2026 ledger


def test_a_record_written_in_bulk_without_history_counts_with_its_status_from_the_beginning(demo_org):
    item = RectificationItem.objects.filter(batch__organization=demo_org, status=Status.CLOSED).first()
    item.status_changes.all().delete()
    assert RectificationItem.objects.filter(pk=item.pk).in_state("closed", datetime.date(2019, 1, 1)).exists()
    assert compute_figures(demo_org, START, END).rectification.totals.closed == 107
