"""The report page's review buttons: 提交审核 (staff), 签发 and 退回修改 (领导 and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecoreport.accounts.access import get_organization_for_user
from ecoreport.lib.periods import PeriodError, parse_report_period
from ecoreport.reports.review import can_sign_off, can_submit, send_back, sign_off, submit_for_review
from ecoreport.reports.services import PublishRefused


def _step(request: HttpRequest, code: str, allowed, step) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    if not allowed(request.user):
        raise PermissionDenied("this review step is not for this role")
    try:
        period = parse_report_period(request.GET, timezone.localdate())
    except PeriodError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    try:
        done = step(org=org, start=period.start, end=period.end, user=request.user)
    except PublishRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect(reverse("reports:detail", kwargs={"code": org.code}) + "?" + period.querystring())


@login_required
@require_POST
def submit(request: HttpRequest, code: str) -> HttpResponse:
    def step(**period):
        submit_for_review(**period)
        return "已提交审核，等待领导签发。"

    return _step(request, code, can_submit, step)


@login_required
@require_POST
def sign(request: HttpRequest, code: str) -> HttpResponse:
    def step(**period):
        version = sign_off(**period)
        return f"已签发，发布第{version.version}版（SHA-256 {version.sha256[:12]}…）。"

    return _step(request, code, can_sign_off, step)


@login_required
@require_POST
def return_for_changes(request: HttpRequest, code: str) -> HttpResponse:
    def step(**period):
        send_back(**period, comment=request.POST.get("comment", ""))
        return "已退回修改。"

    return _step(request, code, can_sign_off, step)
