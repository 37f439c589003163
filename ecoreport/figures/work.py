"""Rectification items and ledger tasks of a period: status counts per batch and area, and the overdue list.

The states counted, as of the period end (the status each record had on that day, and only the
records begun by then), are defined once in ``tasks.models.TrackedWorkQuerySet``; the ledger is the
one of the period's year (``tasks.models.ledger_year``).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.results import AreaFigures, BatchFigures, LedgerFigures, OverdueItem, RectificationFigures
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, Status, TrackedWorkQuerySet

# The counts of BatchFigures and AreaFigures, in the order of the rows' columns (and of the JSON).
COUNT_KEYS = ("total", *TrackedWorkQuerySet.STATES)
BATCH_KEYS = (*COUNT_KEYS, "time_limited", "long_term", "feedback", "petition")


def _add_counts(into: BatchFigures, row: dict | BatchFigures) -> None:
    for key in BATCH_KEYS:
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        setattr(into, key, getattr(into, key) + value)


def rectification_figures(org_ids: list[int], end: datetime.date, fingerprint: Fingerprint) -> RectificationFigures:
    counts = RectificationItem.objects.status_counts(end, through="items")
    exists = RectificationItem.objects.conditions(end, through="items")["exists"]
    counts["time_limited"] = Count("items__id", filter=exists & Q(items__term=RectificationItem.Term.TIME_LIMITED))
    counts["long_term"] = Count("items__id", filter=exists & Q(items__term=RectificationItem.Term.LONG_TERM))
    counts["feedback"] = Count("items__id", filter=exists & Q(items__kind=RectificationItem.Kind.FEEDBACK))
    counts["petition"] = Count("items__id", filter=exists & Q(items__kind=RectificationItem.Kind.PETITION))
    rows = list(
        InspectionBatch.objects.filter(organization_id__in=org_ids)
        .values("id", "name", "group", "order", "organization__code")
        .annotate(**counts)
        .order_by("organization__code", "order", "name")
    )
    fingerprint.add("batches", rows)
    batches, groups = [], {}
    totals = BatchFigures(name="合计", group="")
    for row in rows:
        batch = BatchFigures(name=row["name"], group=row["group"])
        _add_counts(batch, row)
        batches.append(batch)
        group_name = row["group"] or row["name"]
        group = groups.setdefault(group_name, BatchFigures(name=group_name, group=group_name))
        _add_counts(group, row)
        _add_counts(totals, row)
    return RectificationFigures(batches=batches, groups=list(groups.values()), totals=totals)


def ledger_figures(org_ids: list[int], end: datetime.date, fingerprint: Fingerprint) -> LedgerFigures:
    rows = list(
        LedgerArea.objects.filter(organization_id__in=org_ids)
        .for_period(end)
        .values("id", "name", "order", "organization__code")
        .annotate(**LedgerTask.objects.status_counts(end, through="tasks"))
        .order_by("organization__code", "order", "name")
    )
    fingerprint.add("ledger", rows)
    by_area = [AreaFigures(area=row["name"], **{key: row[key] for key in COUNT_KEYS}) for row in rows]
    totals = {key: sum(row[key] for row in rows) for key in COUNT_KEYS}
    return LedgerFigures(areas=len(rows), by_area=by_area, **totals)


def overdue_items(org_ids: list[int], end: datetime.date) -> list[OverdueItem]:
    """Items and tasks overdue at the period end, the longest overdue first."""
    labels = dict(Status.choices)
    items = (
        RectificationItem.objects.filter(batch__organization_id__in=org_ids)
        .overdue(end)
        .as_of(end)
        .values("id", "code", "description", "unit__name", "deadline", "status_on")
    )
    tasks = (
        LedgerTask.objects.filter(area__organization_id__in=org_ids)
        .for_period(end)
        .overdue(end)
        .as_of(end)
        .values("id", "area__name", "number", "content", "unit__name", "deadline", "status_on")
    )
    found = [
        OverdueItem(
            kind="rectification",
            pk=row["id"],
            code_or_number=row["code"],
            text=row["description"],
            unit=row["unit__name"],
            deadline=row["deadline"],
            days_overdue=(end - row["deadline"]).days,
            status_label=str(labels[row["status_on"]]),
        )
        for row in items
    ]
    found += [
        OverdueItem(
            kind="ledger",
            pk=row["id"],
            code_or_number=f"{row['area__name']} {row['number']}",
            text=row["content"],
            unit=row["unit__name"],
            deadline=row["deadline"],
            days_overdue=(end - row["deadline"]).days,
            status_label=str(labels[row["status_on"]]),
        )
        for row in tasks
    ]
    found.sort(key=lambda item: (-item.days_overdue, item.kind, item.code_or_number))
    return found
