"""What a document is built from, fetched from the database: the one place the report queries."""

from __future__ import annotations

import datetime

from ecoreport.accounts.models import Organization
from ecoreport.figures.compute import figures_and_key
from ecoreport.reports.build import build_document
from ecoreport.reports.document import ReportDocument, Signature
from ecoreport.reports.models import Report, ReportSection
from ecoreport.reports.placeholder_names import load_vocabulary
from tasks.models import LedgerTask


def narrative_sections(org: Organization, start: datetime.date, end: datetime.date) -> list[ReportSection]:
    """The staff's text for the period, in the order the document shows it."""
    return list(
        ReportSection.objects.filter(organization=org, period_start=start, period_end=end).order_by("part", "order")
    )


def ledger_tasks(org: Organization, end: datetime.date) -> list[LedgerTask]:
    """The tasks of the period's ledger of the organization and those under it, as the appendix
    lists them: with the status each had at the period end."""
    return list(
        LedgerTask.objects.filter(area__organization_id__in=org.subtree_ids())
        .for_period(end)
        .as_of(end)
        .select_related("area", "unit")
        .order_by("area__organization__code", "area__order", "area__name", "number")
    )


def report_settings(org: Organization, start: datetime.date, end: datetime.date) -> dict:
    """What the report of the period is set to (``build_document``'s keywords): its 落款 (else the
    organization's full name, undated) and its 附件 (else all of them)."""
    report = Report.objects.filter(organization=org, period_start=start, period_end=end).first()
    if report is None:
        return {"signature": Signature(org.full_name or org.name)}
    unit = report.signature_unit or org.full_name or org.name
    return {"signature": Signature(unit, report.signature_date), "appendix": report.appendix}


def load_document(org: Organization, start: datetime.date, end: datetime.date) -> ReportDocument:
    """The document of ``org`` for the period, from one ``compute_figures`` call; its charts are
    drawn on first use, once per (organization, period, data version) in the cache the dashboard
    shares."""
    figures, period_key = figures_and_key(org, start, end)
    sections = narrative_sections(org, start, end)
    settings = report_settings(org, start, end)
    document = build_document(figures, sections, ledger_tasks(org, end), load_vocabulary(org), **settings)
    document.share_charts(period_key)
    return document
