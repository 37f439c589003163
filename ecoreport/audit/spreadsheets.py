"""The port through which the admin's spreadsheet screens reach the importer.

The admin base classes live in this low layer so that every app's admin can use them, while the
importer sits above the domain apps it imports into. The importing app plugs itself in here when
Django starts (``ImportingConfig.ready``), so no module here imports it.
"""

from __future__ import annotations

from typing import Any, Protocol


class SpreadsheetBackend(Protocol):
    def kind_for(self, model) -> Any | None: ...

    def plan_file(self, kind_name: str, file, *, user=None, file_name: str = "") -> Any: ...

    def import_file(self, kind_name: str, file, *, user=None, file_name: str = "", source: str = "admin") -> Any: ...

    def export(self, kind_name: str, queryset) -> tuple[str, str, bytes]: ...


_backend: SpreadsheetBackend | None = None


def register_backend(backend: SpreadsheetBackend) -> None:
    global _backend
    _backend = backend


def backend() -> SpreadsheetBackend:
    if _backend is None:
        raise RuntimeError("no spreadsheet importer is installed (is ecoreport.importing in INSTALLED_APPS?)")
    return _backend
