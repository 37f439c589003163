"""The admin base classes every ecoreport admin page uses.

``WalledAdmin`` keeps staff inside their organisation's subtree (lists, filters, foreign-key choices,
saves); ``AuditedAdmin`` records every admin save, inline change and deletion in the change history,
each writer taking its turn (``locks``), and shows that history on the record's 历史 page;
``ReadOnlyAdmin`` is for the records the system writes.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, connection
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from ecoreport.accounts.roles import is_data_entry_only
from ecoreport.audit import history, locks, walls

UNDECLARED = object()
TAKEN_MEANWHILE = "未保存：其他用户刚刚保存了同一条记录（相同的编码或站点与日期已存在），请返回列表核对后再修改"


def field_labels(model) -> dict[str, str]:
    """Field name → its verbose name, for the history and the spreadsheet screens."""
    labels = {}
    for field in model._meta.get_fields():
        if hasattr(field, "verbose_name"):
            labels[field.name] = str(field.verbose_name)
    return labels


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
        return field_labels(self.model)

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


class ReadOnlyAdmin(AuditedAdmin):
    """Records the system writes (history, import events, published versions): nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
