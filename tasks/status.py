"""The one status set of rectification items and ledger tasks, shared by the records and their history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """One status set for rectification items and ledger tasks, in the order work moves."""

    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    APPLYING_CLOSURE = "applying_closure", _("申请销号")
    CLOSED = "closed", _("已销号")


STATUS_ORDER = [Status.IN_PROGRESS, Status.DONE, Status.APPLYING_CLOSURE, Status.CLOSED]
COMPLETED_STATUSES = (Status.DONE, Status.APPLYING_CLOSURE, Status.CLOSED)
