"""Spreadsheet import and export for the seven kinds of data-formats.md (see service.import_file)."""
