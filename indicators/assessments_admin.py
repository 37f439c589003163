"""Admin for external assessments: the ranks and grades a higher authority published."""

from __future__ import annotations

from django.contrib import admin

from ecoreport.audit.admin import SpreadsheetAdmin
from indicators.assessments import Assessment


@admin.register(Assessment)
class AssessmentAdmin(SpreadsheetAdmin):
    organization_field = "organization"
    list_display = ["organization", "measure", "period_start", "period_end", "field", "rank", "grade", "publisher",
                    "is_sample"]  # fmt: skip
    list_filter = ["organization", "scope", "publisher", "is_sample"]
    search_fields = ["measure", "publisher", "document", "organization__name"]
    date_hierarchy = "period_end"
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["entered_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["organization", "measure", ("period_start", "period_end")]}),
        ("结果", {"fields": [("scope", "field_size", "field_unit"), ("rank", "grade")]}),
        ("出处", {"fields": ["publisher", "document", "note", "is_sample", "entered_by", "updated_at"]}),
    ]

    @admin.display(description="参评范围")
    def field(self, obj: Assessment) -> str:
        return obj.scope_text

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
