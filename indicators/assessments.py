"""External assessments (考核评估结果): ranks and grades a higher authority publishes about an organization.

The bureau cannot compute these: a province ranks its 100 counties on a measure, a city places its
counties in 方阵. Staff enter what was published, with the publisher and the document, and the
report and the dashboard show it beside the computed figures.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization


def scope_text(scope: str, field_size: int | None, field_unit: str) -> str:
    """The field as a sentence names it: 全省 + 100 + 个县（市、区）."""
    return scope if field_size is None else f"{scope}{field_size}{field_unit}"


class Assessment(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="assessments"
    )
    measure = models.CharField(
        _("考核事项"),
        max_length=60,
        help_text=_("如：水质综合指数变好幅度、环境空气质量；报告正文中以 {评估.考核事项} 引用"),
    )
    scope = models.CharField(_("考核范围"), max_length=40, help_text=_("如：全省、全市"))
    field_size = models.PositiveSmallIntegerField(_("参评数量"), null=True, blank=True, help_text=_("如：100"))
    field_unit = models.CharField(_("参评对象"), max_length=30, blank=True, help_text=_("连同量词，如：个县（市、区）"))
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=30, blank=True, help_text=_("如：第一方阵、优秀"))
    period_start = models.DateField(_("考核期间开始"))
    period_end = models.DateField(_("考核期间结束"))
    publisher = models.CharField(_("发布单位"), max_length=100, help_text=_("如：江西省生态环境厅"))
    document = models.CharField(_("发布文件"), max_length=200, blank=True, help_text=_("通报或文件名称、文号"))
    note = models.TextField(_("备注"), blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用的示例内容，非正式通报"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核评估结果")
        verbose_name_plural = _("考核评估结果")
        ordering = ["-period_end", "organization", "measure"]
        constraints = [
            # Also the index of the figures' query: organization_id = … with the period's dates.
            models.UniqueConstraint(
                fields=["organization", "measure", "period_start", "period_end"], name="assessment_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="assessment_period_ordered"
            ),
            models.CheckConstraint(condition=Q(rank__isnull=False) | ~Q(grade=""), name="assessment_rank_or_grade"),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(field_size__isnull=True) | Q(rank__lte=models.F("field_size")),
                name="assessment_rank_within_field",
            ),
        ]

    def __str__(self) -> str:
        result = f"第{self.rank}名" if self.rank else self.grade
        return f"{self.measure} {self.period_start}—{self.period_end} {result}"

    @property
    def scope_text(self) -> str:
        return scope_text(self.scope, self.field_size, self.field_unit)

    def clean(self) -> None:
        super().clean()
        problems = {}
        if self.rank is None and not self.grade:
            problems["rank"] = "名次和等次至少填写一项"
        if self.rank is not None and self.field_size is not None and self.rank > self.field_size:
            problems["rank"] = f"名次（{self.rank}）不能大于参评数量（{self.field_size}）"
        if self.period_start and self.period_end and self.period_end < self.period_start:
            problems["period_end"] = "考核期间结束不能早于开始"
        if problems:
            raise ValidationError(problems)
