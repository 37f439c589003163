"""The document as standalone print HTML (GB/T 9704 page CSS): what the PDF is made from."""

from __future__ import annotations

from django.template.loader import render_to_string

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename

MIMETYPE = "text/html; charset=utf-8"


def render_html(document: ReportDocument) -> str:
    return render_to_string("reports/pdf.html", {"document": document})


def render(document: ReportDocument, *, version: int | None = None) -> Export:
    """``version``: the published version number; None for a draft."""
    return Export(document_filename(document, "html", version=version), MIMETYPE, render_html(document).encode())
