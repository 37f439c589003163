"""起草本期 on the report page: draft the period's narrative sections from the previous period's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecoreport.accounts.access import get_organization_for_user
from ecoreport.lib.periods import PeriodError, parse_report_period
from ecoreport.reports.drafting import DraftRefused, draft_period


@login_required
@require_POST
@permission_required("reports.add_reportsection", raise_exception=True)
def draft_sections(request: HttpRequest, code: str) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    try:
        period = parse_report_period(request.GET, timezone.localdate())
    except PeriodError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    try:
        created = draft_period(org=org, start=period.start, end=period.end, user=request.user)
    except DraftRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, f"已按上一期起草本期文字段落 {len(created)} 段，数字已按本期数据填入，请核改。")
    return redirect(reverse("reports:detail", kwargs={"code": org.code}) + "?" + period.querystring())
