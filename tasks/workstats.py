"""Work statistics (工作指标): the catalogue of what the bureau counts, and the counts per organization.

A ``WorkIndicator`` says what is counted (执法检查人次, 环评豁免项目类别 …), in which unit, how the
values of several months make one period's figure (``Aggregation``) and whether an organization's
figure may be added up from the organizations under it (``additive``). A ``WorkValue`` is one
organization's value for one month or for a stated period (a quarter, a half-year: whatever the
bureau reported). How values become a period's figure is ``ecoreport.figures.workstats``.

Values of one indicator and organization may nest (a half-year total beside its months) but may
not partly overlap: a figure could not tell which of two overlapping counts to believe.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization
from ecoreport.lib.periods import month_end


class WorkIndicator(models.Model):
    class Category(models.TextChoices):
        ENFORCEMENT = "enforcement", _("执法监管")
        APPROVAL = "approval", _("行政审批")
        PETITION = "petition", _("信访投诉")
        POLLUTION = "pollution", _("污染防治")
        PROJECT = "project", _("项目与投资")
        INFRASTRUCTURE = "infrastructure", _("基础设施")
        SERVICE = "service", _("服务企业")
        PARTY = "party", _("党建")
        OTHER = "other", _("其他")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("累加")
        LATEST = "latest", _("取最新值")
        MAXIMUM = "max", _("取最大值")

    code = models.CharField(
        _("指标编码"), max_length=40, unique=True, help_text=_("英文字母、数字、下划线或连字符，如 enforcement_visits")
    )
    name = models.CharField(
        _("指标名称"), max_length=60, unique=True, help_text=_("报告正文中以 {指标名称} 引用，如 {执法检查人次}")
    )
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如：人次、个、亿元"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    aggregation = models.CharField(
        _("多月合计方式"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("累加：期间内各月相加（如检查人次）；取最新值：存量指标（如中转站个数）；取最大值"),
    )
    additive = models.BooleanField(
        _("可向上级汇总"),
        default=True,
        help_text=_("上级机构没有自己的数值时，由下级机构数值相加得到"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作指标")
        verbose_name_plural = _("工作指标")
        ordering = ["category", "order", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class WorkValueQuerySet(models.QuerySet):
    def inside(self, start: datetime.date, end: datetime.date) -> WorkValueQuerySet:
        """Values whose whole period lies from ``start`` to ``end``: the ones a period's figure is made of."""
        return self.filter(period_start__gte=start, period_end__lte=end)

    def overlapping(self, start: datetime.date, end: datetime.date) -> WorkValueQuerySet:
        return self.filter(period_start__lte=end, period_end__gte=start)


class WorkValue(models.Model):
    """One organization's value of one indicator for a month (the 1st to the month's end) or a stated period."""

    indicator = models.ForeignKey(
        WorkIndicator, verbose_name=_("工作指标"), on_delete=models.PROTECT, related_name="values"
    )
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    period_start = models.DateField(_("期间开始"), help_text=_("按月填报时为当月1日"))
    period_end = models.DateField(_("期间结束"), help_text=_("按月填报时为当月最后一日"))
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用的示例数值，非正式统计"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = WorkValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作指标数值")
        verbose_name_plural = _("工作指标数值")
        ordering = ["indicator", "organization", "-period_start"]
        constraints = [
            # Also the index of the figures' query: organization_id IN (...) with the period's dates.
            models.UniqueConstraint(
                fields=["organization", "indicator", "period_start", "period_end"], name="workvalue_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="workvalue_period_ordered"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="workvalue_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_label} {self.value_text}"

    @property
    def value_text(self) -> str:
        """The value as staff typed it: 54, 3.5, 2.83 (not 54.0000 or 1E+2)."""
        return format(self.value.normalize(), "f")

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        if self.month_key:
            return f"{start.year}年{start.month}月"
        return f"{start.isoformat()}至{end.isoformat()}"

    @property
    def month_key(self) -> str:
        """The month (2022-03) when the period is one whole month (the import's 月份 column), else ""."""
        start, end = self.period_start, self.period_end
        return f"{start:%Y-%m}" if start.day == 1 and end == month_end(start.year, start.month) else ""

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "期间结束不能早于期间开始"})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "数值不能为负"})
        if not (self.period_start and self.period_end and self.indicator_id and self.organization_id):
            return
        clash = partial_overlap(
            WorkValue.objects.filter(indicator_id=self.indicator_id, organization_id=self.organization_id).exclude(
                pk=self.pk
            ),
            self.period_start,
            self.period_end,
        )
        if clash is not None:
            raise ValidationError(crossing_message(clash.period_start, clash.period_end))


def crossing_message(other_start: datetime.date, other_end: datetime.date) -> str:
    return (
        f"与已有数值（{other_start}至{other_end}）的期间交叉：同一指标的期间可以包含或被包含"
        "（如半年与其中的月份），不能部分重叠"
    )


def crosses(start: datetime.date, end: datetime.date, other_start: datetime.date, other_end: datetime.date) -> bool:
    """Two periods overlap without one containing the other: the values of one indicator may not."""
    overlap = start <= other_end and other_start <= end
    nested = (other_start <= start and end <= other_end) or (start <= other_start and other_end <= end)
    return overlap and not nested


def partial_overlap(values, start: datetime.date, end: datetime.date) -> WorkValue | None:
    """A value among ``values`` whose period crosses ``start``–``end`` (``crosses``)."""
    for other in values.overlapping(start, end).order_by("period_start"):
        if crosses(start, end, other.period_start, other.period_end):
            return other
    return None
