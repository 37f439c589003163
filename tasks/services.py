"""Status moves for rectification items and ledger tasks: the one rule, for every path that moves one.

Work moves forward only: 推进中 → 已完成 → 申请销号 → 已销号 (a step may be skipped). Moving back
is a correction that only an administrator may make (``ecoreport.accounts.roles.is_administrator``;
the command line counts as one). 已销号 sets the closing date; leaving it clears the date.

The admin change form (``refusal``), the admin save and the spreadsheet importer
(``prepare_move``), and the admin bulk actions (``move_many``) all come through here, so the rule
and its message cannot drift apart. Moves made here are recorded in the change history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ecoreport.accounts.roles import is_administrator
from ecoreport.audit import history as audit
from tasks.models import STATUS_ORDER, Status, TrackedWork


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


def move_status(*, record: TrackedWork, to_status: str, user, today: datetime.date | None = None) -> bool:
    """Move and save one item or task; False when it already has that status. MoveRefused when backwards."""
    to_status = Status(to_status)
    if record.status == to_status:
        return False
    with transaction.atomic():
        before = audit.snapshot(record)
        prepare_move(record=record, to_status=to_status, user=user, today=today)
        record.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record_save(user=user, instance=record, before=before)
    return True


def move_many(*, records, to_status: str, user, today: datetime.date | None = None) -> tuple[int, list[str]]:
    """Move several at once, all or nothing: (how many moved, refusals). Nothing moves if any is refused."""
    to_status = Status(to_status)
    records = list(records)
    refused = []
    for record in records:
        reason = refusal(current=record.status, to_status=to_status, user=user)
        if reason:
            refused.append(f"{record}：{reason}")
    if refused:
        return 0, refused
    moved = 0
    with transaction.atomic():
        for record in records:
            moved += move_status(record=record, to_status=to_status, user=user, today=today)
    return moved, []
