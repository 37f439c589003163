"""Status moves for rectification items and ledger tasks: the one rule, for every path that moves one.

Work moves forward only: 推进中 → 已完成 → 申请销号 → 已销号 (a step may be skipped). Moving back
is a correction that only an administrator may make (``ecoreport.accounts.roles.is_administrator``;
the command line counts as one). 已销号 sets the closing date; leaving it clears the date.

The admin change form (``refusal``), the admin save and the spreadsheet importer
(``prepare_move``), and the admin bulk actions (``move_many``) all come through here, so the rule
and its message cannot drift apart. Moves made here are recorded in the change history.

Every status that a record takes is also written into its status history (``tasks.history``) by
``record_status``, with the day it took effect: a move in the app on its day (today), a progress
update on the update's date, an import on its ``status_date``. A status without a date (an import
without ``status_date``, the demo) counts from the record's beginning; given to a record that has
a dated history already, it replaces the latest status from that status's date, so that it becomes
today's status without rewriting the periods before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.accounts.roles import is_administrator
from ecoreport.audit import history as audit
from ecoreport.audit import locks
from tasks.history import StatusChange
from tasks.models import STATUS_ORDER, LedgerArea, LedgerTask, Status, TrackedWork

Source = StatusChange.Source


class MoveRefused(PermissionDenied):
    """A backwards move by someone who is not an administrator; ``str()`` is the message for staff."""


def is_backwards(current: str, target: str) -> bool:
    return STATUS_ORDER.index(target) < STATUS_ORDER.index(current)


def refusal(*, current: str | None, to_status: str, user) -> str | None:
    """Why ``user`` may not move work from ``current`` to ``to_status``; None when they may."""
    if current and is_backwards(current, to_status) and not is_administrator(user):
        return f"状态不能从“{Status(current).label}”退回“{Status(to_status).label}”：只有管理员可以回退状态"
    return None


def prepare_move(
    *, record: TrackedWork, to_status: str, user, current: str | None = None, today: datetime.date | None = None
) -> None:
    """Set the status and the closing date that follows it, unsaved; MoveRefused when not allowed.

    ``current`` is the status the record has in the database (None for a new record); it defaults
    to the record's own status, for callers that have not assigned the new one yet.
    """
    current = record.status if current is None and record.pk is not None else current
    reason = refusal(current=current, to_status=to_status, user=user)
    if reason:
        raise MoveRefused(reason)
    record.status = to_status
    if to_status == Status.CLOSED:
        record.closed_on = record.closed_on or today or timezone.localdate()
    else:
        record.closed_on = None


def move_status(
    *, record: TrackedWork, to_status: str, user, today: datetime.date | None = None, source: str = Source.APP
) -> bool:
    """Move and save one item or task, taking effect ``today`` (default: today); False when it
    already has that status. MoveRefused when backwards. A progress update moves with its date."""
    to_status = Status(to_status)
    today = today or timezone.localdate()
    with transaction.atomic():
        if record.pk is not None:  # read again after its writer's turn: the status this move replaces
            locks.for_rows(type(record), [record.pk], what=type(record)._meta.verbose_name)
            record.refresh_from_db()
        if record.status == to_status:
            return False
        before = audit.snapshot(record)
        previous = (record.status, record.on_schedule)
        prepare_move(record=record, to_status=to_status, user=user, today=today)
        record.status_since = today
        record.save(update_fields=["status", "closed_on", "status_since", "updated_at"])
        record_status(record=record, before=previous, effective_on=today, user=user, source=source)
        audit.record_save(user=user, instance=record, before=before)
    return True


def move_many(*, records, to_status: str, user, today: datetime.date | None = None) -> tuple[int, list[str]]:
    """Move several at once, all or nothing: (how many moved, refusals). Nothing moves if any is
    refused, or when another writer of these records did not finish in time (``locks.WriterBusy``)."""
    to_status = Status(to_status)
    records = list(records)
    with transaction.atomic():
        if records:  # read again after their writer's turn: the statuses these moves replace
            model = type(records[0])
            try:
                locks.for_rows(model, [record.pk for record in records], what=model._meta.verbose_name)
            except locks.WriterBusy as busy:
                return 0, [str(busy)]
            fresh = model.objects.in_bulk([record.pk for record in records])
            records = [fresh[record.pk] for record in records if record.pk in fresh]
        refused = []
        for record in records:
            reason = refusal(current=record.status, to_status=to_status, user=user)
            if reason:
                refused.append(f"{record}：{reason}")
        if refused:
            return 0, refused
        moved = 0
        for record in records:
            moved += move_status(record=record, to_status=to_status, user=user, today=today)
    return moved, []


def _change(record: TrackedWork, status: str, on_schedule: bool, effective_on, source: str, user=None):
    """An unsaved change of the record's history (``tasks.history``)."""
    relation = type(record).status_changes.rel
    recorder = user if getattr(user, "pk", None) else None
    return relation.related_model(**{relation.field.name: record}, status=status, on_schedule=on_schedule,
                                  effective_on=effective_on, source=source, recorded_by=recorder)  # fmt: skip


def _in_order(change: StatusChange) -> tuple:
    """Undated changes first, then by the day they took effect, then in the order recorded."""
    return (change.effective_on is not None, change.effective_on or datetime.date.min, change.pk)


def _standing(changes: list[StatusChange], day: datetime.date) -> StatusChange | None:
    """The change in force on ``day``, from changes in ``_in_order``."""
    found = None
    for change in changes:
        if change.effective_on is None or change.effective_on <= day:
            found = change
    return found


def record_status(
    *,
    record: TrackedWork,
    before: tuple[str, bool] | None,
    effective_on: datetime.date | None,
    user,
    source: str,
    today: datetime.date | None = None,
) -> bool:
    """Write the saved record's status and pace mark into its history, from ``effective_on``.

    ``before`` is the (status, on_schedule) the record had before this change (None for a new
    record): a record without history (written in bulk) first gets it as its status from the
    beginning. ``effective_on`` None is a status without a date (module docstring). Nothing is
    written when the history already gives that status on that day. Then the record takes the
    status its history gives for today, with the day it took effect (``status_since``) and the
    closing date that follows it. True when a change was written.
    """
    today = today or timezone.localdate()
    if effective_on is not None and effective_on > today:
        raise ValueError(f"状态日期{effective_on.isoformat()}晚于今天")
    changes = sorted(record.status_changes.all(), key=_in_order)
    if not changes and before is not None:
        baseline = _change(record, *before, None, Source.BASELINE)
        baseline.save()
        changes.append(baseline)
    if not changes and effective_on is not None and record.started_on is None:
        # A record whose first status is dated begins that day.
        record.started_on = effective_on
        type(record).objects.filter(pk=record.pk).update(started_on=effective_on)
    if effective_on is None:
        standing = changes[-1] if changes else None
        effective_on = standing.effective_on if standing else None
    else:
        standing = _standing(changes, effective_on)
    wanted = (record.status, record.on_schedule)
    written = standing is None or (standing.status, standing.on_schedule) != wanted
    if written:
        change = _change(record, record.status, record.on_schedule, effective_on, source, user)
        change.save()
        changes.append(change)
        changes.sort(key=_in_order)
    _settle(record, _standing(changes, today), today)
    return written


def _settle(record: TrackedWork, current: StatusChange, today: datetime.date) -> None:
    """Give the record the status in force today, the day it took effect and its closing date."""
    values = {"status": current.status, "on_schedule": current.on_schedule, "status_since": current.effective_on}
    if current.status == Status.CLOSED:
        values["closed_on"] = record.closed_on or current.effective_on or today
    else:
        values["closed_on"] = None
    changed = {name: value for name, value in values.items() if getattr(record, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(record, name, value)
        type(record).objects.filter(pk=record.pk).update(**changed)


def record_loaded_statuses(*, records, source: str = Source.IMPORT, user=None) -> int:
    """After statuses were written in bulk without a date (the demo): give each record whose
    history does not end in its status that status as an undated change. How many were written."""
    fresh, written = [], 0
    for record in records.prefetch_related("status_changes"):
        changes = sorted(record.status_changes.all(), key=_in_order)
        if not changes:
            fresh.append(_change(record, record.status, record.on_schedule, None, source, user))
        elif (changes[-1].status, changes[-1].on_schedule) != (record.status, record.on_schedule):
            written += record_status(record=record, before=None, effective_on=None, user=user, source=source)
    if fresh:
        type(fresh[0]).objects.bulk_create(fresh)
    return written + len(fresh)


@dataclass
class CarryOver:
    """What ``carry_over`` did: the new tasks, and how many it left (completed, carried before)."""

    created: list[LedgerTask] = field(default_factory=list)
    completed: int = 0
    carried_before: int = 0


def carry_over(*, tasks, user) -> CarryOver:
    """结转: carry each unfinished task into next year's ledger of its organization, all or nothing.

    Unfinished means not completed today. The new task goes into the area of the same name in the
    next year (created with the same order when missing), under the same number when that is free
    (else after the last), with the same content, unit, deadline, status and pace mark; it begins
    on 1 January of its year and records where it came from (``carried_from``). A task carried
    before is not carried again.
    """
    found = CarryOver()
    with transaction.atomic():
        # The ledger writers of these organisations (imports, saves, moves) wait for this carry-over.
        locks.for_rows(LedgerTask, tasks.values_list("pk", flat=True), what=LedgerTask._meta.verbose_name)
        for task in tasks.select_related("area", "carried_to").order_by("area__year", "area__order", "number"):
            if task.is_completed:
                found.completed += 1
            elif hasattr(task, "carried_to"):
                found.carried_before += 1
            else:
                found.created.append(_carry(task, user))
    return found


def _carry(task: LedgerTask, user) -> LedgerTask:
    area, _ = LedgerArea.objects.get_or_create(
        organization_id=task.area.organization_id,
        year=task.area.year + 1,
        name=task.area.name,
        defaults={"order": task.area.order},
    )
    taken = set(area.tasks.values_list("number", flat=True))
    number = task.number if task.number not in taken else max(taken) + 1
    carried = LedgerTask.objects.create(
        area=area,
        number=number,
        content=task.content,
        unit_id=task.unit_id,
        deadline=task.deadline,
        status=task.status,
        on_schedule=task.on_schedule,
        started_on=datetime.date(area.year, 1, 1),
        is_sample=task.is_sample,
        carried_from=task,
    )
    record_status(record=carried, before=None, effective_on=None, user=user, source=Source.CARRY_OVER)
    audit.record_save(user=user, instance=carried, before=None)
    return carried


def carry_over_ledger(*, organization: Organization, from_year: int, user) -> CarryOver:
    """Carry the unfinished tasks of ``organization``'s ledger of ``from_year`` into the next year's."""
    tasks = LedgerTask.objects.filter(area__organization=organization, area__year=from_year)
    return carry_over(tasks=tasks, user=user)
