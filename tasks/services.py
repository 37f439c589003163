"""Status moves for rectification items and ledger tasks.

Work moves forward only: 推进中 → 已完成 → 申请销号 → 已销号 (a step may be skipped). Moving back
is a correction that only an administrator may make. 已销号 sets the closing date; leaving it
clears the date. Every move is recorded in the change history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ecoreport.accounts.roles import is_administrator
from ecoreport.audit import history as audit
from tasks.models import STATUS_ORDER, Status, TrackedWork


def is_backwards(current: str, target: str) -> bool:
    return STATUS_ORDER.index(target) < STATUS_ORDER.index(current)


def _apply(record: TrackedWork, to_status: str, today: datetime.date) -> None:
    record.status = to_status
    if to_status == Status.CLOSED:
        record.closed_on = record.closed_on or today
    else:
        record.closed_on = None


def move_status(*, record: TrackedWork, to_status: str, user, today: datetime.date | None = None) -> bool:
    """Move one item or task; False when it already has that status. PermissionDenied when backwards."""
    to_status = Status(to_status)
    if record.status == to_status:
        return False
    if is_backwards(record.status, to_status) and not is_administrator(user):
        raise PermissionDenied(
            f"“{record}”不能从“{Status(record.status).label}”退回“{to_status.label}”：只有管理员可以回退状态"
        )
    with transaction.atomic():
        before = audit.snapshot(record)
        _apply(record, to_status, today or timezone.localdate())
        record.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record_save(user=user, instance=record, before=before)
    return True


def move_many(*, records, to_status: str, user, today: datetime.date | None = None) -> tuple[int, list[str]]:
    """Move several at once, all or nothing: (how many moved, refusals). Nothing moves if any is refused."""
    to_status = Status(to_status)
    records = list(records)
    administrator = is_administrator(user)
    refused = [
        f"{record}：不能从“{Status(record.status).label}”退回“{to_status.label}”"
        for record in records
        if is_backwards(record.status, to_status) and not administrator
    ]
    if refused:
        return 0, refused
    moved = 0
    with transaction.atomic():
        for record in records:
            moved += move_status(record=record, to_status=to_status, user=user, today=today)
    return moved, []
