"""The one import path, used by the admin upload and by ``manage.py import_records``.

All or nothing: every row is read and checked first, with lookups loaded once, and only a file
without a single problem is written, in one transaction, together with one AuditEntry per
created or changed row and one ImportEvent naming the file and the counts. A re-import of the
same file finds every row unchanged and writes nothing but the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from ecoreport.audit import history as audit
from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.errors import RowError
from ecoreport.importing.kinds import CREATE, KINDS, UNCHANGED, UPDATE, Context, Planned, execute_many
from ecoreport.importing.reading import SpreadsheetRefused, read_table
from indicators import cells


@dataclass
class ImportResult:
    kind: str
    file_name: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    event: ImportEvent | None = None
    # What resolve() built and write() needs: the kind's lookups and the import's context.
    handler: object = field(default=None, repr=False)
    context: Context | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _match_headers(kind, headers: list[str], errors: list[RowError]) -> dict[int, str]:
    """Column index → key, by key (any case) or Chinese label; unknown or repeated columns are errors."""
    by_name = {}
    for column in kind.columns:
        by_name[column.key.lower()] = column.key
        by_name[column.label] = column.key
        by_name[column.label.lower()] = column.key
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        name = header.strip()
        key = by_name.get(name) or by_name.get(name.lower())
        if not name:
            errors.append(RowError(0, f"第 {index + 1} 列", "表头为空：每一列都需要列名"))
        elif key is None:
            allowed = "、".join(f"{c.label}（{c.key}）" for c in kind.columns)
            errors.append(RowError(0, name, f"未知的列“{name}”：{kind.label}可用的列为 {allowed}"))
        elif key in seen:
            errors.append(RowError(0, name, f"与“{seen[key]}”是同一列，不能重复"))
        else:
            found[index] = key
            seen[key] = name
    for column in kind.columns:
        if column.required and column.key not in seen:
            errors.append(RowError(0, column.label, f"缺少必需的列“{column.label}”（{column.key}）"))
    return found


def _insert_entries(entries: list[AuditEntry]) -> None:
    """Write history rows in batches (see execute_many): bulk_create's per-value preparation dominated the import."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEntry._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    at = AuditEntry._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    params = []
    for audit_entry in entries:
        params.append([at if f.name == "at" else f.get_db_prep_save(getattr(audit_entry, f.attname), connection)
                       for f in fields])  # fmt: skip
    with connection.cursor() as cursor:
        execute_many(cursor, sql, params)


def plan_file(kind_name: str, file, *, user=None, file_name: str = "") -> ImportResult:
    """Read and check a file and work out what importing it would do, writing nothing."""
    if kind_name not in KINDS:
        raise ValueError(f"unknown kind {kind_name!r}; expected one of {', '.join(KINDS)}")
    kind = type(KINDS[kind_name])()  # a fresh instance: resolve() keeps per-import lookups on it
    result = ImportResult(kind_name, file_name, dry_run=True)
    try:
        table = read_table(file, file_name)
    except SpreadsheetRefused as refusal:
        result.errors.append(RowError(0, "", str(refusal)))
        return result
    keys = _match_headers(kind, table.headers, result.errors)
    if result.errors:
        return result
    headers = {key: table.headers[index] for index, key in keys.items()}
    ctx = Context(user=user, headers=headers)
    parsers = {column.key: column.parse for column in kind.columns}
    rows = []
    for number, raw in enumerate(table.rows, start=1):
        values, ok = {}, True
        for index, cell in enumerate(raw):
            key = keys.get(index)
            if key is None:
                if not cells.is_empty(cell):
                    ctx.error(number, f"第 {index + 1} 列", "该列没有表头，数据无法归属")
                    ok = False
                continue
            try:
                values[key] = parsers[key](cell)
            except cells.CellError as problem:
                ctx.error(number, key, str(problem))
                ok = False
        for key in keys.values():
            values.setdefault(key, None)  # a short CSV line leaves trailing cells empty
        if ok:
            rows.append((number, values))
    planned = kind.resolve(rows, ctx)
    result.errors = sorted(ctx.errors, key=lambda error: (error.row, error.column))
    if result.errors:
        return result
    result.planned = planned
    for item in planned:
        if item.action == CREATE:
            result.created += 1
        elif item.action == UPDATE:
            result.updated += 1
        else:
            result.unchanged += 1
    result.handler, result.context = kind, ctx
    return result


def import_file(
    kind: str,
    file,
    *,
    user=None,
    dry_run: bool = False,
    file_name: str | None = None,
    source: str = "command",
) -> ImportResult:
    """Import a spreadsheet of one kind; nothing is written when any row has a problem or on a dry run."""
    if file_name is None:
        file_name = Path(file).name if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    result = plan_file(kind, file, user=user, file_name=file_name)
    result.dry_run = dry_run
    if dry_run or not result.ok:
        return result
    try:
        with transaction.atomic():
            result.handler.write(result.planned, result.context)
            event = ImportEvent.objects.create(
                user=user if getattr(user, "pk", None) else None,
                kind=kind,
                file_name=file_name[:255],
                source=source,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
            entries = [
                audit.entry(
                    user=user,
                    action=AuditEntry.Action.CREATE if item.action == CREATE else AuditEntry.Action.UPDATE,
                    instance=item.instance,
                    changes=item.changes,
                    import_event=event,
                )
                for item in result.planned
                if item.action != UNCHANGED
            ]
            _insert_entries(entries)
    except DatabaseError as error:
        # A constraint the checks above did not foresee (or a concurrent import): nothing was written.
        result.errors.append(RowError(0, "", f"数据库拒绝写入，已全部撤销：{error}"))
        return result
    result.event = event
    return result
