"""The document as standalone print HTML (GB/T 9704 page CSS): what the PDF is made from."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename, made_at, page_mark
from ecoreport.reports.fonts import Face, faces_in_use, faces_summary

MIMETYPE = "text/html; charset=utf-8"


def render_html(
    document: ReportDocument,
    *,
    version: int | None = None,
    generated_at: datetime.datetime | None = None,
    fonts: dict[str, Face] | None = None,
) -> str:
    """``fonts``: the faces to set it in (``fonts.faces_in_use()`` unless given)."""
    made = made_at(generated_at)
    fonts = faces_in_use() if fonts is None else fonts
    context = {
        "document": document,
        "fonts": fonts,
        "fonts_summary": faces_summary(fonts),
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
