"""The report's exporters, pretix-style: ``render(document, *, version=None) -> (filename, mimetype, bytes)``.

The views, publishing and ``render_report`` all go through them; ``FORMATS`` names the
``render_report --format`` choices and ``exporter`` gives each one's ``render``.
"""

from collections.abc import Callable
from importlib import import_module

from ecoreport.reports.exporters.base import Export, export_filename

# Format → the exporter's module, imported when that format is asked for: a PDF made from the
# command line then does not import python-docx (nor a Word file WeasyPrint).
FORMATS = {"docx": "word", "html": "html", "pdf": "pdf"}


def exporter(name: str) -> Callable[..., Export]:
    return import_module(f"{__name__}.{FORMATS[name]}").render


__all__ = ["FORMATS", "Export", "export_filename", "exporter"]
