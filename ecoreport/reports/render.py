"""One renderer for the web view, the PDF download, publishing and ``render_report``."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from ecoreport.accounts.models import Organization
from ecoreport.figures.compute import compute_figures
from ecoreport.reports.document import ReportDocument, build_document


def build(org: Organization, start: datetime.date, end: datetime.date) -> ReportDocument:
    """The document of ``org`` for the period, from one ``compute_figures`` call."""
    return build_document(org, compute_figures(org, start, end))


def render_html(document: ReportDocument) -> str:
    """The standalone print HTML (GB/T 9704 page CSS) that the PDF is made from."""
    return render_to_string("reports/pdf.html", {"document": document})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base_url: the document is self-contained (inline CSS and SVG), so nothing is fetched.
    return HTML(string=html).write_pdf()


def render_pdf(document: ReportDocument) -> bytes:
    return html_to_pdf(render_html(document))
