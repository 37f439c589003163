"""What every report exporter returns, and how its files are named."""

from __future__ import annotations

import datetime
from typing import NamedTuple


class Export(NamedTuple):
    """A rendered file, as pretix's exporters return it: ``(filename, mimetype, bytes)``."""

    filename: str
    mimetype: str
    content: bytes


def export_filename(
    code: str, start: datetime.date, end: datetime.date, extension: str, *, version: int | None = None
) -> str:
    """``360483-20220101-20220630-draft.pdf`` for a draft, ``…-v2.pdf`` for published version 2."""
    state = "draft" if version is None else f"v{version}"
    return f"{code}-{start:%Y%m%d}-{end:%Y%m%d}-{state}.{extension}"


def document_filename(document, extension: str, *, version: int | None = None) -> str:
    figures = document.figures
    return export_filename(figures.organization.code, figures.start, figures.end, extension, version=version)
