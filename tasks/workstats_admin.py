"""Admin for work statistics: the indicator catalogue and the values per organization and month or period."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from ecoreport.audit.admin import SpreadsheetAdmin
from ecoreport.lib.periods import PeriodError, parse_period_key
from tasks.workstats import WorkIndicator, WorkValue


@admin.register(WorkIndicator)
class WorkIndicatorAdmin(SpreadsheetAdmin):
    list_display = ["code", "name", "unit", "category", "aggregation", "additive", "order"]
    list_filter = ["category", "aggregation", "additive"]
    search_fields = ["code", "name", "description"]
    list_editable = ["order"]


class WorkValueForm(forms.ModelForm):
    """A month (2022-03) fills the period; a stated period (a quarter, a half-year) is typed as its two dates."""

    month = forms.CharField(
        label="月份",
        required=False,
        help_text="按月填报时填写，如 2022-03；填写后无需填期间开始和结束",
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "size": 8}),
    )

    class Meta:
        model = WorkValue
        fields = ["indicator", "organization", "month", "period_start", "period_end", "value", "note", "is_sample"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False

    def clean(self):
        cleaned = super().clean()
        month = (cleaned.get("month") or "").strip()
        if month:
            try:
                period = parse_period_key(month)
            except PeriodError as error:
                raise forms.ValidationError({"month": str(error)}) from None
            if period.kind != "month":
                raise forms.ValidationError({"month": "月份应写作 YYYY-MM，如 2022-03"})
            cleaned["period_start"], cleaned["period_end"] = period.start, period.end
            self.instance.period_start, self.instance.period_end = period.start, period.end
        elif not (cleaned.get("period_start") and cleaned.get("period_end")):
            raise forms.ValidationError("请填写月份，或填写期间开始和期间结束")
        return cleaned


@admin.register(WorkValue)
class WorkValueAdmin(SpreadsheetAdmin):
    organization_field = "organization"
    form = WorkValueForm
    list_display = ["indicator", "organization", "period", "value_with_unit", "note", "is_sample"]
    list_filter = ["indicator__category", "indicator", "organization", "is_sample"]
    search_fields = ["indicator__name", "indicator__code", "organization__name", "note"]
    date_hierarchy = "period_start"
    autocomplete_fields = ["indicator", "organization"]
    list_select_related = ["indicator", "organization"]
    readonly_fields = ["entered_by", "updated_at"]

    @admin.display(description="期间", ordering="period_start")
    def period(self, obj: WorkValue) -> str:
        return obj.period_label

    @admin.display(description="数值", ordering="value")
    def value_with_unit(self, obj: WorkValue) -> str:
        return f"{obj.value_text} {obj.indicator.unit}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
