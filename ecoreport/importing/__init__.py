"""Spreadsheet import and export for the seven kinds of data-formats.md, on django-import-export."""
