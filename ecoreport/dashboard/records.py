"""The records behind a figure, for drill-down pages.

These select rows; they never compute a figure. Each filter is the condition that
``ecoreport.figures`` counts with (``tasks.models.TrackedWorkQuerySet``), so the number of rows
listed equals the number on the card a leader clicked; tests hold the two together. Items and
tasks are listed as they were at the period end (``as_of``): those begun by then, with the status
they had that day, and the ledger of the period's year.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from indicators.models import AirDailyRecord, WaterSample
from tasks.models import LedgerTask, RectificationItem, Status, TrackedWorkQuerySet

# Filters a drill-down link may carry, for items and tasks alike: the states the figures count.
WORK_FILTERS = TrackedWorkQuerySet.STATES
WORK_FILTER_LABELS = {
    **{status.value: status.label for status in Status},
    "completed": "已完成（含申请销号、已销号）",
    "on_schedule": "按序时推进",
    "behind": "滞后",
    "overdue": "逾期未完成",
}


def rectification_items(
    org_ids: list[int], end: datetime.date, *, batch: str = "", group: str = "", status: str = ""
) -> QuerySet[RectificationItem]:
    items = RectificationItem.objects.filter(batch__organization_id__in=org_ids).as_of(end)
    if batch:
        items = items.filter(batch__name=batch)
    if group:
        # A batch without a group is its own group, named after it (see RectificationFigures).
        items = items.filter(Q(batch__group=group) | Q(batch__group="", batch__name=group))
    if status:
        items = items.in_state(status, end)
    return items.select_related("batch", "unit").order_by("batch__order", "batch__name", "code")


def ledger_tasks(org_ids: list[int], end: datetime.date, *, area: str = "", status: str = "") -> QuerySet[LedgerTask]:
    tasks = LedgerTask.objects.filter(area__organization_id__in=org_ids).for_period(end).as_of(end)
    if area:
        tasks = tasks.filter(area__name=area)
    if status:
        tasks = tasks.in_state(status, end)
    return tasks.select_related("area", "unit").order_by("area__order", "area__name", "number")


def air_station_records(org_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[AirDailyRecord]:
    return (
        AirDailyRecord.objects.filter(station__organization_id__in=org_ids, date__range=(start, end))
        .select_related("station")
        .order_by("date", "station__code")
    )


def water_samples(section_pk: int, start: datetime.date, end: datetime.date) -> QuerySet[WaterSample]:
    return WaterSample.objects.filter(section_id=section_pk, date__range=(start, end)).order_by("date")
