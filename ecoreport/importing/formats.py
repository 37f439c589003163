"""The file formats the admin's import and export screens offer, as django-import-export formats.

One import format for both .xlsx and .csv: the file's own bytes say which it is, and reading goes
through ``reading.read_dataset`` so that every upload meets the same guards (size, zip bombs,
column count) and the same decoding (UTF-8, BOM or GBK; Excel numbers as the decimals they show)
as the command line. One export format: the .xlsx of ``export.workbook_bytes``.
"""

from __future__ import annotations

from import_export.formats.base_formats import Format

from ecoreport.importing.export import XLSX_MIME, workbook_bytes
from ecoreport.importing.reading import read_dataset


class SpreadsheetFormat(Format):
    """.xlsx or .csv, told apart by content; ``file_name`` (when known) only sharpens the refusal of a fake .xlsx."""

    def __init__(self, encoding=None):
        self.encoding = encoding  # the admin passes one; CSV encodings are detected, not chosen
        self.file_name = ""

    def get_title(self):
        return "Excel (.xlsx) / CSV"

    def get_extension(self):
        return "xlsx"

    def can_import(self):
        return True

    def create_dataset(self, in_stream):
        return read_dataset(in_stream, self.file_name)


class XlsxExportFormat(Format):
    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return "Excel (.xlsx)"

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return XLSX_MIME

    def can_export(self):
        return True

    def export_data(self, dataset, **kwargs):
        return workbook_bytes(dataset)
