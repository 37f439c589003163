"""The admin's spreadsheet screens and the admin of the history itself.

``SpreadsheetAdmin`` adds django-import-export's spreadsheet import (upload → preview → confirm,
through the same resources as the command) and the .xlsx exports to the audited admin
(``admin_base``); ``ImportEventAdmin`` and ``AuditEntryAdmin`` show the history read-only.
"""

from __future__ import annotations

import os

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.signals import post_import

from ecoreport.audit import spreadsheets, walls
from ecoreport.audit.admin_base import AuditedAdmin, ReadOnlyAdmin
from ecoreport.audit.models import AuditEntry, ImportEvent

PREVIEW_ROWS = 200
PENDING_IMPORTS = "ecoreport_imports"  # session: uploads this session previewed, tmp name → file name


class SpreadsheetImportForm(ImportForm):
    """The library's upload form in our words; an oversized upload is refused before anything reads it."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("表格文件")
        self.fields["import_file"].help_text = _(".xlsx 或 .csv（UTF-8、GBK 或 Excel 的“Unicode 文本”），第一行为表头")
        if len(formats) == 1:  # .xlsx and .csv are one format, told apart by content: nothing to choose
            self.fields["format"].required = False
            self.fields["format"].widget = forms.HiddenInput()
            self.initial["format"] = "0"

    def clean_format(self):
        return self.cleaned_data.get("format") or "0"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        installed = spreadsheets.installed()
        try:
            installed.check_upload(upload)
        except installed.refusal as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class SpreadsheetExportForm(ExportForm):
    """The export page: the import template (codes and values, reads back in) or the full data."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = _("导出内容")
        self.fields["format"].label = _("文件格式")
        if len(resources) > 1:
            self.fields["resource"].choices = [
                (0, _("导入模板（编码与数值，可修改后导回）")),
                *((index, resource.get_display_name()) for index, resource in enumerate(resources) if index),
            ]


class SpreadsheetAdmin(ImportExportMixin, AuditedAdmin):
    """Import from and export to spreadsheets, through the model's django-import-export resource.

    Upload → preview (a dry run that names every problem by row and column, or shows what would be
    created and changed) → confirm, which only the user who uploaded the file can do. The export
    writes the .xlsx that the import reads back: every row shown (导出) or the selected ones (the
    action). The resources come through ``ecoreport.audit.spreadsheets``, installed by the importer.
    """

    import_export_change_list_template = "admin/ecoreport/change_list.html"
    import_template_name = "admin/ecoreport/import.html"
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm  # every column: an export must read back as a whole
    skip_admin_log = True  # imports are recorded in the change history, with one ImportEvent per file
    actions = ["export_xlsx"]

    def get_resource_classes(self, request):
        resource = spreadsheets.resource_for(self.model)
        return [resource] if resource is not None else []

    def get_export_resource_classes(self, request):
        """The import template first (the action on selected rows writes it), then the full data export."""
        full = spreadsheets.full_export_for(self.model)
        return [*self.get_resource_classes(request), *([full] if full is not None else [])]

    def init_request_context_data(self, request, form):
        """The export page lists each choice by its Chinese title and the headers it writes."""
        context = super().init_request_context_data(request, form)
        titles = dict(form.fields["resource"].choices)
        resources = self.get_export_resource_classes(request)
        context["fields_list"] = [
            (str(titles.get(index, name)), resource.headers() if hasattr(resource, "headers") else headers)
            for index, (resource, (name, headers)) in enumerate(zip(resources, context["fields_list"], strict=True))
        ]
        return context

    def get_import_formats(self):
        return [spreadsheets.installed().import_format]

    def get_export_formats(self):
        return [spreadsheets.installed().export_format]

    def has_import_permission(self, request) -> bool:
        return (
            spreadsheets.resource_for(self.model) is not None
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def has_export_permission(self, request) -> bool:
        return spreadsheets.resource_for(self.model) is not None and self.has_view_or_change_permission(request)

    # ------------------------------------------------------------------ import

    def get_import_context_data(self, **kwargs):
        resource = spreadsheets.resource_for(self.model)
        return {"kind_label": resource.label, "columns": resource.columns()}

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "source": "admin"}

    def write_to_tmp_storage(self, import_file, input_format):
        input_format.file_name = import_file.name  # a fake .xlsx is refused by its name
        return super().write_to_tmp_storage(import_file, input_format)

    def add_data_read_fail_error_to_form(self, form, e):
        if not isinstance(e, spreadsheets.installed().refusal):
            raise e  # the file was read by our reader: anything but a refusal is a bug
        form.add_error("import_file", str(e))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)  # a TemplateResponse, rendered later
        if context is not None:
            if context.get("result") is not None:
                context["preview"] = self._preview(context["result"])
            if context.get("confirm_form") is not None:
                initial = context["confirm_form"].initial
                pending = request.session.setdefault(PENDING_IMPORTS, {})
                pending[os.path.basename(initial["import_file_name"])] = initial["original_file_name"]
                request.session.modified = True
        return response

    def _preview(self, result) -> list[dict]:
        return [
            {
                "row": item.row,
                "action": item.action,
                "record": str(item.instance),
                "changes": self.readable_changes(item.changes),
            }
            for item in result.planned[:PREVIEW_ROWS]
        ]

    def process_import(self, request, **kwargs):
        """Confirm an upload this session previewed; any other file name is refused."""
        name = os.path.basename(request.POST.get("import_file_name", ""))
        pending = request.session.get(PENDING_IMPORTS, {})
        if name not in pending or pending[name] != request.POST.get("original_file_name"):
            messages.error(request, "导入已过期，请重新上传文件。")
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        del pending[name]
        request.session.modified = True
        return super().process_import(request, **kwargs)

    def process_result(self, result, request):
        if not result.ok:  # the data changed between preview and confirm: nothing was written
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                "title": _("导入"),
                "opts": self.model._meta,
                "result": result,
                "form": self.import_form_class(self.get_import_formats(), self.get_import_resource_classes(request)),
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        self.generate_log_entries(result, request)
        post_import.send(sender=None, model=self.model)
        counts = f"新增 {result.created} 条，更新 {result.updated} 条，未变 {result.unchanged} 条"
        messages.success(request, f"已导入“{result.file_name}”：{counts}。")
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    # ------------------------------------------------------------------ export

    def get_export_filename(self, request, queryset, file_format):
        label = spreadsheets.resource_for(self.model).label
        if request.method == "POST" and request.POST.get("resource") not in (None, "", "0"):
            label += "（完整数据）"
        return f"{label}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        # The library quotes the name as is; a Chinese name needs RFC 6266's filename*.
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format)
        )
        return response

    @admin.action(description=_("导出所选为 Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        file_format = self.get_export_formats()[0]()
        data = self.get_export_data(file_format, request, queryset)
        response = HttpResponse(data, content_type=file_format.get_content_type())
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format)
        )
        return response


def _audited_models(site) -> list:
    return [model for model in site._registry if model not in (AuditEntry, ImportEvent)]


def visible_entries(request, site):
    """History entries about records the user can see: all for administrators."""
    condition = walls.walled_history_filter(request.user, _audited_models(site))
    return AuditEntry.objects.all() if condition is None else AuditEntry.objects.filter(condition)


def model_label(label: str) -> str:
    """A history entry's table as people read it: 空气日数据 for "indicators.airdailyrecord"."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _named_filter(field: str, title: str, name_of):
    """A list filter offering the stored values of ``field`` by their names, never their codes."""

    class NamedFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            values = model_admin.get_queryset(request).order_by().values_list(field, flat=True).distinct()
            return [(value, name_of(value)) for value in sorted(set(values))]

        def queryset(self, request, queryset):
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    NamedFilter.title = title
    return NamedFilter


@admin.register(ImportEvent)
class ImportEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind_name", "file_name", "digest", "source_name", "created", "updated", "unchanged"]
    list_filter = [
        _named_filter("kind", "数据类型", spreadsheets.kind_label),
        _named_filter("source", "来源", spreadsheets.source_label),
        "user",
    ]
    fields = [
        "at",
        "user",
        "kind_name",
        "file_name",
        "sha256",
        "byte_size",
        "same_file",
        "source_name",
        "created",
        "updated",
        "unchanged",
    ]
    readonly_fields = fields
    # A digest pasted from sha256sum or Get-FileHash (capitals) finds the imports of that file.
    search_fields = ["file_name", "=sha256"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    @admin.display(description="数据类型", ordering="kind")
    def kind_name(self, event: ImportEvent) -> str:
        return spreadsheets.kind_label(event.kind)

    @admin.display(description="来源", ordering="source")
    def source_name(self, event: ImportEvent) -> str:
        return spreadsheets.source_label(event.source)

    @admin.display(description="文件摘要 SHA-256", ordering="sha256")
    def digest(self, event: ImportEvent) -> str:
        """The digest's first 12 digits, a link to every import of the same file."""
        if not event.sha256:
            return "—"  # imported before digests were kept
        return format_html(
            '<a href="?sha256={}" title="{}"><code>{}…</code></a>', event.sha256, event.sha256, event.sha256[:12]
        )

    @admin.display(description="同一文件的导入")
    def same_file(self, event: ImportEvent) -> str:
        if not event.sha256:
            return "—"
        # A link, not a count: the list it opens shows only the imports this user may see.
        url = reverse("admin:audit_importevent_changelist")
        return format_html('<a href="{}?sha256={}">查看同一文件的全部导入</a>', url, event.sha256)

    def get_queryset(self, request):
        events = super().get_queryset(request)
        if not walls.is_walled(request.user):
            return events
        ids = walls.visible_organization_ids(request.user)
        touched = visible_entries(request, self.admin_site).values("import_event_id")
        return events.filter(Q(pk__in=touched) | Q(user__profile__organization_id__in=ids))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "model_name", "object_repr", "import_event"]
    list_filter = ["action", _named_filter("model", "数据表", model_label), "user"]
    search_fields = ["object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["user", "import_event"]

    @admin.display(description="数据表", ordering="model")
    def model_name(self, entry: AuditEntry) -> str:
        return model_label(entry.model)

    def get_queryset(self, request):
        condition = walls.walled_history_filter(request.user, _audited_models(self.admin_site))
        entries = super().get_queryset(request)
        return entries if condition is None else entries.filter(condition)
