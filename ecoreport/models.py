"""Cross-cutting models: organizations, who belongs where, narrative report text, reports and audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationQuerySet(models.QuerySet):
    def subtree_ids(self, root: Organization) -> list[int]:
        """The root and every organization under it, at any depth (one query)."""
        rows = list(self.values_list("id", "parent_id"))
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in rows:
            children.setdefault(parent_id, []).append(pk)
        found, stack = [], [root.pk]
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(children.get(pk, []))
        return found


class Organization(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")

    code = models.CharField(_("机构编码"), max_length=12, unique=True, help_text=_("行政区划代码，如 360483"))
    name = models.CharField(_("机构名称"), max_length=100)
    full_name = models.CharField(_("单位全称"), max_length=200, blank=True, help_text=_("如：九江市庐山生态环境局"))
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def subtree_ids(self) -> list[int]:
        return Organization.objects.subtree_ids(self)

    def ancestors(self) -> list[Organization]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class UserProfile(models.Model):
    """Which organization a user works for: they see it and the organizations under it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="profile"
    )
    organization = models.ForeignKey(Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("用户所属机构")
        verbose_name_plural = _("用户所属机构")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.name}"


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

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
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

    class Meta:
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


class ImportEvent(models.Model):
    """One import of a file, from the admin or the command, recorded as one event."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    kind = models.CharField(_("数据类型"), max_length=30)
    file_name = models.CharField(_("文件名"), max_length=255)
    source = models.CharField(_("来源"), max_length=20, default="admin")
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.kind}）"


class AuditEntry(models.Model):
    """Who changed which row when, with the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    model = models.CharField(_("数据表"), max_length=60)
    object_id = models.CharField(_("记录编号"), max_length=64)
    object_repr = models.CharField(_("记录"), max_length=200)
    changes = models.JSONField(_("变更内容"), default=dict, help_text=_("字段: [修改前, 修改后]"))
    import_event = models.ForeignKey(
        ImportEvent, verbose_name=_("导入记录"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("变更历史")
        verbose_name_plural = _("变更历史")
        ordering = ["-at", "-id"]
        # Serves the admin's "history of this record" lookup.
        indexes = [models.Index(fields=["model", "object_id"], name="auditentry_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
