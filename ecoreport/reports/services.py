"""Publishing: freeze a report version with its figures, PDF bytes and their SHA-256."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.reports.exporters import html, pdf
from ecoreport.reports.models import PublishedReport, Report
from ecoreport.reports.queries import load_document

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures


class PublishRefused(ValueError):
    """The document cannot be published as it stands; ``str()`` says why, for staff."""


def get_or_create_report(*, org: Organization, start: datetime.date, end: datetime.date) -> Report:
    report, _ = Report.objects.get_or_create(organization=org, period_start=start, period_end=end)
    return report


def latest_version(report: Report | None) -> PublishedReport | None:
    if report is None or report.pk is None:
        return None
    return report.versions.order_by("-version").first()


def figures_json(figures: PeriodFigures) -> dict:
    """The figures as stored with a published version (Decimals and dates as strings)."""

    def convert(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(dataclasses.asdict(figures))


@transaction.atomic
def publish_report(*, org: Organization, start: datetime.date, end: datetime.date, user=None) -> PublishedReport:
    """Render the current data as a new version; earlier versions are never touched.

    The row of the report is locked so two administrators publishing at once get versions
    n and n+1 instead of a unique-constraint error.
    """
    report = get_or_create_report(org=org, start=start, end=end)
    report = Report.objects.select_for_update().get(pk=report.pk)
    document = load_document(org, start, end)
    if document.unresolved:
        # A placeholder without a value must never be printed: neither a marker nor a guess.
        raise PublishRefused(f"正文中有未能填入的占位符，不能发布：{'、'.join(document.unresolved)}")
    previous = latest_version(report)
    number = (previous.version if previous else 0) + 1
    made = timezone.now()
    rendered = pdf.render(document, version=number, generated_at=made).content
    if not report.title:
        report.title = document.title
        report.save(update_fields=["title"])
    return PublishedReport.objects.create(
        report=report,
        version=number,
        published_by=user,
        figures=figures_json(document.figures),
        data_fingerprint=document.fingerprint,
        html=html.render(document, version=number, generated_at=made).content.decode(),
        pdf=rendered,
        sha256=hashlib.sha256(rendered).hexdigest(),
    )
