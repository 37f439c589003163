"""The database's limits, checked on every cell while the import is planned, the same on every database.

SQLite stores an over-long text and PostgreSQL refuses it; PostgreSQL refuses an integer out of its
column's range and SQLite overflows in the driver. Neither is a message staff can act on, and a dry
run that reaches no database says nothing. So each cell, once its column's parser has read it, is
held against the model field its column writes (``Column.limit``, by default its ``attribute``,
followed through relations: ``batch__name`` is ``InspectionBatch.name``):

- text: the field's ``max_length``;
- integers: the range Django gives the field's type (taken from Django's generic table, not from
  the connection, whose SQLite answer is "no limit");
- decimals: the field's ``max_digits`` and ``decimal_places``;
- dates, in any column: the years the pages and standards cover (``ecoreport.lib.periods``).

The limits are read off the model fields, so a migration that widens a field widens the import.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from ecoreport.lib.periods import FIRST_YEAR, LAST_YEAR

FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
QUOTE_CHARS = 50


def _quoted(value: str) -> str:
    return value if len(value) <= QUOTE_CHARS else f"{value[:QUOTE_CHARS]}…"


def field_at(model, path: str) -> models.Field | None:
    """The model field a ``a__b__c`` path ends at, following relations; None when it is no field."""
    field = None
    for name in path.split("__"):
        if field is not None:
            if field.related_model is None:
                return None
            model = field.related_model
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
    return field


@functools.lru_cache(maxsize=8192)
def _digits(value: Decimal) -> tuple[int, int]:
    """(whole digits, decimal places) of a finite decimal, trailing zeros not counted.

    A function of the number's value (1.0, 1.00 and 1E+0 give the same answer), so it is cached by
    equality: a monitoring file repeats a few hundred readings thousands of times."""
    _, digits, exponent = value.as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if digits == [0]:
        return 0, 0
    return max(len(digits) + exponent, 0), max(-exponent, 0)


def _integer_range(field: models.Field) -> tuple[int | None, int | None]:
    ranges = BaseDatabaseOperations.integer_field_ranges
    return ranges.get(field.get_internal_type(), (None, None))


def problem(field: models.Field | None, value: object) -> str | None:
    """Why ``value`` cannot be stored in ``field`` (Chinese), or None. Dates are held to the supported
    years whatever the field; a list (a cell naming several groups) is checked item by item."""
    if isinstance(value, list | tuple):
        return next((found for item in value if (found := problem(field, item)) is not None), None)
    if isinstance(value, datetime.date):
        if not FIRST_DAY <= value <= LAST_DAY:
            return f"日期 {value.isoformat()} 超出支持范围：应在 {FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()} 之间"
        return None
    if field is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            return f"内容过长（{len(value)} 个字符，上限 {limit}）：{_quoted(value)}"
        return None
    if isinstance(value, int) and isinstance(field, models.IntegerField):
        low, high = _integer_range(field)
        if (low is not None and value < low) or (high is not None and value > high):
            shown = str(value) if value.bit_length() < 128 else f"{str(value)[:20]}…"
            return f"{shown} 超出范围：应在 {low}–{high} 之间"
        return None
    if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        whole, places = _digits(value)
        whole_limit = field.max_digits - field.decimal_places
        if whole > whole_limit or places > field.decimal_places:
            return f"数值 {_quoted(str(value))} 超出范围：最多 {whole_limit} 位整数、{field.decimal_places} 位小数"
    return None
