"""The document as PDF: WeasyPrint on the print HTML."""

from __future__ import annotations

import contextlib
import datetime
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters.base import Export, document_filename
from ecoreport.reports.exporters.html import render_html

MIMETYPE = "application/pdf"
_CHILD = Path(__file__).with_name("pdf_child.py")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base_url: the document is self-contained (inline CSS and SVG), so nothing is fetched.
    return HTML(string=html).write_pdf()


@contextlib.contextmanager
def weasyprint_beside() -> Iterator[Callable[[str], bytes]]:
    """An ``html_to_pdf`` whose WeasyPrint is started now, in a child interpreter (``pdf_child``).

    For a process that makes one PDF and ends (``render_report``): WeasyPrint's import, about half
    a second, then runs on another core while this process computes the figures and draws the
    charts, instead of after them. The same HTML goes through the same call, so the PDF is the
    same; if the child fails, the PDF is made here. A server's worker keeps WeasyPrint imported
    and uses ``html_to_pdf``.
    """
    # -P: the script's folder (this package, whose html.py would hide the standard library's) is
    # not put on the path. stderr is this process's: WeasyPrint's warnings show as they would here.
    command = [sys.executable, "-P", str(_CHILD)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def convert(html: str) -> bytes:
        made, _ = child.communicate(html.encode())
        return made if child.returncode == 0 and made else html_to_pdf(html)

    try:
        yield convert
    finally:
        if child.poll() is None:
            child.communicate(b"")  # never used: it ends without drawing anything


def render(
    document: ReportDocument,
    *,
    version: int | None = None,
    generated_at: datetime.datetime | None = None,
    to_pdf: Callable[[str], bytes] = html_to_pdf,
) -> Export:
    """``version``: the published version number, None for a draft; ``generated_at``: now unless
    given; ``to_pdf``: WeasyPrint here unless given (``weasyprint_beside``)."""
    html = render_html(document, version=version, generated_at=generated_at)
    return Export(document_filename(document, "pdf", version=version), MIMETYPE, to_pdf(html))
