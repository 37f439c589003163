"""Plug the resources and formats into the admin's spreadsheet screens (see ``ecoreport.audit.spreadsheets``)."""

from __future__ import annotations

from ecoreport.audit import spreadsheets


def install() -> None:
    spreadsheets.install(load)


def load() -> spreadsheets.Spreadsheets:
    """The importer, imported on first use: django-import-export's formats import openpyxl."""
    from ecoreport.importing.formats import SpreadsheetFormat, XlsxExportFormat
    from ecoreport.importing.full_exports import FULL_EXPORTS
    from ecoreport.importing.reading import SpreadsheetRefused, check_upload_size
    from ecoreport.importing.resources import RESOURCES

    return spreadsheets.Spreadsheets(
        resources={resource._meta.model: resource for resource in RESOURCES.values()},
        import_format=SpreadsheetFormat,
        export_format=XlsxExportFormat,
        refusal=SpreadsheetRefused,
        check_upload=check_upload_size,
        full_exports=FULL_EXPORTS,
    )
