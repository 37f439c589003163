"""Query rows by SQL compiled once per query shape, not once per call.

A cold county's figures spend more time having Django build the SQL of their few queries than
having the database run them. ``rows(name, build, *args)`` compiles the queryset ``build(*args)``
once per (name, database vendor, shape of the arguments: the length of each list), with
stand-in values for the arguments, and records which parameter of the SQL each argument value
became; later calls only put their own values in those places, run the SQL and apply Django's
converters to the rows, so the rows are those of ``list(build(*args))``.

The recording is checked: the queryset is compiled with two different sets of stand-in values,
and unless the SQL texts are equal and every parameter is either the same constant in both or
the stand-in of one argument value in both, the shape is marked as not reusable and every call
evaluates the queryset as usual. An argument that the queryset turns into another value (a year
of a date, a date shifted by a day) therefore makes the query uncached, never wrong.

Arguments: ints, dates, or lists of ints or dates (sets are the caller's to sort).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from ecoreport.lib.raw_rows import RawRows

# Small enough for any integer column: a lookup with a value beyond its column's range is empty.
_INT_BASES = (11_000, 21_000)
_DATE_BASES = (datetime.date(1901, 1, 1), datetime.date(1902, 1, 1))

_MAX_TEMPLATES = 1024
_lock = threading.Lock()
_templates: dict[tuple, _Template | None] = {}


class _Template:
    def __init__(self, sql: str, slots: list, compiler, names: list[str] | None) -> None:
        self.sql, self.slots, self.compiler, self.names = sql, slots, compiler, names
        # Whether a fetched row needs Django's converters (what results_iter would look up per call).
        fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        self.plain = not compiler.get_converters(fields) and not compiler.has_composite_fields(fields)


def _flat(args: tuple) -> list:
    values = []
    for arg in args:
        values.extend(arg if isinstance(arg, list) else [arg])
    return values


def _stand_ins(args: tuple, variant: int) -> tuple:
    """The arguments with each value replaced by a distinct stand-in of its type, same shape."""
    counter = iter(range(1, 1_000_000))

    def stand_in(value):
        at = next(counter)
        if isinstance(value, datetime.date):
            return _DATE_BASES[variant] + datetime.timedelta(days=at)
        if isinstance(value, int) and not isinstance(value, bool):
            return _INT_BASES[variant] + at
        raise TypeError(f"unsupported argument {value!r}")

    return tuple([stand_in(v) for v in arg] if isinstance(arg, list) else stand_in(arg) for arg in args)


def _compile(queryset: QuerySet):
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    return compiler, sql, list(params)


def _adapted(connection, value):
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _template(build: Callable[..., QuerySet], args: tuple, dicts: bool) -> _Template | None:
    try:
        first_args, second_args = _stand_ins(args, 0), _stand_ins(args, 1)
        first, second = build(*first_args), build(*second_args)
        if first.db != DEFAULT_DB_ALIAS:
            return None
        connection = connections[first.db]
        compiler, sql, params = _compile(first)
        _, other_sql, other_params = _compile(second)
    except (EmptyResultSet, FullResultSet, TypeError):
        return None
    if sql != other_sql or len(params) != len(other_params):
        return None
    places = {}
    for at, (one, two) in enumerate(zip(_flat(first_args), _flat(second_args), strict=True)):
        places[_adapted(connection, one)] = (at, _adapted(connection, two))
    slots = []
    for one, two in zip(params, other_params, strict=True):
        place = places.get(one) if isinstance(one, int | str | datetime.date) else None
        if place is not None and place[1] == two and type(one) is type(two):
            slots.append(("arg", place[0]))
        elif one == two and type(one) is type(two):
            slots.append(("const", one))
        else:
            return None
    query = first.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select] if dicts else None
    return _Template(sql, slots, compiler, names)


def rows(name: str, build: Callable[..., QuerySet], *args, dicts: bool = False, raw: bool = False) -> list:
    """``list(build(*args))`` (tuples of a ``values_list()``, or dicts of a ``values()`` when
    ``dicts``) by SQL compiled once per shape of the arguments; ``raw``: the tuples as the
    database driver sent them, before Django's converters (``ecoreport.lib.raw_rows``)."""
    shape = tuple(len(arg) if isinstance(arg, list) else type(arg).__name__ for arg in args)
    key = (name, dicts, connections[DEFAULT_DB_ALIAS].vendor, shape)
    with _lock:
        known = key in _templates
        template = _templates.get(key)
    if not known:
        template = _template(build, args, dicts)
        with _lock:
            if len(_templates) >= _MAX_TEMPLATES:  # shapes are few; never let them grow without end
                _templates.clear()
            _templates[key] = template
    if template is None:
        return RawRows(build(*args)).raw if raw else list(build(*args))
    connection = connections[DEFAULT_DB_ALIAS]
    values = _flat(args)
    params = [_adapted(connection, values[value]) if kind == "arg" else value for kind, value in template.slots]
    with connection.cursor() as cursor:
        cursor.execute(template.sql, params)
        fetched = cursor.fetchall()
    if raw:
        return fetched
    if template.plain:  # no converter: the driver's tuples are the rows
        converted = fetched
    else:
        converted = template.compiler.results_iter(results=[fetched], tuple_expected=True)
    if template.names is None:
        return list(converted)
    names = template.names
    return [dict(zip(names, row, strict=True)) for row in converted]
