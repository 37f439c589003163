"""A query's rows exactly as the database driver returned them, before Django's per-value converters.

Two users need that: the data fingerprint hashes the rows as the database sent them (so a figure's
digest does not depend on how Django would convert a value), and the vectorised arithmetic reads
whole columns into NumPy without building a Decimal per value. This is the one place that
reaches into Django's SQL compiler.
"""

from __future__ import annotations

from django.db.models.sql.constants import MULTI


class RawRows:
    """A values() query's rows as the database sent them, converted to Python values on demand."""

    def __init__(self, queryset) -> None:
        query = queryset.query
        self._compiler = query.get_compiler(using=queryset.db)
        chunks = self._compiler.execute_sql(MULTI)
        self.raw: list[tuple] = [] if chunks is None else [row for chunk in chunks for row in chunk]
        self.names: list[str] = [*query.extra_select, *query.values_select, *query.annotation_select]

    def dicts(self) -> list[dict]:
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self._compiler.results_iter(results=[self.raw])]
