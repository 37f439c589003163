"""Publishing: freeze a report version with its figures, PDF bytes and their SHA-256."""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.reports.digest import content_digest, figures_json
from ecoreport.reports.exporters import html, pdf
from ecoreport.reports.models import PublishedReport, Report
from ecoreport.reports.queries import load_document


class PublishRefused(ValueError):
    """The document cannot be published as it stands; ``str()`` says why, for staff."""


def get_or_create_report(*, org: Organization, start: datetime.date, end: datetime.date) -> Report:
    report, _ = Report.objects.get_or_create(organization=org, period_start=start, period_end=end)
    return report


def latest_version(report: Report | None) -> PublishedReport | None:
    if report is None or report.pk is None:
        return None
    return report.versions.order_by("-version").first()


def lock_report(*, org: Organization, start: datetime.date, end: datetime.date) -> Report:
    """The period's report, its row locked until the transaction ends (call inside one).

    Every step that changes a report's state or versions takes this lock first, so two clicks or
    two people at once are served one after the other and the second sees the first's result.
    """
    report = get_or_create_report(org=org, start=start, end=end)
    return Report.objects.select_for_update().get(pk=report.pk)


def check_publishable(report: Report, document) -> str:
    """The document's content digest, or PublishRefused with the reason for staff."""
    if document.unresolved:
        # A placeholder without a value must never be printed: neither a marker nor a guess.
        raise PublishRefused(f"正文中有未能填入的占位符，不能发布：{'、'.join(document.unresolved)}")
    digest = content_digest(document)
    previous = latest_version(report)
    if previous is not None and previous.content_digest == digest:
        raise PublishRefused(f"内容与已发布的第{previous.version}版相同（数据、正文和设置均未改动），不再发布新版本。")
    return digest


@transaction.atomic
def publish_report(
    *, org: Organization, start: datetime.date, end: datetime.date, user=None, expected_digest: str | None = None
) -> PublishedReport:
    """Render the current data as a new version; earlier versions are never touched.

    The row of the report is locked so two administrators publishing at once get versions
    n and n+1 instead of a unique-constraint error; content identical to the last version is
    refused. ``expected_digest``: the content that was signed off; anything else is refused.
    """
    report = lock_report(org=org, start=start, end=end)
    document = load_document(org, start, end)
    digest = check_publishable(report, document)
    if expected_digest is not None and digest != expected_digest:
        raise PublishRefused("提交审核后数据或正文已有改动，与送审稿不一致，不能签发；请退回修改后重新提交。")
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
        content_digest=digest,
    )
