"""Shared helpers for the report tests: render once, read the PDF back with pypdf."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

H1_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
_cache: dict[tuple, bytes] = {}


def seed_pdf(org) -> bytes:
    """The demo's 2022 H1 PDF, rendered once per test session (the tests roll back their changes)."""
    from ecoreport.reports.exporters import pdf
    from ecoreport.reports.queries import load_document

    key = (org.code, *H1_2022)
    if key not in _cache:
        _cache[key] = pdf.render(load_document(org, *H1_2022)).content
    return _cache[key]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks removed: WeasyPrint breaks lines anywhere in Chinese running text."""
    return "".join(text.split())


def fonts(pdf: bytes) -> dict[str, dict]:
    """Every font used on any page, by BaseFont name, with its descriptor's keys."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, dict] = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            keys = set()
            for descriptor in descriptors:
                if descriptor is not None:
                    keys |= set(descriptor.get_object().keys())
            found[str(font["/BaseFont"])] = {"subtype": str(font["/Subtype"]), "descriptor_keys": keys}
    return found
