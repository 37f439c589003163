"""Rectification items and ledger tasks of a period: status counts per batch and area, and the overdue list.

The counts are those of data-formats.md, as of the period end.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.results import AreaFigures, BatchFigures, LedgerFigures, OverdueItem, RectificationFigures
from tasks.models import COMPLETED_STATUSES, InspectionBatch, LedgerArea, LedgerTask, RectificationItem, Status


def _status_counts(prefix: str, end: datetime.date) -> dict:
    """Conditional counts over related rows ``prefix`` (items or tasks), per data-formats.md."""

    def count(condition: Q | None = None):
        return Count(f"{prefix}__id", filter=condition)

    status = f"{prefix}__status"
    in_progress = Q(**{status: Status.IN_PROGRESS})
    overdue = Q(**{f"{prefix}__deadline__lt": end}) & ~Q(**{f"{status}__in": COMPLETED_STATUSES})
    marked_behind = Q(**{f"{prefix}__on_schedule": False})
    return {
        "total": count(),
        "in_progress": count(in_progress),
        "done": count(Q(**{status: Status.DONE})),
        "applying_closure": count(Q(**{status: Status.APPLYING_CLOSURE})),
        "closed": count(Q(**{status: Status.CLOSED})),
        "completed": count(Q(**{f"{status}__in": COMPLETED_STATUSES})),
        "on_schedule": count(in_progress & ~overdue & ~marked_behind),
        "behind": count(in_progress & (overdue | marked_behind)),
        "overdue": count(overdue),
    }


COUNT_KEYS = ("total", "in_progress", "done", "applying_closure", "closed", "completed", "on_schedule", "behind",
               "overdue")  # fmt: skip
BATCH_KEYS = (*COUNT_KEYS, "time_limited", "long_term", "feedback", "petition")


def _add_counts(into: BatchFigures, row: dict | BatchFigures) -> None:
    for key in BATCH_KEYS:
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        setattr(into, key, getattr(into, key) + value)


def rectification_figures(org_ids, end, fingerprint: Fingerprint) -> RectificationFigures:
    counts = _status_counts("items", end)
    counts["time_limited"] = Count("items__id", filter=Q(items__term=RectificationItem.Term.TIME_LIMITED))
    counts["long_term"] = Count("items__id", filter=Q(items__term=RectificationItem.Term.LONG_TERM))
    counts["feedback"] = Count("items__id", filter=Q(items__kind=RectificationItem.Kind.FEEDBACK))
    counts["petition"] = Count("items__id", filter=Q(items__kind=RectificationItem.Kind.PETITION))
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


def ledger_figures(org_ids, end, fingerprint: Fingerprint) -> LedgerFigures:
    rows = list(
        LedgerArea.objects.filter(organization_id__in=org_ids)
        .values("id", "name", "order", "organization__code")
        .annotate(**_status_counts("tasks", end))
        .order_by("organization__code", "order", "name")
    )
    fingerprint.add("ledger", rows)
    by_area = [AreaFigures(area=row["name"], **{key: row[key] for key in COUNT_KEYS}) for row in rows]
    totals = {key: sum(row[key] for row in rows) for key in COUNT_KEYS}
    return LedgerFigures(areas=len(rows), by_area=by_area, **totals)


def overdue_items(org_ids, end) -> list[OverdueItem]:
    labels = dict(Status.choices)
    late = {"deadline__lt": end, "status": Status.IN_PROGRESS}
    items = RectificationItem.objects.filter(batch__organization_id__in=org_ids, **late).values(
        "id", "code", "description", "unit__name", "deadline", "status"
    )
    tasks = LedgerTask.objects.filter(area__organization_id__in=org_ids, **late).values(
        "id", "area__name", "number", "content", "unit__name", "deadline", "status"
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
            status_label=str(labels[row["status"]]),
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
            status_label=str(labels[row["status"]]),
        )
        for row in tasks
    ]
    found.sort(key=lambda item: (-item.days_overdue, item.kind, item.code_or_number))
    return found
