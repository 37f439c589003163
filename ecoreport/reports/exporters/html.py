"""The document as standalone print HTML (GB/T 9704 page CSS): what the PDF is made from."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename, made_at, page_mark

MIMETYPE = "text/html; charset=utf-8"


def render_html(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> str:
    made = made_at(generated_at)
    context = {
        "document": document,
        "page_mark": page_mark(version, made),
        "signature_lines": document.signature.lines(made.date()),
    }
    return render_to_string("reports/pdf.html", context)


def render(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> Export:
    """``version``: the published version number, None for a draft; ``generated_at``: now unless given."""
    html = render_html(document, version=version, generated_at=generated_at)
    return Export(document_filename(document, "html", version=version), MIMETYPE, html.encode())
