"""The port through which the admin's spreadsheet screens reach the importer.

The admin base classes live in this low layer so that every app's admin can use them, while the
importer (``ecoreport.importing``: one django-import-export resource per kind of file, and the
file formats) sits above the domain apps it imports into. The importing app installs itself here
when Django starts (``ImportingConfig.ready``), so no module here imports it. It installs a loader,
called on first use, so that starting Django does not import django-import-export and openpyxl
for a command that never opens a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spreadsheets:
    resources: Mapping[type, type]  # model → its ModelResource class
    import_format: type  # django-import-export Format classes
    export_format: type
    refusal: type[Exception]  # raised when a file cannot be read at all; str() is the message for staff
    check_upload: Callable[[object], None]  # raises ``refusal`` for an upload refused before reading
    full_exports: Mapping[type, type] = field(default_factory=dict)  # model → its export-only resource


_loader: Callable[[], Spreadsheets] | None = None
_installed: Spreadsheets | None = None


def install(load: Callable[[], Spreadsheets]) -> None:
    """Register the importer: ``load()`` imports it and is called once, when it is first needed."""
    global _loader, _installed
    _loader, _installed = load, None


def installed() -> Spreadsheets:
    global _installed
    if _installed is None:
        if _loader is None:
            raise RuntimeError("no spreadsheet importer is installed (is ecoreport.importing in INSTALLED_APPS?)")
        _installed = _loader()
    return _installed


def resource_for(model) -> type | None:
    """The resource class that imports and exports ``model``, or None when it has no kind of file."""
    return installed().resources.get(model)


def full_export_for(model) -> type | None:
    """The resource of ``model``'s full data export (names, derived values, units), if it has one."""
    return installed().full_exports.get(model)


SOURCE_LABELS = {"admin": "后台导入", "command": "命令行", "demo": "演示数据"}  # ImportEvent.source as people read it


def kind_label(kind: str) -> str:
    """The Chinese name of an import kind: 空气日数据 for "air-daily"; an unknown kind as stored."""
    if _loader is None:
        return kind
    return next((resource.label for resource in installed().resources.values() if resource.kind == kind), kind)


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)
