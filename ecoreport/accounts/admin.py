"""Organizations and which organization each user works for."""

from __future__ import annotations

from django.contrib import admin

from ecoreport.accounts.models import Organization, UserProfile
from ecoreport.audit.admin import AuditedAdmin, SpreadsheetAdmin


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetAdmin):
    organization_field = "self"  # an organisation is its own (ecoreport.audit.walls.SELF)
    list_display = ["code", "name", "full_name", "level", "parent"]
    list_filter = ["level", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "full_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(UserProfile)
class UserProfileAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["user", "organization"]
    list_filter = ["organization"]
    search_fields = ["user__username", "user__first_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
