"""Narrative report text, reports and their published versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization


class ReportSection(models.Model):
    """Narrative text that staff write for a summary, per organization and period."""

    class Part(models.TextChoices):
        WORK = "work", _("二、主要工作")
        PROBLEMS = "problems", _("三、存在的问题")
        PLAN = "plan", _("四、下步工作计划")

    class Generated(models.TextChoices):
        NONE = "", _("无")
        RECTIFICATION = "rectification", _("督察整改数据")
        LEDGER = "ledger", _("工作台账数据")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    part = models.CharField(_("所属部分"), max_length=10, choices=Part.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    heading = models.CharField(_("小标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), help_text=_("段落之间空一行"))
    generated = models.CharField(
        _("插入数据段落"),
        max_length=20,
        choices=Generated.choices,
        blank=True,
        default="",
        help_text=_("由系统数据生成的段落：正文中写【数据】处插入，未写则放在正文之前"),
    )

    class Meta:
        db_table = "ecoreport_reportsection"  # kept from before the app split
        verbose_name = _("报告文字段落")
        verbose_name_plural = _("报告文字段落")
        ordering = ["organization", "period_start", "part", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start", "period_end", "part", "order"],
                name="reportsection_unique_position",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="reportsection_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} {self.order} {self.heading}".strip()


class Report(models.Model):
    """A summary for an organization and period; drafts render live, publishing freezes a version."""

    class Appendix(models.TextChoices):
        FULL = "full", _("附图、附表及工作台账任务清单")
        WITHOUT_LEDGER = "without_ledger", _("附图、附表，不含工作台账任务清单")
        NONE = "none", _("不附附件")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    signature_unit = models.CharField(
        _("落款单位"), max_length=200, blank=True, help_text=_("留空则用机构的单位全称（如：九江市庐山生态环境局）")
    )
    signature_date = models.DateField(
        _("成文日期"), null=True, blank=True, help_text=_("留空则用生成或发布文件当天的日期")
    )
    appendix = models.CharField(
        _("附件"),
        max_length=20,
        choices=Appendix.choices,
        default=Appendix.FULL,
        help_text=_("工作台账任务清单较长时，可不附在总结之后，另行报送"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        db_table = "ecoreport_report"  # kept from before the app split
        verbose_name = _("工作总结")
        verbose_name_plural = _("工作总结")
        ordering = ["-period_end", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start", "period_end"], name="report_unique_org_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.organization.name} {self.period_start}—{self.period_end}"


class PublishedReport(models.Model):
    """An immutable published version: the figures used, the PDF bytes and their SHA-256."""

    report = models.ForeignKey(Report, verbose_name=_("工作总结"), on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL
    )
    figures = models.JSONField(_("所用数据"))
    data_fingerprint = models.CharField(_("数据指纹"), max_length=64)
    html = models.TextField(_("HTML"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    content_digest = models.CharField(
        _("内容摘要"), max_length=64, blank=True, help_text=_("数据、正文与设置的摘要，不含版本说明")
    )

    class Meta:
        db_table = "ecoreport_publishedreport"  # kept from before the app split
        verbose_name = _("已发布版本")
        verbose_name_plural = _("已发布版本")
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="publishedreport_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.version}版"

    def save(self, *args, **kwargs) -> None:
        # A published version is a record of what was handed upward: it is written once.
        if self.pk is not None and PublishedReport.objects.filter(pk=self.pk).exists():
            raise ValueError("已发布的版本不可修改；数据更正后请重新发布新版本。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("已发布的版本不可删除。")


class ReportEvent(models.Model):
    """One step of 拟稿 → 核稿 → 签发: who submitted, signed off or sent back a report, and when.

    A submission freezes what was submitted (its content digest and figures); signing off
    publishes only if the document still has that digest.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交审核")
        SIGN = "sign", _("签发")
        RETURN = "return", _("退回修改")

    report = models.ForeignKey(Report, verbose_name=_("工作总结"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)
    content_digest = models.CharField(_("内容摘要"), max_length=64, blank=True)
    figures = models.JSONField(_("提交时的数据"), null=True, blank=True)
    version = models.ForeignKey(
        PublishedReport, verbose_name=_("发布的版本"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        # The report page's timeline and the current state (the latest event) read in this order.
        ordering = ["report", "at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="reportevent_report_at")]

    def __str__(self) -> str:
        # In local time, as the report page's timeline and the admin's columns show it.
        return f"{self.report} {self.get_action_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
