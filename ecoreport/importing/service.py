"""The one import path for the command line, scripts and tests (the admin runs the same resources).

``import_file`` puts the hostile-file guards of ``reading`` in front of the kind's
django-import-export resource and runs its ``import_data``: all or nothing in one transaction,
every problem of the file named by row and column, one ImportEvent and the change history written
for a clean file. A re-import of the same file finds every row unchanged and writes only the event.
"""

from __future__ import annotations

from pathlib import Path

from import_export.results import Error

from ecoreport.importing.reading import SpreadsheetRefused, read_dataset
from ecoreport.importing.resources import RESOURCES, SheetResult


def import_file(
    kind: str,
    file,
    *,
    user=None,
    dry_run: bool = False,
    file_name: str | None = None,
    source: str = "command",
) -> SheetResult:
    """Import a spreadsheet (path, bytes or file object) of one kind; ``user`` None is the command line."""
    if kind not in RESOURCES:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(RESOURCES)}")
    if file_name is None:
        file_name = Path(file).name if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    resource = RESOURCES[kind]()
    try:
        dataset = read_dataset(file, file_name)
    except SpreadsheetRefused as refusal:
        result = resource.get_result_class()()
        result.kind, result.file_name, result.dry_run = kind, file_name, dry_run
        result.append_base_error(Error(refusal))
        return result
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
        user=user,
        file_name=file_name,
        source=source,
    )
