"""Status history of rectification items and ledger tasks: which status held from which day.

Every period's counts read the status a record had on the period's last day, not today's. A
``StatusChange`` says "from ``effective_on`` on, the status was ``status`` (and the pace mark
``on_schedule``)"; the status on a day is the change with the latest ``effective_on`` on or before
it, later-recorded first on the same day. ``effective_on`` empty means "from the record's
beginning" (``TrackedWork.started_on``): what a status that arrives without a date means — the
demo, an import of today's ledger for a past half-year — so that loading history late keeps its
figures.

The record itself carries its latest status and the day it took effect (``status_since``); a
record without any change recorded (rows written in bulk) has had its status from its beginning.
Changes are written by ``tasks.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tasks.status import Status


class StatusChange(models.Model):
    class Source(models.TextChoices):
        APP = "app", _("系统操作")
        PROGRESS = "progress", _("进展填报")
        IMPORT = "import", _("导入")
        CARRY_OVER = "carry_over", _("结转")
        BASELINE = "baseline", _("原有状态")

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    on_schedule = models.BooleanField(_("是否达到序时进度"))
    effective_on = models.DateField(
        _("生效日期"), null=True, blank=True, help_text=_("空白表示自起始日起（未注明日期的状态）")
    )
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        since = self.effective_on.isoformat() if self.effective_on else "起始日"
        return f"{since}起 {self.get_status_display()}"


class RectificationStatusChange(StatusChange):
    item = models.ForeignKey(
        "tasks.RectificationItem", verbose_name=_("整改问题"), on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta:
        verbose_name = _("整改问题状态变更")
        verbose_name_plural = _("整改问题状态变更")
        ordering = ["item", models.F("effective_on").asc(nulls_first=True), "id"]
        # Serves the "latest change on or before a day" subquery of every period count.
        indexes = [models.Index(fields=["item", "effective_on"], name="rectstatus_item_effective")]


class LedgerStatusChange(StatusChange):
    task = models.ForeignKey(
        "tasks.LedgerTask", verbose_name=_("台账任务"), on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta:
        verbose_name = _("台账任务状态变更")
        verbose_name_plural = _("台账任务状态变更")
        ordering = ["task", models.F("effective_on").asc(nulls_first=True), "id"]
        # Serves the "latest change on or before a day" subquery of every period count.
        indexes = [models.Index(fields=["task", "effective_on"], name="ledgerstatus_task_effective")]
