"""The document as PDF: WeasyPrint on the print HTML."""

from __future__ import annotations

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename
from ecoreport.reports.exporters.html import render_html

MIMETYPE = "application/pdf"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base_url: the document is self-contained (inline CSS and SVG), so nothing is fetched.
    return HTML(string=html).write_pdf()


def render(document: ReportDocument, *, version: int | None = None) -> Export:
    """``version``: the published version number; None for a draft."""
    return Export(document_filename(document, "pdf", version=version), MIMETYPE, html_to_pdf(render_html(document)))
