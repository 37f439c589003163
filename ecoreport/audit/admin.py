"""What every ecoreport admin page shares, and the admin of the history itself.

``AuditedAdmin`` records every admin save, inline change and deletion in the change history and
shows that history on the record's 历史 page. ``SpreadsheetAdmin`` adds django-import-export's
spreadsheet import (upload → preview → confirm, through the same resources as the command) and the
.xlsx export.
"""

from __future__ import annotations

import os

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, connection
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.signals import post_import

from ecoreport.accounts.roles import is_data_entry_only
from ecoreport.audit import history, locks, spreadsheets, walls
from ecoreport.audit.models import AuditEntry, ImportEvent

PREVIEW_ROWS = 200
PENDING_IMPORTS = "ecoreport_imports"  # session: uploads this session previewed, tmp name → file name


UNDECLARED = object()
TAKEN_MEANWHILE = "未保存：其他用户刚刚保存了同一条记录（相同的编码或站点与日期已存在），请返回列表核对后再修改"


class WalledAdmin(admin.ModelAdmin):
    """County walls: staff read, choose, save, delete and export only their organisations' records.

    Each admin declares ``organization_field``, the path from its model to the organisation
    (``station__organization``; ``walls.SELF`` for organisations; None for shared catalogues). It
    must be the path ``walls.organization_path`` finds, or the admin refuses to start.
    """

    organization_field = UNDECLARED

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        found = walls.organization_path(model)
        declared = None if self.organization_field is UNDECLARED and found is None else self.organization_field
        if declared != found:
            raise ImproperlyConfigured(
                f"{type(self).__name__}.organization_field must be {found!r} (the path from "
                f"{model._meta.label} to its organisation), not {self.organization_field!r}"
            )
        self.organization_field = declared

    def get_queryset(self, request):
        return walls.wall(super().get_queryset(request), request.user, self.organization_field)

    def get_list_filter(self, request):
        """A filter on a walled relation (organisation, station, batch…) offers only the values of the
        records the user sees: a county's staff never read another county's names there."""
        return [_walled_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and walls.organization_path(db_field.related_model):
            kwargs["queryset"] = walls.wall(db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and walls.organization_path(db_field.related_model):
            kwargs["queryset"] = walls.wall(db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user, path = request.user, self.organization_field

        class WalledForm(form):
            def _post_clean(self):
                super()._post_clean()
                if not walls.may_write(user, self.instance, path):
                    self.add_error(None, walls.OUTSIDE)

        WalledForm.__name__ = form.__name__
        return WalledForm


def _walled_filter(model, spec):
    if not isinstance(spec, str):
        return spec
    try:
        field = get_fields_from_path(model, spec)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return spec
    if field.is_relation and walls.organization_path(field.related_model) is not None:
        return (spec, admin.RelatedOnlyFieldListFilter)
    return spec


class AuditedAdmin(WalledAdmin):
    """Admin saves and deletions go into the change history, with the values before and after."""

    object_history_template = "admin/ecoreport/history.html"

    def has_delete_permission(self, request, obj=None):
        # Data entry never deletes, whatever permissions someone later grants the group by hand.
        if is_data_entry_only(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        """On a POST (a save or a deletion, inside the view's transaction), the record is read again
        after its writer's turn (``ecoreport.audit.locks``) and with its row locked, so the form
        starts from, and the history's "before" is, what this save replaces."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST" or not connection.in_atomic_block:
            return obj
        locks.for_rows(type(obj), [obj.pk], what=self.model._meta.verbose_name)
        return super().get_object(request, object_id, from_field)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except locks.WriterBusy as busy:  # the view's transaction is undone: nothing was saved
            messages.error(request, str(busy))
        except IntegrityError as error:  # a key another writer stored after the form was checked
            if not locks.is_duplicate(error):
                raise
            messages.error(request, TAKEN_MEANWHILE)
        return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except locks.WriterBusy as busy:
            messages.error(request, str(busy))
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        stored = None
        if change and obj.pk is not None:
            stored = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
        if stored is None or walls.organization_id_of(stored) != walls.organization_id_of(obj):
            locks.for_instance(obj, what=self.model._meta.verbose_name)  # new, or moved to another organisation
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
                stored = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
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

    def history_labels(self) -> dict[str, str]:
        """Field name → its label in the history; an admin may name fields as its list columns do."""
        return _field_labels(self.model)

    def history_value(self, name: str, value: object) -> object:
        """A value as the history stores it, as people read it: a choice by its label, yes/no in words."""
        if isinstance(value, bool):
            return "是" if value else "否"
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return value
        if getattr(field, "choices", None) and value is not None:
            return dict(field.flatchoices).get(value, value)
        return value

    def readable_changes(self, changes: dict) -> list[tuple[str, object, object]]:
        """Changed fields as (label, before, after), in a stable order, with names instead of codes."""
        labels = self.history_labels()
        return [
            (labels.get(name, name), self.history_value(name, before), self.history_value(name, after))
            for name, (before, after) in sorted(changes.items())
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = list(history.history(obj)[:500])
        for entry in entries:
            entry.labelled_changes = self.readable_changes(entry.changes)
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


class ReadOnlyAdmin(AuditedAdmin):
    """Records the system writes (history, import events, published versions): nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    list_display = ["at", "user", "kind_name", "file_name", "source_name", "created", "updated", "unchanged"]
    list_filter = [
        _named_filter("kind", "数据类型", spreadsheets.kind_label),
        _named_filter("source", "来源", spreadsheets.source_label),
        "user",
    ]
    fields = ["at", "user", "kind_name", "file_name", "source_name", "created", "updated", "unchanged"]
    readonly_fields = fields
    search_fields = ["file_name"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    @admin.display(description="数据类型", ordering="kind")
    def kind_name(self, event: ImportEvent) -> str:
        return spreadsheets.kind_label(event.kind)

    @admin.display(description="来源", ordering="source")
    def source_name(self, event: ImportEvent) -> str:
        return spreadsheets.source_label(event.source)

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
