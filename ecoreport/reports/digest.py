"""What a document is made of, as JSON and as one SHA-256: the figures, the text and the options.

The content digest leaves out everything that only says when or as which version a file was made
(the 草稿 mark, the version line, PDF metadata), so two versions with the same content have the
same digest although their PDF bytes differ.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures
    from ecoreport.reports.document import ReportDocument, Section


def figures_json(figures: PeriodFigures) -> dict:
    """The figures as stored with a published version (Decimals and dates as strings)."""

    def convert(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(dataclasses.asdict(figures))


def _section_text(section: Section) -> list:
    return [
        section.title,
        [paragraph.text for paragraph in section.paragraphs],
        [chart.caption for chart in section.charts],
        [_section_text(child) for child in section.children],
    ]


def _text_and_options(document: ReportDocument) -> dict:
    signature = document.signature
    return {
        "title": document.title,
        "parts": [_section_text(part) for part in document.parts],
        "appendix": [[table.caption, table.header, table.rows] for table in document.appendix],
        "signature": [signature.unit, signature.date.isoformat() if signature.date else None] if signature else None,
    }


def _sha256(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def content_digest(document: ReportDocument) -> str:
    """SHA-256 of the figures, the narrative as printed and the options (appendix, 落款)."""
    figures = figures_json(document.figures)
    # The data fingerprint says which rows were read, not what they say: equal figures are equal.
    figures.pop("data_fingerprint", None)
    return _sha256({"figures": figures, **_text_and_options(document)})


def inputs_digest(document: ReportDocument) -> str:
    """Like ``content_digest`` but from the figures' input fingerprint instead of the figures: cheaper
    (no serialisation of every daily value), and at least as strict, so it keys rendered files."""
    return _sha256({"fingerprint": document.fingerprint, **_text_and_options(document)})
