"""The change history and the import events it belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecoreport.audit.spreadsheets import kind_label
from ecoreport.audit.versions import DataVersion  # noqa: F401  (this app's model, in its own module)


class ImportEvent(models.Model):
    """One import of a file, from the admin or the command, recorded as one event."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    kind = models.CharField(_("数据类型"), max_length=30)
    file_name = models.CharField(_("文件名"), max_length=255)
    source = models.CharField(_("来源"), max_length=20, default="admin")
    # Which file made a change: the digest of the bytes imported, so that a re-import of the same
    # file is recognisable, and the file staff keep can be checked against it (sha256sum, certutil).
    sha256 = models.CharField(
        _("文件摘要 SHA-256"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("导入文件内容的 SHA-256 摘要（十六进制）；同一文件再次导入时摘要相同"),
    )
    byte_size = models.PositiveBigIntegerField(_("文件大小（字节）"), null=True, blank=True)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)

    class Meta:
        db_table = "ecoreport_importevent"  # kept from before the app split
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-at"]
        # Serves "the other imports of this file" (the history admin's link on a digest).
        indexes = [models.Index(fields=["sha256"], name="importevent_sha256_idx")]

    def __str__(self) -> str:
        return f"{self.file_name}（{kind_label(self.kind)}）"


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
        db_table = "ecoreport_auditentry"  # kept from before the app split
        verbose_name = _("变更历史")
        verbose_name_plural = _("变更历史")
        ordering = ["-at", "-id"]
        # Serves the admin's "history of this record" lookup.
        indexes = [models.Index(fields=["model", "object_id"], name="auditentry_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
