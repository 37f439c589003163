"""Inspection-rectification items and the work ledger, with dated progress updates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization
from tasks.workstats import WorkIndicator, WorkValue  # noqa: F401  (this app's models, in their own module)


class Status(models.TextChoices):
    """One status set for rectification items and ledger tasks, in the order work moves."""

    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    APPLYING_CLOSURE = "applying_closure", _("申请销号")
    CLOSED = "closed", _("已销号")


STATUS_ORDER = [Status.IN_PROGRESS, Status.DONE, Status.APPLYING_CLOSURE, Status.CLOSED]
COMPLETED_STATUSES = (Status.DONE, Status.APPLYING_CLOSURE, Status.CLOSED)


class ResponsibleUnit(models.Model):
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InspectionBatch(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    name = models.CharField(_("批次名称"), max_length=100, help_text=_("如：中央第一轮生态环境保护督察"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    group = models.CharField(
        _("合并统计组"),
        max_length=100,
        blank=True,
        help_text=_("同组的批次在报告中合并统计，如：中央、省第一轮环保督察和审计等"),
    )

    class Meta:
        verbose_name = _("督察批次")
        verbose_name_plural = _("督察批次")
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="inspectionbatch_unique_org_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TrackedWorkQuerySet(models.QuerySet):
    """The states work is counted in (data-formats.md), as of a day (a period end, or today).

    ``completed`` = done + applying_closure + closed; ``overdue`` not completed and the deadline
    before the day; ``behind`` in progress and (overdue or marked not on schedule);
    ``on_schedule`` in progress, not overdue, not marked behind. The figures count with these
    conditions and the drill-downs and admin filters list with them, so the two always agree.
    """

    STATES = ("in_progress", "done", "applying_closure", "closed", "completed", "on_schedule", "behind", "overdue")

    @staticmethod
    def conditions(on: datetime.date, through: str = "") -> dict[str, Q]:
        """Each state's condition, keyed as ``STATES``; ``through`` reaches the rows from a parent ("items")."""
        prefix = f"{through}__" if through else ""
        status = f"{prefix}status"
        in_progress = Q(**{status: Status.IN_PROGRESS})
        completed = Q(**{f"{status}__in": COMPLETED_STATUSES})
        overdue = Q(**{f"{prefix}deadline__lt": on}) & ~completed
        marked_behind = Q(**{f"{prefix}on_schedule": False})
        return {
            "in_progress": in_progress,
            "done": Q(**{status: Status.DONE}),
            "applying_closure": Q(**{status: Status.APPLYING_CLOSURE}),
            "closed": Q(**{status: Status.CLOSED}),
            "completed": completed,
            "on_schedule": in_progress & ~overdue & ~marked_behind,
            "behind": in_progress & (overdue | marked_behind),
            "overdue": overdue,
        }

    @classmethod
    def status_counts(cls, on: datetime.date, through: str) -> dict[str, Count]:
        """Aggregates counting the rows ``through`` a parent in each state, plus ``total``, to annotate it."""
        counted = f"{through}__id"
        return {"total": Count(counted)} | {
            name: Count(counted, filter=condition) for name, condition in cls.conditions(on, through).items()
        }

    def in_state(self, state: str, on: datetime.date) -> TrackedWorkQuerySet:
        return self.filter(self.conditions(on)[state])

    def completed(self) -> TrackedWorkQuerySet:
        return self.filter(status__in=COMPLETED_STATUSES)

    def overdue(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("overdue", on)

    def not_overdue(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.exclude(self.conditions(on)["overdue"])

    def behind(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("behind", on)

    def on_schedule(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("on_schedule", on)


class TrackedWork(models.Model):
    """What rectification items and ledger tasks share: deadline, status, pace, closing date."""

    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    on_schedule = models.BooleanField(_("是否达到序时进度"), default=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用的示例内容，非真实台账"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TrackedWorkQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_completed(self) -> bool:
        return self.status in COMPLETED_STATUSES

    def days_overdue(self, today: datetime.date | None = None) -> int:
        """Days past the deadline while not completed (0 when on time or done); > 0 exactly when
        ``TrackedWorkQuerySet.overdue(today)`` lists the row."""
        if self.deadline is None or self.is_completed:
            return 0
        today = today or datetime.date.today()
        return max(0, (today - self.deadline).days)


class RectificationItem(TrackedWork):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("反馈问题")
        PETITION = "petition", _("信访件")

    class Term(models.TextChoices):
        TIME_LIMITED = "time_limited", _("限期整改")
        LONG_TERM = "long_term", _("长期坚持")

    batch = models.ForeignKey(
        InspectionBatch, verbose_name=_("来源批次"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("编号"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.FEEDBACK)
    description = models.TextField(_("问题描述"))
    term = models.CharField(_("整改类型"), max_length=15, choices=Term.choices, default=Term.TIME_LIMITED)
    unit = models.ForeignKey(ResponsibleUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("督察整改问题")
        verbose_name_plural = _("督察整改问题")
        ordering = ["batch", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="rectification_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:30]}"


class LedgerArea(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    name = models.CharField(_("领域"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("台账领域")
        verbose_name_plural = _("台账领域")
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="ledgerarea_unique_org_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LedgerTask(TrackedWork):
    area = models.ForeignKey(LedgerArea, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    content = models.TextField(_("工作任务"))
    unit = models.ForeignKey(ResponsibleUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("工作台账任务")
        verbose_name_plural = _("工作台账任务")
        ordering = ["area", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="ledgertask_unique_area_number"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="ledgertask_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.number}. {self.content[:30]}"


class ProgressUpdate(models.Model):
    date = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"


class RectificationProgress(ProgressUpdate):
    item = models.ForeignKey(
        RectificationItem, verbose_name=_("整改问题"), on_delete=models.CASCADE, related_name="progress"
    )

    class Meta(ProgressUpdate.Meta):
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")


class LedgerProgress(ProgressUpdate):
    task = models.ForeignKey(LedgerTask, verbose_name=_("台账任务"), on_delete=models.CASCADE, related_name="progress")

    class Meta(ProgressUpdate.Meta):
        verbose_name = _("台账进展")
        verbose_name_plural = _("台账进展")
