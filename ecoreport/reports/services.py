"""Publishing: freeze a report version with its figures, PDF bytes and their SHA-256."""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction

from ecoreport.accounts.models import Organization
from ecoreport.reports.document import figures_json
from ecoreport.reports.models import PublishedReport, Report
from ecoreport.reports.render import build, html_to_pdf, render_html


def get_or_create_report(*, org: Organization, start: datetime.date, end: datetime.date) -> Report:
    report, _ = Report.objects.get_or_create(organization=org, period_start=start, period_end=end)
    return report


def latest_version(report: Report | None) -> PublishedReport | None:
    if report is None or report.pk is None:
        return None
    return report.versions.order_by("-version").first()


@transaction.atomic
def publish_report(*, org: Organization, start: datetime.date, end: datetime.date, user=None) -> PublishedReport:
    """Render the current data as a new version; earlier versions are never touched.

    The row of the report is locked so two administrators publishing at once get versions
    n and n+1 instead of a unique-constraint error.
    """
    report = get_or_create_report(org=org, start=start, end=end)
    report = Report.objects.select_for_update().get(pk=report.pk)
    document = build(org, start, end)
    html = render_html(document)
    pdf = html_to_pdf(html)
    if not report.title:
        report.title = document.title
        report.save(update_fields=["title"])
    previous = latest_version(report)
    return PublishedReport.objects.create(
        report=report,
        version=(previous.version if previous else 0) + 1,
        published_by=user,
        figures=figures_json(document.figures),
        data_fingerprint=document.fingerprint,
        html=html,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
