"""What every ecoreport admin page shares, and the admin of the history itself.

``AuditedAdmin`` records every admin save, inline change and deletion in the change history and
shows that history on the record's 历史 page. ``SpreadsheetAdmin`` adds the spreadsheet import
(upload → preview → confirm, through the same importer as the command) and the .xlsx export.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.roles import is_data_entry_only
from ecoreport.audit import history, spreadsheets
from ecoreport.audit.models import AuditEntry, ImportEvent

PREVIEW_ROWS = 200
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class AuditedAdmin(admin.ModelAdmin):
    """Admin saves and deletions go into the change history, with the values before and after."""

    object_history_template = "admin/ecoreport/history.html"

    def has_delete_permission(self, request, obj=None):
        # Data entry never deletes, whatever permissions someone later grants the group by hand.
        if is_data_entry_only(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            stored = type(obj).objects.filter(pk=obj.pk).first()
            before = history.snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        history.record_save(user=request.user, instance=obj, before=before)

    def delete_model(self, request, obj):
        history.record_delete(user=request.user, instance=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            history.record_delete(user=request.user, instance=obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        befores = {}
        for inline_form in formset.forms:
            instance = inline_form.instance
            if instance.pk is not None and inline_form.has_changed():
                stored = type(instance).objects.filter(pk=instance.pk).first()
                befores[instance.pk] = history.snapshot(stored) if stored else None
        for inline_form in getattr(formset, "deleted_forms", []):
            if inline_form.instance.pk is not None:
                history.record_delete(user=request.user, instance=inline_form.instance)
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "author_id") and instance.author_id is None and instance.pk is None:
                instance.author = request.user
            is_new = instance.pk is None
            instance.save()
            history.record_save(
                user=request.user, instance=instance, before=None if is_new else befores.get(instance.pk)
            )
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = list(history.history(obj)[:500])
        labels = _field_labels(self.model)
        for entry in entries:
            entry.labelled_changes = _labelled(entry.changes, labels)
        context = {
            **self.admin_site.each_context(request),
            "title": f"变更历史：{obj}",
            "subtitle": None,
            "object": obj,
            "entries": entries,
            "opts": self.model._meta,
            "app_label": self.model._meta.app_label,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


def _field_labels(model) -> dict[str, str]:
    labels = {}
    for field in model._meta.get_fields():
        if hasattr(field, "verbose_name"):
            labels[field.name] = str(field.verbose_name)
    return labels


def _labelled(changes: dict, labels: dict[str, str]) -> list[tuple[str, object, object]]:
    """Changed fields as (Chinese label, before, after), in a stable order for reading."""
    return [(labels.get(name, name), pair[0], pair[1]) for name, pair in sorted(changes.items())]


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("表格文件"), help_text=_(".xlsx 或 .csv（UTF-8 或 GBK 编码），第一行为表头"))


def _upload_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / "ecoreport-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


class SpreadsheetAdmin(AuditedAdmin):
    """Import from and export to spreadsheets, for the models that have an import kind."""

    change_list_template = "admin/ecoreport/change_list.html"
    import_template = "admin/ecoreport/import.html"
    actions = ["export_xlsx"]

    @property
    def import_kind(self):
        return spreadsheets.backend().kind_for(self.model)

    def has_import_permission(self, request) -> bool:
        return self.import_kind is not None and self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_import"
        custom = [path("import/", self.admin_site.admin_view(self.import_view), name=name)]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"has_import_permission": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra)

    @admin.action(description=_("导出所选为 Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        kind = self.import_kind
        if kind is None:
            self.message_user(request, "该数据没有导出格式。", messages.WARNING)
            return None
        ordered = kind.export_queryset().filter(pk__in=queryset.values("pk"))
        name, mimetype, data = spreadsheets.backend().export(kind.name, ordered)
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
        return response

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        kind = self.import_kind
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入{kind.label}",
            "opts": opts,
            "app_label": opts.app_label,
            "kind": kind,
            "columns": kind.columns,
            "form": ImportUploadForm(),
        }
        if request.method == "POST" and request.POST.get("token"):
            return self._confirm_import(request, kind, context)
        if request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                upload = form.cleaned_data["file"]
                result = spreadsheets.backend().plan_file(kind.name, upload, user=request.user, file_name=upload.name)
                context["result"] = result
                context["preview"] = [item for item in result.planned if item.action != "unchanged"][:PREVIEW_ROWS]
                labels = _field_labels(self.model)
                for item in context["preview"]:
                    item.labelled_changes = _labelled(item.changes, labels)
                if result.ok:
                    token = secrets.token_hex(16)
                    upload.seek(0)
                    (_upload_dir() / token).write_bytes(upload.read())
                    request.session.setdefault("ecoreport_imports", {})[token] = upload.name
                    request.session.modified = True
                    context["token"] = token
        return TemplateResponse(request, self.import_template, context)

    def _confirm_import(self, request, kind, context):
        token = request.POST["token"]
        pending = request.session.get("ecoreport_imports", {})
        if not _TOKEN.match(token) or token not in pending:
            messages.error(request, "导入已过期，请重新上传文件。")
            return HttpResponseRedirect(request.path)
        stored = _upload_dir() / token
        file_name = pending.pop(token)
        request.session.modified = True
        try:
            result = spreadsheets.backend().import_file(
                kind.name, stored, user=request.user, file_name=file_name, source="admin"
            )
        finally:
            stored.unlink(missing_ok=True)
        if not result.ok:
            context["result"] = result
            return TemplateResponse(request, self.import_template, context)
        messages.success(
            request,
            f"已导入“{file_name}”：新增 {result.created} 条，更新 {result.updated} 条，未变 {result.unchanged} 条。",
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class ReadOnlyAdmin(AuditedAdmin):
    """Records the system writes (history, import events, published versions): nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportEvent)
class ImportEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "file_name", "source", "created", "updated", "unchanged"]
    list_filter = ["kind", "source", "user"]
    search_fields = ["file_name"]
    date_hierarchy = "at"
    list_select_related = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "model", "object_repr", "import_event"]
    list_filter = ["action", "model", "user"]
    search_fields = ["object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["user", "import_event"]
