"""What a document is built from, fetched from the database: the one place the report queries."""

from __future__ import annotations

import datetime

from ecoreport.accounts.models import Organization
from ecoreport.figures.compute import compute_figures
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


def report_signature(org: Organization, start: datetime.date, end: datetime.date) -> Signature:
    """The 落款 set for this report (unit and 成文日期), else the organization's full name, undated."""
    report = Report.objects.filter(organization=org, period_start=start, period_end=end).first()
    unit = (report.signature_unit if report else "") or org.full_name or org.name
    return Signature(unit, report.signature_date if report else None)


def load_document(org: Organization, start: datetime.date, end: datetime.date) -> ReportDocument:
    """The document of ``org`` for the period, from one ``compute_figures`` call."""
    figures = compute_figures(org, start, end)
    sections = narrative_sections(org, start, end)
    signature = report_signature(org, start, end)
    return build_document(figures, sections, ledger_tasks(org, end), load_vocabulary(org), signature=signature)
