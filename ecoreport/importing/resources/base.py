"""What every kind's django-import-export resource shares.

A row goes through ``Resource.import_row`` like this:

1. ``before_import_row``: each cell through its column's widget, i.e. an ``indicators.cells``
   parser (exact decimals, plausible ranges, dates, choices), once.
2. ``get_or_init_instance``: the stored record from the instance loader, which reads every record
   the file names in one query (``CachedInstanceLoader``, or ``KeyedInstanceLoader`` for keys of
   several columns); a row it does not know gets a new instance without a query.
3. ``import_instance``: a row with a cell that cannot be read stops here, with every such cell
   named; else the kind's ``check``: empty required cells, unknown codes, dates in the future, a key
   repeated from an earlier row, the organisation rule, status moves (``tasks.services``). Values
   are assigned to the record only when the row passes.
4. ``skip_row``: our own diff of the record against what is stored (``skip_diff`` turns the
   library's off); a row that changes nothing is skipped and counted as unchanged.
5. ``save_instance``: row by row for the small kinds, in bulk for monitoring data.

``import_data`` always runs in one transaction and rolls it back on any bad row, whoever calls it
(the admin, the command, a script): all or nothing. ``after_import`` writes, for a clean file that
is not a dry run, one ``ImportEvent`` (with the file's SHA-256 and size, when the dataset came from
``reading.read_dataset``) and one ``AuditEntry`` per created or changed row, all written in one
statement (``ecoreport.audit.history.record_import``).

Problems read as ``RowError(row, column as written in the file, message)``, sorted by row and
column; a problem with the header (unknown, repeated or missing columns) stops the file before any
row is read and keeps the order in which the header was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader, ModelInstanceLoader
from import_export.results import Result, RowResult

from ecoreport.audit import history as audit
from ecoreport.audit import locks, walls
from ecoreport.audit.models import ImportEvent
from ecoreport.importing.errors import RowError
from ecoreport.importing.reading import CELL_MAX_CHARS, SpreadsheetRefused
from ecoreport.importing.resources import limits
from indicators import cells

CREATE, UPDATE = "create", "update"
QUOTE_CHARS = 50  # how much of a cell an error message quotes
MESSAGE_MAX_CHARS = 300
DUPLICATE = "另一次写入同时新增了相同的记录，本次未写入任何数据：请重新导入，已有的记录会按更新处理"


def quoted(cell: str) -> str:
    """A cell as an error message quotes it: at most QUOTE_CHARS characters, then "…"."""
    return cell if len(cell) <= QUOTE_CHARS else f"{cell[:QUOTE_CHARS]}…"


def short(message: str) -> str:
    """A problem's message, bounded whatever cell it quotes."""
    return message if len(message) <= MESSAGE_MAX_CHARS else f"{message[:MESSAGE_MAX_CHARS]}…"


class CellWidget(widgets.Widget):
    """Reads a cell with an ``indicators.cells`` parser; exports the value itself, for ``export.py`` to type."""

    def __init__(self, parse, render=None):
        super().__init__(coerce_to_string=False)
        self.parse = parse
        self.to_cell = render

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)  # a CellError is a ValueError: the problem of this cell

    def render(self, value, obj=None, **kwargs):
        if self.to_cell is not None:
            return self.to_cell(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return value


class Column(fields.Field):
    """One column of a kind's file: its key (English) and its label (Chinese, the header exports write).

    ``attribute`` is what an export reads off a record (``station__code``). Imports assign values in
    the kind's ``check``, after its rules, so that a row breaking one leaves the record as it was.
    ``limit`` is the model field whose limits a cell is held to (``limits``), when not ``attribute``.
    """

    def __init__(self, key: str, label: str, parse, *, attribute=None, required=False, render=None, limit=None):
        super().__init__(attribute=attribute or key, column_name=label, widget=CellWidget(parse, render))
        self.key = key
        self.label = label
        self.required = required
        self.limit = limit or self.attribute


def choice_column(key: str, label: str, choices, *, attribute: str | None = None, required: bool = False) -> Column:
    """A column of choices, read by label or key and exported by label."""
    labels = {value: str(text) for value, text in choices}
    parse = cells.choice_parser(choices, label)
    return Column(key, label, parse, attribute=attribute, required=required, render=lambda v: labels.get(v, v))


def required_cells(values: dict, *keys: str) -> dict[str, str]:
    """Problems of the cells that must hold something and are empty."""
    return {key: "不能为空" for key in keys if key in values and values[key] is None}


def repeated(first_row: int, what: str) -> str:
    return f"与第 {first_row} 行重复：{what}在一个文件中只能出现一次"


def changes_between(before: dict | None, after: dict) -> dict:
    """History's changes: every value of a new record, or the fields whose value changed."""
    if before is None:
        return {name: [None, value] for name, value in after.items() if value not in (None, "")}
    return audit.diff(before, after)


class HeaderProblems(Exception):
    """Problems of the header row: the file stops before any data row is read."""

    def __init__(self, problems: list[RowError]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Planned:
    """A row that creates or changes a record, with the changes its history entry will hold."""

    row: int
    action: str  # CREATE or UPDATE
    instance: object
    changes: dict = field(default_factory=dict)


HEADER_ROW = 1  # the spreadsheet row a problem of the header is in


def sheet_row(dataset, index: int) -> int:
    """The spreadsheet's row number of the ``index``-th data row (django-import-export counts from 1).

    A file read by ``read_dataset`` knows it (blank lines leave gaps); a dataset built in code has
    its header in row 1 and no gaps.
    """
    numbers = getattr(dataset, "sheet_rows", None)
    return numbers[index - 1] if numbers else index + HEADER_ROW


@dataclass
class RowState:
    """What the hooks of one row hand each other."""

    number: int  # the spreadsheet's row number, which every message names
    index: int  # django-import-export's count of data rows, which its result records
    values: dict  # column key → the cell as read
    problems: dict  # column as written → [why its cell cannot be read]
    instance: object = None
    new: bool = True
    before: dict | None = None
    unchanged: bool = False  # known without a diff (monitoring rows whose values all match)
    changes: dict = field(default_factory=dict)
    stored_organization: int | None = None  # the organisation a stored record belonged to before the row


class SheetResult(Result):
    """django-import-export's result, plus what staff and the command read off it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = ""
        self.file_name = ""
        self.dry_run = False
        self.planned: list[Planned] = []
        self.event: ImportEvent | None = None
        self.dataset = None  # what was imported, for the spreadsheet's row numbers

    @property
    def problems(self) -> list[RowError]:
        found = []
        for error in self.base_errors:
            if isinstance(error.error, HeaderProblems):
                return list(error.error.problems)
            found.append(_problem(error.error, 0))
        for error_row in self.error_rows:
            row = sheet_row(self.dataset, error_row.number)
            found.extend(_problem(error.error, row) for error in error_row.errors)
        for invalid in self.invalid_rows:
            row = sheet_row(self.dataset, invalid.number)
            for column, messages in invalid.error_dict.items():
                found.extend(RowError(row, column, message) for message in messages)
        return sorted(found, key=lambda problem: (problem.row, problem.column))

    @property
    def ok(self) -> bool:
        return not (self.base_errors or self.error_rows or self.invalid_rows)

    @property
    def created(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_NEW]

    @property
    def updated(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_UPDATE]

    @property
    def unchanged(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_SKIP]


def _problem(error: Exception, row: int) -> RowError:
    if isinstance(error, SpreadsheetRefused):
        return RowError(0, "", str(error))
    if isinstance(error, locks.WriterBusy):
        return RowError(0, "", str(error))
    if isinstance(error, DatabaseError):  # the transaction is undone whatever the error
        if locks.is_duplicate(error):  # a writer that did not take its turn (``ecoreport.audit.locks``)
            return RowError(row, "", DUPLICATE)
        if locks.is_busy(error):
            return RowError(row, "", str(locks.WriterBusy()))
        return RowError(row, "", f"数据库拒绝写入，已全部撤销：{error}")  # a constraint the checks did not foresee
    raise error  # anything else is a bug: let it be seen, not read as a problem of the file


IN_ERROR = 3  # a PostgreSQL transaction after a failed statement (TRANSACTION_STATUS_INERROR, psycopg 2 and 3)


def _transaction_failed() -> bool:
    """Whether the database refuses every statement until a rollback (PostgreSQL, after an error)."""
    info = getattr(connection.connection, "info", None)
    return getattr(info, "transaction_status", None) == IN_ERROR


class KeyedInstanceLoader(ModelInstanceLoader):
    """``CachedInstanceLoader`` for a key of several columns: the stored records of the whole file in
    one query (``resource.load_existing``), found for the row being imported by ``resource.row_key``."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = resource.load_existing(dataset) if dataset else {}

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key())


class KindResource(resources.ModelResource):
    """One kind of file (data-formats.md): its columns, its rules, its history."""

    kind = ""  # the name on the command line: "air-daily"
    label = ""  # the Chinese name: "空气日数据"
    related: tuple[str, ...] = ()  # select_related for the loader and the export
    prefetch: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()  # the export's row order

    class Meta:
        use_transactions = True
        skip_diff = True  # history keeps its own diff (skip_row), with values as staff typed them
        instance_loader_class = CachedInstanceLoader
        fields = ()

    def get_result_class(self):
        return SheetResult

    def get_queryset(self):
        return self.filter_export(self._meta.model.objects.all())

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.select_related(*self.related).order_by(*self.ordering)
        return queryset.prefetch_related(*self.prefetch) if self.prefetch else queryset

    def after_export(self, queryset, dataset, **kwargs):
        dataset.title = self.label

    @classmethod
    def columns(cls) -> list[Column]:
        return [cls.fields[name] for name in cls._meta.import_order]

    # ------------------------------------------------------------------ the import

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """All or nothing, whoever calls: one transaction, rolled back on any bad row or on a dry run."""
        self.dry_run = dry_run
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )
        result.kind, result.file_name, result.dry_run = self.kind, kwargs.get("file_name") or "", dry_run
        result.planned, result.dataset = self.planned, dataset
        return result

    def handle_import_error(self, result, error, raise_errors=False):
        """A write the database refused is a problem of the file; a raw statement (a COPY) that failed
        left no mark on Django's transaction, so mark it: the enclosing savepoint is then undone,
        not released, and the import goes on to report it (the whole file is rolled back)."""
        if isinstance(error, DatabaseError) and connection.in_atomic_block and _transaction_failed():
            transaction.set_rollback(True)
        super().handle_import_error(result, error, raise_errors)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.visible = walls.visible_ids(self.user)
        self.source = kwargs.get("source", "command")
        self.unheaded = getattr(dataset, "unheaded", {})
        self.dataset = dataset
        self.planned: list[Planned] = []
        self.first_rows: dict = {}  # a row's key → the first row that had it
        self.now = timezone.now()
        self.headers = self._match_headers(dataset)
        self.import_columns = self.get_import_fields()  # the library orders them anew on each call
        self.limit_fields = {column.key: limits.field_at(self._meta.model, column.limit) for column in self.columns()}
        try:  # this import's turn among the writers of these records, before it reads any of them
            locks.for_import(self._meta.model, self.user, what=self.label)
        except locks.WriterBusy:
            del dataset[0 : len(dataset)]  # no row is read
            raise
        self.prepare()

    def prepare(self) -> None:
        """Load what the kind's checks look up, once per file."""

    @classmethod
    def header_names(cls) -> dict[str, Column]:
        """Every header a column may be named by: its key (any case), its label, and the labels the
        admin shows for its field (the verbose name, with or without the unit: 站点, O3 日最大8小时).

        A field that several columns read (a batch's organisation, a ledger's area) gives no alias,
        and an alias never takes a name that is another column's key or label.
        """
        columns = cls.columns()
        by_name: dict[str, Column] = {}
        for column in columns:
            by_name[column.key.lower()] = column
            by_name[column.label] = column
            by_name[column.label.lower()] = column
        heads = [column.attribute.split("__")[0] for column in columns]
        for column, head in zip(columns, heads, strict=True):
            if heads.count(head) > 1:
                continue
            try:
                verbose = str(cls._meta.model._meta.get_field(head).verbose_name)
            except FieldDoesNotExist:
                continue
            for alias in (verbose, verbose.split(" (")[0], verbose.split("（")[0]):
                alias = alias.strip()
                by_name.setdefault(alias, column)
                by_name.setdefault(alias.lower(), column)
        return by_name

    def _match_headers(self, dataset) -> dict[str, str]:
        """Key → the header as written; the dataset's headers become the labels the columns read.

        A header may be a column's key (any case) or its label. Empty, unknown and repeated headers
        and missing required columns are problems of the whole file: no row is read.
        """
        columns = self.columns()
        by_name = self.header_names()
        problems, written, labels = [], {}, []
        for index, header in enumerate(dataset.headers or []):
            name = str(header).strip()
            column = by_name.get(name) or by_name.get(name.lower())
            labels.append(column.label if column else name)
            if not name:
                problems.append(RowError(HEADER_ROW, f"第 {index + 1} 列", "表头为空：每一列都需要列名"))
            elif column is None:
                allowed = "、".join(f"{c.label}（{c.key}）" for c in columns)
                problems.append(RowError(HEADER_ROW, name, f"未知的列“{name}”：{self.label}可用的列为 {allowed}"))
            elif column.key in written:
                problems.append(RowError(HEADER_ROW, name, f"与“{written[column.key]}”是同一列，不能重复"))
            else:
                written[column.key] = name
        for column in columns:
            if column.required and column.key not in written:
                problems.append(RowError(HEADER_ROW, column.label, f"缺少必需的列“{column.label}”（{column.key}）"))
        if problems:
            del dataset[0 : len(dataset)]
            raise HeaderProblems(problems)
        dataset.headers = labels
        return written

    def before_import_row(self, row, **kwargs):
        """Read every cell of the row once, through its column's widget, before the record is looked up."""
        index = kwargs["row_number"]
        problems = {f"第 {column} 列": ["该列没有表头，数据无法归属"] for column in self.unheaded.get(index, ())}
        values = {}
        for column in self.import_columns:
            if column.column_name not in row:
                continue
            cell = row[column.column_name]
            if isinstance(cell, str) and len(cell) > CELL_MAX_CHARS:  # refused before any parser copies it
                problems[self.headers[column.key]] = [
                    f"单元格内容过长（{len(cell)} 个字符，上限 {CELL_MAX_CHARS}）：{quoted(cell)}"
                ]
                continue
            try:
                value = column.widget.clean(cell)
            except ValueError as problem:
                problems[self.headers[column.key]] = [short(str(problem))]
                continue
            beyond = limits.problem(self.limit_fields[column.key], value)  # what the database would refuse
            if beyond is not None:
                problems[self.headers[column.key]] = [beyond]
            else:
                values[column.key] = value
        self.current = RowState(sheet_row(self.dataset, index), index, values, problems)

    def after_init_instance(self, instance, new, row, **kwargs):
        self.current.instance, self.current.new = instance, new
        self.current.stored_organization = None if new else walls.organization_id_of(instance)

    def import_instance(self, instance, row, **kwargs):
        """A row with a cell that cannot be read stops here; else the kind's rules, which assign the values."""
        state = self.current
        if state.problems:
            raise ValidationError(state.problems)
        found = self.check(instance, state.values, state.number) or self.outside_the_wall(instance)
        if found:
            raise ValidationError({self.headers.get(key, key): [message] for key, message in found.items()})

    def outside_the_wall(self, instance) -> dict[str, str]:
        """A row of an organisation the user may not write (``ecoreport.audit.walls``), named by the
        column that says the organisation: {} for administrators and rows of their own subtree."""
        if self.visible is None or walls.organization_path(self._meta.model) is None:
            return {}
        now = walls.organization_id_of(instance)
        if now in self.visible and self.current.stored_organization in (None, *self.visible):
            return {}
        path = walls.organization_path(self._meta.model) or ""
        head = "parent" if path == walls.SELF else path.split("__")[0]
        keys = [column.key for column in self.columns() if column.attribute.split("__")[0] == head]
        key = next((key for key in keys if key in self.headers), next(iter(self.headers), ""))
        return {key: "该行所属单位不在您的管辖范围内，不能导入"}

    def check(self, instance, values: dict, number: int) -> dict[str, str]:
        """The kind's rules for one row whose cells were read: problems by column key, or {} after
        assigning the values (and setting ``self.current.before`` for a stored record)."""
        raise NotImplementedError

    def snapshot(self, instance) -> dict:
        """The values the history compares and shows."""
        return audit.snapshot(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        state = self.current
        if state.unchanged:
            return True
        state.changes = changes_between(state.before, self.snapshot(instance))
        return not state.new and not state.changes

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            state = self.current
            self.planned.append(Planned(state.number, CREATE if state.new else UPDATE, state.instance, state.changes))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.dry_run or not result.ok:
            return
        result.event = ImportEvent.objects.create(
            user=self.user if getattr(self.user, "pk", None) else None,
            kind=self.kind,
            file_name=(kwargs.get("file_name") or "")[:255],
            source=self.source,
            sha256=getattr(dataset, "sha256", ""),
            byte_size=getattr(dataset, "byte_size", None),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
        items = [(item.action, item.instance, item.changes) for item in self.planned]
        audit.record_import(event=result.event, user=self.user, items=items)
