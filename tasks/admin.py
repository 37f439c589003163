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
    LedgerStatusChange,
    LedgerTask,
    RectificationItem,
    RectificationProgress,
    RectificationStatusChange,
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


class ProgressFormSet(forms.BaseInlineFormSet):
    """A progress update may move the status, from its date, under the rule of every other move."""

    user = None  # set per request by ProgressInline.get_formset

    def clean(self):
        super().clean()
        current = self.instance.status if self.instance.pk else None
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("status") or data.get("DELETE") or "status" not in form.changed_data:
                continue
            reason = services.refusal(current=current, to_status=data["status"], user=self.user)
            if reason:
                form.add_error("status", reason)
            if data.get("date") and data["date"] > timezone.localdate():
                form.add_error("date", "变更状态的进展日期不能晚于今天")


class ProgressInline(admin.TabularInline):
    fields = ["date", "text", "status", "author"]
    readonly_fields = ["author"]
    formset = ProgressFormSet
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class StatusHistoryInline(admin.TabularInline):
    """The record's status history (``tasks.history``), written by the status moves only."""

    fields = readonly_fields = ["effective_on", "status", "on_schedule", "source", "recorded_by", "recorded_at"]
    extra = max_num = 0
    can_delete = False
    verbose_name_plural = "状态历史（按生效日期）"


class TrackedAdmin(SpreadsheetAdmin):
    form = TrackedForm
    actions = ["export_xlsx", *(_move_action(status) for status in Status)]
    readonly_fields = ["status_since", "closed_on", "updated_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        # A record entered in the app begins the day it is entered, unless staff give its real date.
        return {"started_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        # The status move and the closing date that follows it, as every other path moves one; a
        # change made here takes effect today, a new record's first status from its beginning.
        stored = type(obj).objects.get(pk=obj.pk) if change else None
        current = stored.status if stored else None
        services.prepare_move(record=obj, to_status=obj.status, user=request.user, current=current)
        super().save_model(request, obj, form, change)
        services.record_status(
            record=obj,
            before=(stored.status, stored.on_schedule) if stored else None,
            effective_on=timezone.localdate() if stored else None,
            user=request.user,
            source=services.Source.APP,
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if not isinstance(formset, ProgressFormSet):
            return
        for progress_form in formset.forms:
            update = progress_form.instance
            if update.pk is None or not update.status or "status" not in progress_form.changed_data:
                continue
            services.move_status(
                record=form.instance,
                to_status=update.status,
                user=request.user,
                today=update.date,
                source=services.Source.PROGRESS,
            )

    @admin.display(description="逾期天数")
    def overdue_days(self, record):
        days = record.days_overdue(timezone.localdate())
        if not days:
            return "—"
        return format_html('<strong class="overdue" style="color:#ba2121">{} 天</strong>', days)

    @admin.display(description="序时进度", boolean=True, ordering="on_schedule")
    def schedule(self, record) -> bool:
        return record.on_schedule


class RectificationProgressInline(ProgressInline):
    model = RectificationProgress


class LedgerProgressInline(ProgressInline):
    model = LedgerProgress


class RectificationHistoryInline(StatusHistoryInline):
    model = RectificationStatusChange


class LedgerHistoryInline(StatusHistoryInline):
    model = LedgerStatusChange


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(InspectionBatch)
class InspectionBatchAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["name", "organization", "group", "order"]
    list_filter = ["organization", "group"]
    search_fields = ["name", "group"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


def _shortened(text: str, length: int = 60):
    """A long text for a list column: the first ``length`` characters, marked as cut, the whole on hover."""
    if len(text) <= length:
        return format_html('<span class="long-text">{}</span>', text)
    return format_html('<span class="long-text" title="{}">{}…</span>', text, text[:length])


@admin.register(RectificationItem)
class RectificationItemAdmin(TrackedAdmin):
    organization_field = "batch__organization"
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
    inlines = [RectificationProgressInline, RectificationHistoryInline]

    @admin.display(description="问题描述")
    def short_description(self, item: RectificationItem) -> str:
        return _shortened(item.description)


@admin.register(LedgerArea)
class LedgerAreaAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["name", "year", "organization", "order"]
    list_filter = ["year", "organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(LedgerTask)
class LedgerTaskAdmin(TrackedAdmin):
    organization_field = "area__organization"
    list_display = [
        "area", "number", "short_content", "unit", "deadline", "overdue_days", "status", "schedule", "closed_on",
    ]  # fmt: skip
    list_filter = [
        "area__year", "area__organization", "area", "status", OverdueFilter, "on_schedule", "unit", "is_sample",
    ]  # fmt: skip
    search_fields = ["content", "unit__name", "area__name"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["area", "unit"]
    list_select_related = ["area", "unit"]
    readonly_fields = [*TrackedAdmin.readonly_fields, "carried_from"]  # set by 结转 only
    inlines = [LedgerProgressInline, LedgerHistoryInline]
    actions = [*TrackedAdmin.actions, "carry_over"]

    @admin.display(description="工作任务")
    def short_content(self, task: LedgerTask) -> str:
        return _shortened(task.content)

    @admin.action(description="结转所选未完成任务到下一年度台账", permissions=["add"])
    def carry_over(self, request, queryset):
        done = services.carry_over(tasks=queryset, user=request.user)
        years = sorted({task.area.year for task in done.created})
        into = "、".join(f"{year}年度" for year in years) or "下一年度"
        self.message_user(
            request,
            f"已结转 {len(done.created)} 项任务到{into}台账；未结转：已完成 {done.completed} 项，"
            f"此前已结转 {done.carried_before} 项。",
            messages.SUCCESS,
        )


@admin.register(RectificationProgress)
class RectificationProgressAdmin(AuditedAdmin):
    organization_field = "item__batch__organization"
    list_display = ["item", "date", "text", "author"]
    list_filter = ["item__batch"]
    search_fields = ["text", "item__code"]
    date_hierarchy = "date"
    autocomplete_fields = ["item"]
    # A progress update moves the status only from the record's own page (TrackedAdmin.save_formset).
    readonly_fields = ["status"]
    list_select_related = ["item", "author"]


@admin.register(LedgerProgress)
class LedgerProgressAdmin(AuditedAdmin):
    organization_field = "task__area__organization"
    list_display = ["task", "date", "text", "author"]
    list_filter = ["task__area"]
    search_fields = ["text", "task__content"]
    date_hierarchy = "date"
    autocomplete_fields = ["task"]
    # A progress update moves the status only from the record's own page (TrackedAdmin.save_formset).
    readonly_fields = ["status"]
    list_select_related = ["task__area", "author"]


# The work statistics' admin lives in its own module; importing it registers it.
from tasks import workstats_admin  # noqa: E402, F401
