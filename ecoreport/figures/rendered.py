"""A ``values()`` row rendered by PostgreSQL exactly as Python's ``repr`` of its dict.

The data fingerprint hashes ``repr`` of each input row (``memo.Fingerprint``). For the water
samples, tens of thousands of rows of two dozen Decimals, rendering that text in Python (a
Decimal per value from the driver, then its repr) costs more than fetching the rows; PostgreSQL
renders the same text in the query, and the figures read the values as floats beside it.

The text is the one ``repr`` gives for the row the driver would have sent: an integer as its
digits, a date as ``datetime.date(Y, M, D)``, a numeric as ``Decimal('…')`` around PostgreSQL's
own output of it (the string psycopg hands to ``Decimal``, which keeps it as written: a numeric
column's scale is at most six, so no exponent appears), NULL as ``None``.
``tests/figures/test_rendered_rows.py`` checks it against ``repr`` on stored rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models.expressions import RawSQL

_MAX_PLAIN_SCALE = 6  # str(Decimal) turns to an exponent below 1E-6


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _value_sql(field: models.Field, column: str) -> str:
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        parts = ", ".join(f"date_part('{part}', {column})::int::text" for part in ("year", "month", "day"))
        text = f"'datetime.date(' || concat_ws(', ', {parts}) || ')'"
    elif isinstance(field, models.DecimalField):
        if field.decimal_places > _MAX_PLAIN_SCALE:
            raise ValueError(f"{field.name}: a scale above {_MAX_PLAIN_SCALE} renders with an exponent")
        text = f"'Decimal(''' || {column}::text || ''')'"
    elif isinstance(field, models.IntegerField | models.ForeignKey):
        text = f"{column}::text"
    else:
        raise TypeError(f"{field.name}: no rendering for {type(field).__name__}")
    return f"coalesce({text}, 'None')" if field.null else text


def python_repr(model: type[models.Model], names: list[str]) -> RawSQL:
    """An expression giving ``repr(row)`` of ``model.objects.values(*names)``'s row, on PostgreSQL;
    ``names``: concrete fields of ``model`` itself (integers, foreign keys, dates, decimals)."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    parts = []
    for name in names:
        field = model._meta.get_field(name)
        column = f"{table}.{connection.ops.quote_name(field.column)}"
        parts.append(f"{_literal(repr(name) + ': ')} || {_value_sql(field, column)}")
    return RawSQL("'{' || " + " || ', ' || ".join(parts) + " || '}'", (), output_field=models.TextField())
