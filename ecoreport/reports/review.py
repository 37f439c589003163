"""拟稿 → 核稿 → 签发: staff submit a draft, a 领导 or administrator signs it off or sends it back.

Submitting freezes the draft: its content digest and figures are recorded, and signing off
publishes only that content (``publish_report(expected_digest=…)``). Each step is a
``ReportEvent``; the latest one is the report's state. Every step locks the report's row
(``lock_report``), so a double click is answered once and the second time refused.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from ecoreport.accounts.models import Organization
from ecoreport.accounts.roles import LEADERSHIP, is_administrator, role_of
from ecoreport.reports.digest import figures_json
from ecoreport.reports.models import PublishedReport, Report, ReportEvent
from ecoreport.reports.queries import load_document
from ecoreport.reports.services import PublishRefused, check_publishable, lock_report, publish_report

Action = ReportEvent.Action


class ReviewRefused(PublishRefused):
    """The step is not allowed now; ``str()`` says why, for staff."""


def can_sign_off(user) -> bool:
    """The one rule for who signs off or sends back a report: a 领导 or an administrator."""
    return is_administrator(user) or role_of(user) == LEADERSHIP


def can_submit(user) -> bool:
    """Who submits a draft for review: those who write its text (数据录入) and administrators."""
    return is_administrator(user) or user.has_perm("reports.add_reportsection")


def pending_submission(report: Report | None) -> ReportEvent | None:
    """The submission waiting for sign-off, if the report's latest step is one."""
    if report is None or report.pk is None:
        return None
    latest = report.events.order_by("-at", "-pk").first()
    return latest if latest is not None and latest.action == Action.SUBMIT else None


@transaction.atomic
def submit_for_review(*, org: Organization, start: datetime.date, end: datetime.date, user) -> ReportEvent:
    report = lock_report(org=org, start=start, end=end)
    if pending_submission(report) is not None:
        raise ReviewRefused("本期总结已提交审核，等待签发或退回。")
    document = load_document(org, start, end)
    digest = check_publishable(report, document)
    return ReportEvent.objects.create(
        report=report, action=Action.SUBMIT, user=user, content_digest=digest, figures=figures_json(document.figures)
    )


def sign_off(*, org: Organization, start: datetime.date, end: datetime.date, user) -> PublishedReport:
    """Publish exactly the submitted content; refused when nothing is waiting or the content moved."""
    with transaction.atomic():
        report = lock_report(org=org, start=start, end=end)
        submission = pending_submission(report)
        if submission is None:
            raise ReviewRefused("没有等待签发的送审稿（可能已签发或已退回）。")
        version = publish_report(org=org, start=start, end=end, user=user, expected_digest=submission.content_digest)
        ReportEvent.objects.create(
            report=report, action=Action.SIGN, user=user, content_digest=submission.content_digest, version=version
        )
        return version


@transaction.atomic
def send_back(*, org: Organization, start: datetime.date, end: datetime.date, user, comment: str) -> ReportEvent:
    report = lock_report(org=org, start=start, end=end)
    if pending_submission(report) is None:
        raise ReviewRefused("没有等待审核的送审稿，无需退回。")
    if not comment.strip():
        raise ReviewRefused("退回修改请写明意见。")
    return ReportEvent.objects.create(report=report, action=Action.RETURN, user=user, comment=comment.strip())
