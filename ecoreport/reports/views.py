"""The summary in the browser, as a PDF download, and publishing (administrators only)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_POST

from ecoreport.accounts.access import get_organization_for_user, home_organization
from ecoreport.accounts.models import Organization
from ecoreport.accounts.roles import is_administrator
from ecoreport.reports.models import PublishedReport, Report
from ecoreport.reports.render import build, render_pdf
from ecoreport.reports.services import latest_version, publish_report


class PeriodForm(forms.Form):
    start = forms.DateField(required=False, label="开始日期")
    end = forms.DateField(required=False, label="结束日期")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError("请同时填写开始日期和结束日期。")
        if start and end and end < start:
            raise forms.ValidationError("结束日期不能早于开始日期。")
        return data


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The latest finished half-year: the report is written once a half-year is over."""
    today = today or datetime.date.today()
    if today.month >= 7:
        return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
    return datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31)


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date] | None:
    form = PeriodForm({"start": request.GET.get("from", ""), "end": request.GET.get("to", "")})
    if not form.is_valid():
        return None
    if form.cleaned_data["start"] is None:
        return default_period()
    return form.cleaned_data["start"], form.cleaned_data["end"]


def _base_template() -> str:
    # The site chrome belongs to the dashboard; until it exists the report stands on its own.
    try:
        get_template("base.html")
    except TemplateDoesNotExist:
        return "reports/standalone_base.html"
    return "base.html"


def _query(start: datetime.date, end: datetime.date) -> str:
    return f"?from={start.isoformat()}&to={end.isoformat()}"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org = home_organization(request.user)
    if org is None:
        raise PermissionDenied("no organization")
    return redirect("reports:detail", code=org.code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest("日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    start, end = period
    document = build(org, start, end)
    report = Report.objects.filter(organization=org, period_start=start, period_end=end).first()
    versions = list(report.versions.select_related("published_by").order_by("-version")) if report else []
    latest = versions[0] if versions else None
    context = {
        "base_template": _base_template(),
        "org": org,
        "start": start,
        "end": end,
        "query": _query(start, end),
        "document": document,
        "web": True,
        "versions": versions,
        "latest": latest,
        "changed_since_publication": latest is not None and latest.data_fingerprint != document.fingerprint,
        "can_publish": is_administrator(request.user),
    }
    return render(request, "reports/detail.html", context)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    return response


@login_required
def draft_pdf(request: HttpRequest, code: str) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest("日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    start, end = period
    pdf = render_pdf(build(org, start, end))
    return _pdf_response(pdf, f"{org.code}-{start:%Y%m%d}-{end:%Y%m%d}-draft.pdf")


@login_required
@require_POST
def publish(request: HttpRequest, code: str) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    if not is_administrator(request.user):
        raise PermissionDenied("only administrators publish reports")
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest("日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    start, end = period
    version = publish_report(org=org, start=start, end=end, user=request.user)
    messages.success(request, f"已发布第{version.version}版（SHA-256 {version.sha256[:12]}…）。")
    return redirect(reverse("reports:detail", kwargs={"code": org.code}) + _query(start, end))


@login_required
def published_pdf(request: HttpRequest, code: str, version: int) -> HttpResponse:
    org: Organization = get_organization_for_user(request.user, code)
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest("日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    start, end = period
    published = get_object_or_404(
        PublishedReport.objects.select_related("report"),
        report__organization=org,
        report__period_start=start,
        report__period_end=end,
        version=version,
    )
    response = _pdf_response(bytes(published.pdf), f"{org.code}-{start:%Y%m%d}-{end:%Y%m%d}-v{version}.pdf")
    response["ETag"] = f'"{published.sha256}"'
    return response


__all__ = ["detail", "draft_pdf", "index", "latest_version", "publish", "published_pdf"]
