"""Narrative sections, reports, their frozen published versions and their review steps."""

from __future__ import annotations

from django.contrib import admin

from ecoreport.audit.admin import AuditedAdmin, ReadOnlyAdmin
from ecoreport.reports.models import PublishedReport, Report, ReportEvent, ReportSection
from ecoreport.reports.placeholder_admin import (
    PLACEHOLDER_HELP,
    NarrativeAdminMixin,
    NarrativeFormMixin,
    draft_reports,
)


class ReportSectionForm(NarrativeFormMixin):
    class Meta:
        model = ReportSection
        fields = "__all__"
        help_texts = {"body": PLACEHOLDER_HELP}


@admin.register(ReportSection)
class ReportSectionAdmin(NarrativeAdminMixin, AuditedAdmin):
    organization_field = "organization"
    form = ReportSectionForm
    readonly_fields = ["filled_text", "placeholder_names"]
    list_display = ["organization", "period_start", "period_end", "part", "order", "heading", "generated"]
    list_filter = ["organization", "part", "generated"]
    search_fields = ["heading", "body"]
    date_hierarchy = "period_start"
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


class PublishedReportInline(admin.TabularInline):
    model = PublishedReport
    fields = ["version", "published_at", "published_by", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["__str__", "organization", "period_start", "period_end", "created_at"]
    list_filter = ["organization"]
    search_fields = ["title", "organization__name"]
    date_hierarchy = "period_end"
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [PublishedReportInline]
    actions = [draft_reports]


@admin.register(PublishedReport)
class PublishedReportAdmin(ReadOnlyAdmin):
    organization_field = "report__organization"
    list_display = ["report", "version", "published_at", "published_by", "sha256"]
    list_filter = ["report__organization"]
    search_fields = ["report__title", "sha256"]
    exclude = ["pdf", "html"]
    list_select_related = ["report__organization", "published_by"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    """拟稿 → 核稿 → 签发 as recorded: who submitted, signed off or sent back which report, and when.

    Written only by the review steps (``reports.review``); nobody adds, edits or deletes one here.
    The frozen figures of a submission are left out of the page (they are the published version's).
    """

    organization_field = "report__organization"
    list_display = ["at", "report", "action", "user", "version", "comment"]
    list_filter = ["action", "report__organization"]
    search_fields = ["report__title", "report__organization__name", "comment", "user__username"]
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]  # the latest step first
    fields = ["report", "action", "user", "at", "version", "comment", "content_digest"]
    readonly_fields = fields
    list_select_related = ["report__organization", "user", "version"]
