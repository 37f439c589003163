"""The importer as the admin's spreadsheet backend (see ``ecoreport.audit.spreadsheets``)."""

from __future__ import annotations

from ecoreport.audit import spreadsheets
from ecoreport.importing import service
from ecoreport.importing.export import XLSX_MIME, export_file_name, export_workbook
from ecoreport.importing.kinds import KIND_FOR_MODEL


class ImporterBackend:
    def kind_for(self, model):
        return KIND_FOR_MODEL.get(model)

    def plan_file(self, kind_name: str, file, *, user=None, file_name: str = ""):
        return service.plan_file(kind_name, file, user=user, file_name=file_name)

    def import_file(self, kind_name: str, file, *, user=None, file_name: str = "", source: str = "admin"):
        return service.import_file(kind_name, file, user=user, file_name=file_name, source=source)

    def export(self, kind_name: str, queryset) -> tuple[str, str, bytes]:
        return export_file_name(kind_name), XLSX_MIME, export_workbook(kind_name, queryset)


def register() -> None:
    spreadsheets.register_backend(ImporterBackend())
