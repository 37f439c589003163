"""The document as PDF: WeasyPrint on the print HTML."""

from __future__ import annotations

import datetime

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename
from ecoreport.reports.exporters.html import render_html

MIMETYPE = "application/pdf"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base_url: the document is self-contained (inline CSS and SVG), so nothing is fetched.
    return HTML(string=html).write_pdf()


def render(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> Export:
    """``version``: the published version number, None for a draft; ``generated_at``: now unless given."""
    html = render_html(document, version=version, generated_at=generated_at)
    return Export(document_filename(document, "pdf", version=version), MIMETYPE, html_to_pdf(html))
