"""Work counted from one row per record (figures.work) equals the SQL conditions of TrackedWorkQuerySet.

Every combination of status, pace mark, deadline (none, before, on and after the day), start
(none, before, after) and history (none, a change before the day under a later status, a change
after the day only) is counted both ways: state by state against ``in_state``, and the whole
batch and area rows (those the data fingerprint hashes) against the grouped SQL counts.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db.models import Count, Q

from ecoreport.accounts.models import Organization
from ecoreport.figures import work
from ecoreport.figures.memo import Fingerprint
from tasks.history import LedgerStatusChange, RectificationStatusChange
from tasks.models import (
    InspectionBatch,
    LedgerArea,
    LedgerTask,
    RectificationItem,
    ResponsibleUnit,
    Status,
    TrackedWorkQuerySet,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 30)
DEADLINES = (None, DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=1))
STARTS = (None, DAY - datetime.timedelta(days=30), DAY + datetime.timedelta(days=1))
HISTORY = ("none", "before", "after_only")


def _combinations():
    return itertools.product(Status.values, (True, False), DEADLINES, STARTS, HISTORY)


@pytest.fixture
def org():
    org = Organization.objects.create(code="368901", name="计数县", level="county")
    unit = ResponsibleUnit.objects.create(name="计数单位", organization=org)
    batches = [InspectionBatch.objects.create(organization=org, name=f"批次{n}", order=n) for n in (1, 2)]
    InspectionBatch.objects.create(organization=org, name="空批次", order=3)
    areas = [LedgerArea.objects.create(organization=org, year=DAY.year, name=f"领域{n}", order=n) for n in (1, 2)]
    LedgerArea.objects.create(organization=org, year=DAY.year, name="空领域", order=3)
    for number, (status, on_schedule, deadline, started, history) in enumerate(_combinations(), start=1):
        since = DAY + datetime.timedelta(days=5) if history != "none" else None
        common = {
            "status": status,
            "on_schedule": on_schedule,
            "deadline": deadline,
            "started_on": started,
            "status_since": since,
            "closed_on": DAY if status == Status.CLOSED else None,
            "unit": unit,
        }
        item = RectificationItem.objects.create(
            batch=batches[number % 2],
            code=f"C-{number}",
            description=f"问题{number}",
            term=RectificationItem.Term.values[number % 2],
            kind=RectificationItem.Kind.values[(number // 2) % 2],
            **common,
        )
        task = LedgerTask.objects.create(area=areas[number % 2], number=number, content=f"任务{number}", **common)
        if history == "before":  # the day's status is the change's: the reverse pace, another status
            earlier = Status.values[(Status.values.index(status) + 1) % len(Status.values)]
            change = {"status": earlier, "on_schedule": not on_schedule, "effective_on": DAY - datetime.timedelta(2)}
            RectificationStatusChange.objects.create(item=item, source="app", **change)
            LedgerStatusChange.objects.create(task=task, source="app", **change)
        if history != "none":  # the record's own status took effect after the day
            RectificationStatusChange.objects.create(item=item, source="app", status=status, on_schedule=on_schedule,
                                                     effective_on=since)  # fmt: skip
            LedgerStatusChange.objects.create(task=task, source="app", status=status, on_schedule=on_schedule,
                                              effective_on=since)  # fmt: skip
    return org


def test_each_state_counts_the_records_in_state_selects(org):
    items, tasks = work.rectification_rows([org.pk], DAY), work.ledger_rows([org.pk], DAY)
    assert len(items) == RectificationItem.objects.filter(batch__organization=org).as_of(DAY).count() > 50
    mine = (
        RectificationItem.objects.filter(batch__organization=org),
        LedgerTask.objects.filter(area__organization=org),
    )
    for rows, queryset in zip((items, tasks), mine, strict=True):
        for state in TrackedWorkQuerySet.STATES:
            counted = sum(state in TrackedWorkQuerySet.states_of(row[1], row[2], row[3], DAY) for row in rows)
            assert counted == queryset.in_state(state, DAY).count() > 0, state


def test_batch_and_area_rows_equal_the_grouped_sql_counts(org):
    fingerprint = Fingerprint()
    items, tasks = work.rectification_rows([org.pk], DAY), work.ledger_rows([org.pk], DAY)
    figures = work.rectification_figures([org.pk], DAY, fingerprint, items)
    ledger = work.ledger_figures([org.pk], DAY, fingerprint, tasks)

    counts = RectificationItem.objects.status_counts(DAY, through="items")
    exists = RectificationItem.objects.conditions(DAY, through="items")["exists"]
    for name, condition in (
        ("time_limited", Q(items__term="time_limited")),
        ("long_term", Q(items__term="long_term")),
        ("feedback", Q(items__kind="feedback")),
        ("petition", Q(items__kind="petition")),
    ):
        counts[name] = Count("items__id", filter=exists & condition)
    batch_rows = list(
        InspectionBatch.objects.filter(organization=org)
        .values("id", "name", "group", "order", "organization__code")
        .annotate(**counts)
        .order_by("organization__code", "order", "name")
    )
    area_rows = list(
        LedgerArea.objects.filter(organization=org)
        .for_period(DAY)
        .values("id", "name", "order", "organization__code")
        .annotate(**LedgerTask.objects.status_counts(DAY, through="tasks"))
        .order_by("organization__code", "order", "name")
    )
    reference = Fingerprint()
    reference.add("batches", batch_rows)
    reference.add("ledger", area_rows)
    assert fingerprint.hexdigest() == reference.hexdigest()
    assert [b.total for b in figures.batches] == [row["total"] for row in batch_rows]
    assert figures.batches[-1].total == 0 and ledger.by_area[-1].total == 0
    assert ledger.overdue == sum(row["overdue"] for row in area_rows) > 0

    overdue = work.overdue_items(DAY, items, tasks)
    assert {(o.kind, o.pk) for o in overdue} == {
        ("rectification", pk)
        for pk in RectificationItem.objects.filter(batch__organization=org).overdue(DAY).values_list("pk", flat=True)
    } | {
        ("ledger", pk)
        for pk in LedgerTask.objects.filter(area__organization=org).overdue(DAY).values_list("pk", flat=True)
    }
