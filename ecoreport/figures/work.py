"""Rectification items and ledger tasks of a period: status counts per batch and area, and the overdue list.

The states counted, as of the period end (the status each record had on that day, and only the
records begun by then), are defined once in ``tasks.models.TrackedWorkQuerySet``: each kind of
record is read in one query, one row per record with its status of that day (``as_of``), and
the counts per batch or area and the overdue list are made from those rows
(``TrackedWorkQuerySet.states_of``). The ledger is the one of the period's year
(``tasks.models.ledger_year``).
"""

from __future__ import annotations

import datetime

from ecoreport.figures import prepared
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.results import AreaFigures, BatchFigures, LedgerFigures, OverdueItem, RectificationFigures
from tasks.models import (
    InspectionBatch,
    LedgerArea,
    LedgerTask,
    RectificationItem,
    Status,
    TrackedWorkQuerySet,
    ledger_year,
)

# The counts of BatchFigures and AreaFigures, in the order of the rows' columns (and of the JSON).
COUNT_KEYS = ("total", *TrackedWorkQuerySet.STATES)
BATCH_KEYS = (*COUNT_KEYS, "time_limited", "long_term", "feedback", "petition")
_TERMS = {RectificationItem.Term.TIME_LIMITED: "time_limited", RectificationItem.Term.LONG_TERM: "long_term"}
_KINDS = {RectificationItem.Kind.FEEDBACK: "feedback", RectificationItem.Kind.PETITION: "petition"}

# Columns of the rows of rectification_rows and ledger_rows.
_PARENT, _STATUS, _ON_SCHEDULE, _DEADLINE = 0, 1, 2, 3


def rectification_rows(org_ids: list[int], end: datetime.date) -> list[tuple]:
    """Every item that exists on ``end``, read as it was that day (one query)."""
    return prepared.rows("rectification_rows", _rectification_query, list(org_ids), end)


def _rectification_query(org_ids: list[int], end: datetime.date):
    return (
        RectificationItem.objects.filter(batch__organization_id__in=org_ids)
        .as_of(end)
        .values_list("batch_id", "status_on", "on_schedule_on", "deadline", "term", "kind",
                     "id", "code", "description", "unit__name")
    )  # fmt: skip


def ledger_rows(org_ids: list[int], end: datetime.date) -> list[tuple]:
    """Every task of the period's ledger that exists on ``end``, read as it was that day (one query)."""
    return prepared.rows("ledger_rows", _ledger_query, list(org_ids), end, ledger_year(end))


def _ledger_query(org_ids: list[int], end: datetime.date, year: int):
    # LedgerTaskQuerySet.for_period(end), with ledger_year(end) an argument of the prepared query
    return (
        LedgerTask.objects.filter(area__organization_id__in=org_ids, area__year=year)
        .as_of(end)
        .values_list("area_id", "status_on", "on_schedule_on", "deadline",
                     "id", "area__name", "number", "content", "unit__name")
    )  # fmt: skip


def _counts(rows: list[tuple], end: datetime.date, keys: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """Per parent id: how many of its rows are in each state (``keys`` order), with ``total``."""
    found: dict[int, dict[str, int]] = {}
    states_of = TrackedWorkQuerySet.states_of
    for row in rows:
        counts = found.get(row[_PARENT])
        if counts is None:
            counts = found[row[_PARENT]] = dict.fromkeys(keys, 0)
        counts["total"] += 1
        for state in states_of(row[_STATUS], row[_ON_SCHEDULE], row[_DEADLINE], end):
            counts[state] += 1
    return found


def _add_counts(into: BatchFigures, row: dict | BatchFigures) -> None:
    for key in BATCH_KEYS:
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        setattr(into, key, getattr(into, key) + value)


def rectification_figures(
    org_ids: list[int], end: datetime.date, fingerprint: Fingerprint, items: list[tuple]
) -> RectificationFigures:
    """Counts per batch (with the batches' groups and totals) of ``rectification_rows``."""
    by_batch = _counts(items, end, BATCH_KEYS)
    for batch_id, _, _, _, term, kind, *_ in items:
        counts = by_batch[batch_id]
        if term in _TERMS:
            counts[_TERMS[term]] += 1
        if kind in _KINDS:
            counts[_KINDS[kind]] += 1
    none = dict.fromkeys(BATCH_KEYS, 0)
    rows = [
        row | by_batch.get(row["id"], none)
        for row in prepared.rows("batches", _batches_query, list(org_ids), dicts=True)
    ]
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


def ledger_figures(
    org_ids: list[int], end: datetime.date, fingerprint: Fingerprint, tasks: list[tuple]
) -> LedgerFigures:
    """Counts per area of the period's ledger, and in all, of ``ledger_rows``."""
    by_area = _counts(tasks, end, COUNT_KEYS)
    none = dict.fromkeys(COUNT_KEYS, 0)
    rows = [
        row | by_area.get(row["id"], none)
        for row in prepared.rows("areas", _areas_query, list(org_ids), ledger_year(end), dicts=True)
    ]
    fingerprint.add("ledger", rows)
    areas = [AreaFigures(area=row["name"], **{key: row[key] for key in COUNT_KEYS}) for row in rows]
    totals = {key: sum(row[key] for row in rows) for key in COUNT_KEYS}
    return LedgerFigures(areas=len(rows), by_area=areas, **totals)


def _batches_query(org_ids: list[int]):
    return (
        InspectionBatch.objects.filter(organization_id__in=org_ids)
        .values("id", "name", "group", "order", "organization__code")
        .order_by("organization__code", "order", "name")
    )


def _areas_query(org_ids: list[int], year: int):
    # LedgerAreaQuerySet.for_period(end), with ledger_year(end) an argument of the prepared query
    return (
        LedgerArea.objects.filter(organization_id__in=org_ids, year=year)
        .values("id", "name", "order", "organization__code")
        .order_by("organization__code", "order", "name")
    )


def overdue_items(end: datetime.date, items: list[tuple], tasks: list[tuple]) -> list[OverdueItem]:
    """Items and tasks overdue at the period end, the longest overdue first."""
    labels = dict(Status.choices)
    states_of = TrackedWorkQuerySet.states_of
    found = [
        OverdueItem(
            kind="rectification",
            pk=pk,
            code_or_number=code,
            text=description,
            unit=unit,
            deadline=deadline,
            days_overdue=(end - deadline).days,
            status_label=str(labels[status]),
        )
        for _, status, on_schedule, deadline, _, _, pk, code, description, unit in items
        if "overdue" in states_of(status, on_schedule, deadline, end)
    ]
    found += [
        OverdueItem(
            kind="ledger",
            pk=pk,
            code_or_number=f"{area} {number}",
            text=content,
            unit=unit,
            deadline=deadline,
            days_overdue=(end - deadline).days,
            status_label=str(labels[status]),
        )
        for _, status, on_schedule, deadline, pk, area, number, content, unit in tasks
        if "overdue" in states_of(status, on_schedule, deadline, end)
    ]
    found.sort(key=lambda item: (-item.days_overdue, item.kind, item.code_or_number))
    return found
