"""Inspection-rectification items and the work ledger, with dated progress updates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.lookups import Exact, In, IsNull
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization
from tasks.history import LedgerStatusChange, RectificationStatusChange, StatusChange  # noqa: F401  (this app's models)
from tasks.status import COMPLETED_STATUSES, STATUS_ORDER, Status  # noqa: F401  (re-exported for callers)
from tasks.workstats import WorkIndicator, WorkValue  # noqa: F401  (this app's models, in their own module)


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


class _AsOfIterable(ModelIterable):
    """Instances of ``TrackedWorkQuerySet.as_of``: their status and pace mark as of the day."""

    def __iter__(self):
        for record in super().__iter__():
            record.status, record.on_schedule = record.status_on, record.on_schedule_on
            record.read_as_of = True
            yield record


def ledger_year(end: datetime.date) -> int:
    """The year whose ledger a period uses: the year of its last day (年度工作台账)."""
    return end.year


class TrackedWorkQuerySet(models.QuerySet):
    """The states work is counted in (data-formats.md), as of a day (a period end, or today).

    A record counts on a day when it has begun (``started_on`` empty or on or before the day) and
    has a status that day (``tasks.history``): the status it had on the day, not today's.
    ``completed`` = done + applying_closure + closed; ``overdue`` not completed and the deadline
    before the day; ``behind`` in progress and (overdue or marked not on schedule);
    ``on_schedule`` in progress, not overdue, not marked behind. The figures count with these
    conditions and the drill-downs and admin filters list with them, so the two always agree.
    """

    STATES = ("in_progress", "done", "applying_closure", "closed", "completed", "on_schedule", "behind", "overdue")

    def _as_of(self, on: datetime.date, prefix: str) -> tuple[Case, Case]:
        """Expressions for the status and the pace mark that held on ``on``.

        The record's own status when it took effect on or before the day (or it has no date: from
        the beginning); else the latest change of its history on or before the day (none: NULL).
        """
        relation = self.model._meta.get_field("status_changes")
        current = Q(**{f"{prefix}status_since__lte": on}) | Q(**{f"{prefix}status_since": None})
        latest = relation.related_model.objects.filter(
            Q(effective_on__lte=on) | Q(effective_on=None), **{relation.field.name: OuterRef(f"{prefix}pk")}
        ).order_by(F("effective_on").desc(nulls_last=True), "-id")
        status = Case(When(current, then=F(f"{prefix}status")), default=Subquery(latest.values("status")[:1]))
        on_schedule = Case(
            When(current, then=F(f"{prefix}on_schedule")),
            default=Subquery(latest.values("on_schedule")[:1]),
            output_field=models.BooleanField(),
        )
        return status, on_schedule

    def conditions(self, on: datetime.date, through: str = "") -> dict[str, Q]:
        """Each state's condition, keyed as ``STATES``, plus ``exists``; ``through`` reaches the rows
        from a parent ("items")."""
        prefix = f"{through}__" if through else ""
        status, on_schedule = self._as_of(on, prefix)
        begun = self._begun(on, prefix)

        def status_in(*statuses: str) -> Q:
            return begun & Q(In(status, list(statuses)))

        in_progress = status_in(Status.IN_PROGRESS)
        overdue = in_progress & Q(**{f"{prefix}deadline__lt": on})
        marked_behind = Q(Exact(on_schedule, False))
        return {
            "exists": self._exists(begun, status),
            "in_progress": in_progress,
            "done": status_in(Status.DONE),
            "applying_closure": status_in(Status.APPLYING_CLOSURE),
            "closed": status_in(Status.CLOSED),
            "completed": status_in(*COMPLETED_STATUSES),
            "on_schedule": in_progress & ~overdue & ~marked_behind,
            "behind": in_progress & (overdue | marked_behind),
            "overdue": overdue,
        }

    @staticmethod
    def _begun(on: datetime.date, prefix: str) -> Q:
        return Q(**{f"{prefix}started_on__lte": on}) | Q(**{f"{prefix}started_on": None})

    @staticmethod
    def _exists(begun: Q, status: Case) -> Q:
        """Begun by the day and with a status that day (``conditions``' "exists")."""
        return begun & Q(IsNull(status, False))

    def status_counts(self, on: datetime.date, through: str) -> dict[str, Count]:
        """Aggregates counting the rows ``through`` a parent in each state, plus ``total``, to annotate it."""
        counted = f"{through}__id"
        conditions = self.conditions(on, through)
        return {"total": Count(counted, filter=conditions.pop("exists"))} | {
            name: Count(counted, filter=condition) for name, condition in conditions.items()
        }

    @staticmethod
    def states_of(status: str, on_schedule: bool, deadline: datetime.date | None, on: datetime.date) -> tuple[str, ...]:
        """The ``STATES`` a record that exists on ``on`` is in, given its status and pace mark of
        that day (``as_of``'s ``status_on``, ``on_schedule_on``) and its deadline: what
        ``conditions`` select, for rows read once and counted in Python (``figures.work``); a
        test holds the two equal on every combination."""
        if status in COMPLETED_STATUSES:
            return (status, "completed")
        if status != Status.IN_PROGRESS:
            return ()
        if deadline is not None and deadline < on:
            return ("in_progress", "behind", "overdue")
        return ("in_progress", "on_schedule" if on_schedule else "behind")

    def as_of(self, on: datetime.date) -> TrackedWorkQuerySet:
        """The rows that exist on ``on``, read as they were that day: ``status_on`` and
        ``on_schedule_on`` annotated, and the instances' own ``status`` and ``on_schedule`` set to
        them (so a list of a past period shows that period's statuses). Such instances are for
        reading: ``save()`` refuses them."""
        status, on_schedule = self._as_of(on, "")
        # conditions(on)["exists"], built from the same status expression (not every state's condition)
        found = self.filter(self._exists(self._begun(on, ""), status)).annotate(
            status_on=status, on_schedule_on=on_schedule
        )
        found._iterable_class = _AsOfIterable
        return found

    def in_state(self, state: str, on: datetime.date) -> TrackedWorkQuerySet:
        return self.filter(self.conditions(on)[state])

    def completed(self) -> TrackedWorkQuerySet:
        """Completed now (today's status)."""
        return self.filter(status__in=COMPLETED_STATUSES)

    def overdue(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("overdue", on)

    def not_overdue(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.exclude(self.conditions(on)["overdue"])

    def behind(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("behind", on)

    def on_schedule(self, on: datetime.date) -> TrackedWorkQuerySet:
        return self.in_state("on_schedule", on)


class LedgerTaskQuerySet(TrackedWorkQuerySet):
    def for_period(self, end: datetime.date) -> LedgerTaskQuerySet:
        """The tasks of the ledger a period ending on ``end`` uses (``ledger_year``)."""
        return self.filter(area__year=ledger_year(end))


class TrackedWork(models.Model):
    """What rectification items and ledger tasks share: deadline, status, pace, closing date."""

    started_on = models.DateField(
        _("起始日期"),
        null=True,
        blank=True,
        help_text=_("问题交办或任务列入台账之日；截止此日之前的统计期不计入。空白表示自始计入（如补录的历史数据）"),
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    on_schedule = models.BooleanField(_("是否达到序时进度"), default=True)
    status_since = models.DateField(
        _("状态日期"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("当前状态的生效日期；空白表示自起始日起"),
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用的示例内容，非真实台账"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TrackedWorkQuerySet.as_manager()
    read_as_of = False  # True on instances read by TrackedWorkQuerySet.as_of

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.read_as_of:
            raise ValueError("按某日状态读取的记录只能查看，不能保存")
        super().save(*args, **kwargs)

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


class LedgerAreaQuerySet(models.QuerySet):
    def for_period(self, end: datetime.date) -> LedgerAreaQuerySet:
        """The areas of the ledger a period ending on ``end`` uses (``ledger_year``)."""
        return self.filter(year=ledger_year(end))


class LedgerArea(models.Model):
    """One area (领域) of an organization's ledger of one year (年度工作台账)."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text=_("所属年度工作台账")
    )
    name = models.CharField(_("领域"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = LedgerAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账领域")
        verbose_name_plural = _("台账领域")
        ordering = ["organization", "-year", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "name"], name="ledgerarea_unique_org_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年）"


class LedgerTask(TrackedWork):
    area = models.ForeignKey(LedgerArea, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    content = models.TextField(_("工作任务"))
    unit = models.ForeignKey(ResponsibleUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("结转自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text=_("由上一年度台账结转而来的任务"),
    )

    objects = LedgerTaskQuerySet.as_manager()

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
    status = models.CharField(
        _("状态变更为"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("填写后，状态自本条进展的日期起变更"),
    )
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
