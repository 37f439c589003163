"""The report's exporters, pretix-style: ``render(document, *, version=None) -> (filename, mimetype, bytes)``.

The views, publishing and ``render_report`` all go through them; ``EXPORTERS`` maps the
``render_report --format`` names to them.
"""

from ecoreport.reports.exporters import html, pdf, word
from ecoreport.reports.exporters.base import Export, export_filename

EXPORTERS = {"html": html.render, "pdf": pdf.render, "docx": word.render}

__all__ = ["EXPORTERS", "Export", "export_filename"]
