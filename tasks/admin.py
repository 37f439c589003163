"""Admin for rectification items and the work ledger: deadlines, overdue days, progress, status moves."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from ecoreport.audit.admin import AuditedAdmin, SpreadsheetAdmin
from tasks import services
from tasks.models import (
    InspectionBatch,
    LedgerArea,
    LedgerProgress,
    LedgerTask,
    RectificationItem,
    RectificationProgress,
    ResponsibleUnit,
    Status,
)


class OverdueFilter(admin.SimpleListFilter):
    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已逾期"), ("no", "未逾期")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(timezone.localdate())
        if self.value() == "no":
            return queryset.not_overdue(timezone.localdate())
        return queryset


class TrackedForm(forms.ModelForm):
    """Refuses a backwards status move by anyone but an administrator (``tasks.services.refusal``)."""

    user = None  # set per request by TrackedAdmin.get_form

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else None
        reason = services.refusal(current=current, to_status=status, user=self.user)
        if reason:
            raise forms.ValidationError(reason)
        return status


def _move_action(status: Status):
    def action(modeladmin, request, queryset):
        moved, refused = services.move_many(records=queryset, to_status=status, user=request.user)
        if refused:
            modeladmin.message_user(request, "未做任何修改：" + "；".join(refused[:10]), messages.ERROR)
        else:
            modeladmin.message_user(request, f"已将 {moved} 条改为“{status.label}”。", messages.SUCCESS)

    action.__name__ = f"move_to_{status.value}"
    return admin.action(description=f"将所选改为“{status.label}”", permissions=["change"])(action)


class TrackedAdmin(SpreadsheetAdmin):
    form = TrackedForm
    actions = ["export_xlsx", *(_move_action(status) for status in Status)]
    readonly_fields = ["closed_on", "updated_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        # The status move and the closing date that follows it, as every other path moves one.
        current = type(obj).objects.get(pk=obj.pk).status if change else None
        services.prepare_move(record=obj, to_status=obj.status, user=request.user, current=current)
        super().save_model(request, obj, form, change)

    @admin.display(description="逾期天数")
    def overdue_days(self, record):
        days = record.days_overdue(timezone.localdate())
        if not days:
            return "—"
        return format_html('<strong class="overdue" style="color:#ba2121">{} 天</strong>', days)

    @admin.display(description="序时进度", boolean=True, ordering="on_schedule")
    def schedule(self, record) -> bool:
        return record.on_schedule


class RectificationProgressInline(admin.TabularInline):
    model = RectificationProgress
    fields = ["date", "text", "author"]
    readonly_fields = ["author"]
    extra = 1


class LedgerProgressInline(admin.TabularInline):
    model = LedgerProgress
    fields = ["date", "text", "author"]
    readonly_fields = ["author"]
    extra = 1


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(AuditedAdmin):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(InspectionBatch)
class InspectionBatchAdmin(AuditedAdmin):
    list_display = ["name", "organization", "group", "order"]
    list_filter = ["organization", "group"]
    search_fields = ["name", "group"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


def _shortened(text: str, length: int = 40) -> str:
    """The first ``length`` characters of a long text for a list column, marked as cut."""
    return text if len(text) <= length else text[:length] + "…"


@admin.register(RectificationItem)
class RectificationItemAdmin(TrackedAdmin):
    list_display = [
        "code", "batch", "kind", "term", "short_description", "unit", "deadline", "overdue_days", "status",
        "schedule", "closed_on",
    ]  # fmt: skip
    list_filter = [
        "batch__organization", "batch", "kind", "term", "status", OverdueFilter, "on_schedule", "unit", "is_sample",
    ]  # fmt: skip
    search_fields = ["code", "description", "unit__name", "batch__name"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["batch", "unit"]
    list_select_related = ["batch", "unit"]
    inlines = [RectificationProgressInline]

    @admin.display(description="问题描述")
    def short_description(self, item: RectificationItem) -> str:
        return _shortened(item.description)


@admin.register(LedgerArea)
class LedgerAreaAdmin(AuditedAdmin):
    list_display = ["name", "organization", "order"]
    list_filter = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(LedgerTask)
class LedgerTaskAdmin(TrackedAdmin):
    list_display = [
        "area", "number", "short_content", "unit", "deadline", "overdue_days", "status", "schedule", "closed_on",
    ]  # fmt: skip
    list_filter = ["area__organization", "area", "status", OverdueFilter, "on_schedule", "unit", "is_sample"]
    search_fields = ["content", "unit__name", "area__name"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["area", "unit"]
    list_select_related = ["area", "unit"]
    inlines = [LedgerProgressInline]

    @admin.display(description="工作任务")
    def short_content(self, task: LedgerTask) -> str:
        return _shortened(task.content)


@admin.register(RectificationProgress)
class RectificationProgressAdmin(AuditedAdmin):
    list_display = ["item", "date", "text", "author"]
    list_filter = ["item__batch"]
    search_fields = ["text", "item__code"]
    date_hierarchy = "date"
    autocomplete_fields = ["item"]
    list_select_related = ["item", "author"]


@admin.register(LedgerProgress)
class LedgerProgressAdmin(AuditedAdmin):
    list_display = ["task", "date", "text", "author"]
    list_filter = ["task__area"]
    search_fields = ["text", "task__content"]
    date_hierarchy = "date"
    autocomplete_fields = ["task"]
    list_select_related = ["task__area", "author"]


# The work statistics' admin lives in its own module; importing it registers it.
from tasks import workstats_admin  # noqa: E402, F401
