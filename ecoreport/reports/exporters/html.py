"""The document as standalone print HTML (GB/T 9704 page CSS): what the PDF is made from."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename, made_at, page_mark
from ecoreport.reports.fonts import Face, faces_in_use, faces_summary

MIMETYPE = "text/html; charset=utf-8"
TEMPLATE = "reports/pdf.html"


@cache
def print_engine() -> Engine:
    """The print HTML's own template engine: the project's templates with the built-in tags only,
    which is all they use, so the first PDF of a process does not import every app's template tag
    libraries as the project's engine does (about a tenth of a second of a whole ``render_report``)."""
    return Engine(dirs=[str(Path(settings.BASE_DIR) / "templates")], debug=settings.DEBUG)


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
    return print_engine().get_template(TEMPLATE).render(Context(context))


def render(
    document: ReportDocument, *, version: int | None = None, generated_at: datetime.datetime | None = None
) -> Export:
    """``version``: the published version number, None for a draft; ``generated_at``: now unless given."""
    html = render_html(document, version=version, generated_at=generated_at)
    return Export(document_filename(document, "html", version=version), MIMETYPE, html.encode())
