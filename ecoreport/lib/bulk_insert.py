"""Many rows of one table written at about the speed of the database: imports and their history.

Django's ``bulk_create`` runs every value of every row through its field and compiles the batch's
statement in Python: for a year of a city's daily air records that was most of the write. Here
each column is converted in one pass, with the conversion chosen once per field, and:

- on PostgreSQL the rows go into a temporary table with ``COPY`` and from there into the table
  with one ``INSERT … SELECT`` (``ON CONFLICT … DO UPDATE`` for corrections) ``RETURNING`` the ids;
- on SQLite one ``INSERT`` (``… ON CONFLICT DO UPDATE``) runs over all rows with ``executemany``,
  and the ids of the rows are read back by key in one query.

The values written are those Django would send (a Decimal as its text, a date in ISO form, an
aware datetime as the backend adapts it, JSON dumped with the field's encoder), so a record reads
back the same whichever path wrote it. Database triggers (data versions) see these statements
like any other; ``save()`` and signals do not run, so callers refresh what they would have.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import attrgetter

from django.db import connection, models

NULL = "\\N"  # COPY's text format
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NUMBERS = (int, Decimal)  # their text needs no escaping
STAGED = "ecoreport_bulk_rows"  # the temporary table of one write


def insert(
    model: type[models.Model],
    instances: Sequence[models.Model],
    *,
    key: Sequence[str] = (),
    update: Sequence[str] | None = None,
) -> None:
    """Write ``instances`` of ``model`` (every concrete field but the primary key) and set their ids.

    ``update`` None: every row is new, and a row whose ``key`` (the field names of a unique
    constraint) is already stored fails the statement with an IntegrityError. ``update`` a list of
    field names: an upsert on ``key`` that sets those fields of the rows already stored. The ids
    are found by ``key``; without one they stay unset.
    """
    if not instances:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    rows = list(map(_getter([field.attname for field in fields]), instances))
    ids = insert_rows(model, [field.name for field in fields], rows, key=key, update=update)
    if key:
        key_of = _getter([model._meta.get_field(name).attname for name in key])
        pk = model._meta.pk.attname
        for instance in instances:
            setattr(instance, pk, ids.get(key_of(instance)))


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    key: Sequence[str] = (),
    update: Sequence[str] | None = None,
) -> dict[tuple, int]:
    """Write ``rows`` (Python values of the fields ``names``, in that order) into ``model``'s table.

    ``key`` and ``update`` as for ``insert``. Returns the ids of the rows by the values of their
    key (as the database returns them), or {} without a key.
    """
    if not rows:
        return {}
    fields = [model._meta.get_field(name) for name in names]
    columns = list(zip(*rows, strict=True))
    key_fields = [model._meta.get_field(name) for name in key]
    if connection.vendor == "postgresql":
        texts = [_copy_column(field, column) for field, column in zip(fields, columns, strict=True)]
        return _postgresql(model, fields, texts, key_fields, update)
    values = [_sqlite_column(field, column) for field, column in zip(fields, columns, strict=True)]
    key_columns = [columns[names.index(name)] for name in key]
    return _sqlite(model, fields, values, key_fields, update, key_columns)


def copy_rows(table: str, columns: Sequence[str], texts: Sequence[Sequence[str]]) -> None:
    """PostgreSQL ``COPY`` of columns already in its text format (``copy_text``), one list per column."""
    quote = connection.ops.quote_name
    buffer = io.StringIO("".join(f"{line}\n" for line in map("\t".join, zip(*texts, strict=True))))
    statement = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(statement, buffer)


def copy_text(value: object) -> str:
    """One value in COPY's text format: NULL as \\N, booleans as t/f, backslashes and line ends escaped."""
    if value is None:
        return NULL
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, _NUMBERS):
        return str(value)
    return str(value).translate(_COPY_ESCAPES)


def _copy_column(field: models.Field, column: Sequence[object]) -> list[str]:
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return [NULL if value is None else copy_text(json.dumps(value, cls=encoder)) for value in column]
    if isinstance(field, models.DateField):  # DateTimeField too: ISO form, with the offset when aware
        return _each_distinct(column, lambda value: value.isoformat(), NULL)
    return [copy_text(value) for value in column]


def _sqlite_column(field: models.Field, column: Sequence[object]) -> Sequence[object]:
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return [None if value is None else json.dumps(value, cls=encoder) for value in column]
    if isinstance(field, models.DateTimeField):
        return _each_distinct(column, connection.ops.adapt_datetimefield_value, None)
    if isinstance(field, models.DateField):
        return _each_distinct(column, connection.ops.adapt_datefield_value, None)
    if isinstance(field, models.DecimalField):
        return [None if value is None else str(value) for value in column]  # as Django's adapter sends it
    return column


def _each_distinct(column: Sequence[object], convert: Callable[[object], object], null: object) -> list:
    """``convert`` of each value, called once per distinct value (a year of rows has 365 dates)."""
    done: dict[object, object] = {None: null}
    out = []
    for value in column:
        if value not in done:
            done[value] = convert(value)
        out.append(done[value])
    return out


def _postgresql(model, fields, texts, key_fields, update) -> dict[tuple, int]:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [field.column for field in fields]
    names = ", ".join(quote(column) for column in columns)
    statement = f"INSERT INTO {table} ({names}) SELECT {names} FROM {STAGED}"
    if update is not None:
        statement += f" ON CONFLICT ({_names(key_fields)}) DO UPDATE SET {_sets(model, update, 'EXCLUDED')}"
    if key_fields:
        statement += f" RETURNING {quote(model._meta.pk.column)}, {_names(key_fields)}"
    with connection.cursor() as cursor:
        # Typed like the table's columns; dropped below, and with the transaction in any case.
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGED} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA")
        copy_rows(STAGED, columns, texts)
        cursor.execute(statement)
        found = cursor.fetchall() if key_fields else []
        cursor.execute(f"DROP TABLE {STAGED}")
    return {tuple(row[1:]): row[0] for row in found}


def _sqlite(model, fields, values, key_fields, update, key_columns) -> dict[tuple, int]:
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    statement = f"INSERT INTO {table} ({_names(fields)}) VALUES ({marks})"
    if update is not None:
        statement += f" ON CONFLICT ({_names(key_fields)}) DO UPDATE SET {_sets(model, update, 'excluded')}"
    with connection.cursor() as cursor:
        cursor.executemany(statement, list(zip(*values, strict=True)))
    if not key_fields:
        return {}
    # The ids by key, read back in one query over the keys' ranges (a few more stored rows at most).
    ranges = {}
    for field, column in zip(key_fields, key_columns, strict=True):
        ranges[f"{field.attname}__gte"], ranges[f"{field.attname}__lte"] = min(column), max(column)
    found = model._base_manager.filter(**ranges).values_list("pk", *(field.attname for field in key_fields))
    return {tuple(row[1:]): row[0] for row in found}


def _names(fields) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _sets(model, update: Sequence[str], new: str) -> str:
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in update]
    return ", ".join(f"{quote(column)} = {new}.{quote(column)}" for column in columns)


def _getter(names: Sequence[str]) -> Callable[[object], tuple]:
    """attrgetter that always returns a tuple, for one name too."""
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda instance: (get(instance),)
    return attrgetter(*names)
