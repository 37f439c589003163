"""The summary in the browser and as downloads; the review steps are in ``review_views``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ecoreport.accounts.access import get_organization_for_user, home_organization
from ecoreport.accounts.models import Organization
from ecoreport.figures.latest import latest_air_date
from ecoreport.lib.periods import Period, PeriodError, parse_report_period
from ecoreport.reports.exporters import Export, export_filename, pdf, word
from ecoreport.reports.fonts import faces_summary
from ecoreport.reports.models import PublishedReport, Report
from ecoreport.reports.queries import load_document
from ecoreport.reports.render_cache import cached_render
from ecoreport.reports.review import can_sign_off, can_submit, pending_submission


def _period(request: HttpRequest, org: Organization | None = None) -> Period:
    """The ``from``/``to`` of the URL, else the latest finished half-year, or the latest half-year with
    the organization's data when the data stop before it; PeriodError if unreadable."""
    wants_default = not (request.GET.get("from") or request.GET.get("to"))
    latest = latest_air_date(org.pk) if org is not None and wants_default else None
    return parse_report_period(request.GET, timezone.localdate(), latest)


def _bad_period(error: PeriodError) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _download(export: Export, disposition: str = "inline") -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.mimetype)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{export.filename}"
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org = home_organization(request.user)
    if org is None:
        raise PermissionDenied("no organization")
    return redirect("reports:detail", code=org.code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    try:
        period = _period(request, org)
    except PeriodError as error:
        return _bad_period(error)
    document = load_document(org, period.start, period.end)
    report = Report.objects.filter(organization=org, period_start=period.start, period_end=period.end).first()
    versions = list(report.versions.select_related("published_by").order_by("-version")) if report else []
    latest = versions[0] if versions else None
    context = {
        "org": org,
        "start": period.start,
        "end": period.end,
        "query": "?" + period.querystring(),
        "document": document,
        "web": True,
        "versions": versions,
        "latest": latest,
        "changed_since_publication": latest is not None and latest.data_fingerprint != document.fingerprint,
        "can_submit": can_submit(request.user),
        "can_sign_off": can_sign_off(request.user),
        "submission": pending_submission(report),
        "events": list(report.events.select_related("user", "version")) if report else [],
        "signature_lines": document.signature.lines(timezone.localdate()),
        "fonts_summary": faces_summary(),
    }
    return render(request, "reports/detail.html", context)


def _draft(request: HttpRequest, code: str, kind: str, exporter, disposition: str = "inline") -> HttpResponse:
    org = get_organization_for_user(request.user, code)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(error)
    export, from_cache = cached_render(load_document(org, period.start, period.end), kind, exporter)
    response = _download(export, disposition)
    response["X-Render-Cache"] = "hit" if from_cache else "miss"
    return response


@login_required
def draft_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _draft(request, code, "pdf", pdf.render)


@login_required
def draft_docx(request: HttpRequest, code: str) -> HttpResponse:
    # A browser shows a PDF itself; a Word file is saved and opened in Word or WPS.
    return _draft(request, code, "docx", word.render, "attachment")


@login_required
def published_pdf(request: HttpRequest, code: str, version: int) -> HttpResponse:
    org: Organization = get_organization_for_user(request.user, code)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(error)
    published = get_object_or_404(
        PublishedReport.objects.select_related("report"),
        report__organization=org,
        report__period_start=period.start,
        report__period_end=period.end,
        version=version,
    )
    filename = export_filename(org.code, period.start, period.end, "pdf", version=version)
    response = _download(Export(filename, pdf.MIMETYPE, bytes(published.pdf)))
    response["ETag"] = f'"{published.sha256}"'
    return response
