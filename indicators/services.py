"""Service functions of the monitoring data: the daily air aggregates, kept on write.

``refresh_air_aggregates`` recomputes ``AirDayAggregate`` for the organizations whose stations
changed and every organization above them, in the caller's transaction; the write paths call it
(``AirDailyRecordQuerySet`` for bulk writes, ``indicators.signals`` for saves and deletes), and
``deferred_air_aggregates`` gathers the calls of a long write (an import) into one refresh at its
end. ``rebuild_air_aggregates`` recomputes every row (``manage.py rebuild_aggregates``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum

from ecoreport.accounts.models import Organization
from ecoreport.audit import versions
from ecoreport.lib.raw_rows import RawRows
from indicators.air_days import evaluate, own_sums, primary_texts, roll_up
from indicators.models import AirDailyRecord, AirDayAggregate, AirStation
from indicators.standards.aqi import CATEGORIES, POLLUTANTS
from indicators.standards.vector import MISSING

# Up to this many dates go into an IN (...) list; more become a date range (a few extra days
# recomputed, never one missed).
_MAX_LISTED_DATES = 500

OWN_COLUMNS = [name for key in POLLUTANTS for name in (f"{key}_sum", f"{key}_n")]
_SUBTREE_COLUMNS = [*POLLUTANTS, "aqi", "category_level", "primary_pollutants", "fingerprint_row"]
_COLUMNS = ["organization_id", "date", "records", *OWN_COLUMNS, *_SUBTREE_COLUMNS]
_TEXT_COLUMNS = ["primary_pollutants", "fingerprint_row"]
_LEVELS = [category.level for category in CATEGORIES]


@dataclass
class _Pending:
    orgs: set[int] = field(default_factory=set)
    dates: set[datetime.date] | None = field(default_factory=set)  # None: every date


_pending: ContextVar[_Pending | None] = ContextVar("air_aggregates_pending", default=None)


@contextlib.contextmanager
def deferred_air_aggregates() -> Iterator[None]:
    """Inside the block, refreshes are gathered and run once when it ends without an exception."""
    if _pending.get() is not None:
        yield
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending.orgs:
        _refresh(pending.orgs, pending.dates)


def refresh_air_aggregates(
    *,
    station_ids: Iterable[int] = (),
    org_ids: Iterable[int] = (),
    dates: Iterable[datetime.date] | None = None,
) -> None:
    """Recompute the aggregates of these stations' organizations and of ``org_ids``, and of every
    organization above them, on ``dates`` (None: every date); in the caller's transaction."""
    orgs = set(org_ids)
    station_ids = set(station_ids)
    if station_ids:
        orgs |= set(AirStation.objects.filter(pk__in=station_ids).values_list("organization_id", flat=True))
    if not orgs:
        return
    wanted = None if dates is None else set(dates)
    pending = _pending.get()
    if pending is not None:
        pending.orgs |= orgs
        pending.dates = None if wanted is None or pending.dates is None else pending.dates | wanted
        return
    _refresh(orgs, wanted)


def rebuild_air_aggregates() -> int:
    """Recompute every aggregate from the station records; returns the number of rows written."""
    with transaction.atomic():
        AirDayAggregate.objects.all().delete()
        orgs = set(Organization.objects.values_list("pk", flat=True))
        written = _refresh(orgs, None)
        # Figures cached from the aggregates before (stale ones, if records were written around
        # the ORM) must not be served again.
        versions.bump(orgs)
        return written


def _refresh(orgs: set[int], dates: set[datetime.date] | None) -> int:
    tree = _Tree()
    targets = tree.with_ancestors(orgs)
    written = 0
    with transaction.atomic():
        for span in _spans(dates):
            written += _refresh_span(tree, orgs, targets, span)
    return written


def _spans(dates: set[datetime.date] | None) -> list[Q]:
    """Date filters, each small enough to hold in memory: listed dates, or one year at a time."""
    if dates is not None and len(dates) <= _MAX_LISTED_DATES:
        return [Q(date__in=sorted(dates))] if dates else []
    if dates is None:
        bounds = []
        for model in (AirDailyRecord, AirDayAggregate):
            bounds += [day for day in model.objects.aggregate(Min("date"), Max("date")).values() if day is not None]
        if not bounds:
            return []
        first, last = min(bounds), max(bounds)
    else:
        first, last = min(dates), max(dates)
    return [
        Q(date__range=(max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31))))
        for year in range(first.year, last.year + 1)
    ]


def _refresh_span(tree: _Tree, orgs: set[int], targets: set[int], span: Q) -> int:
    members = {target: tree.subtree(target) for target in targets}
    others = set().union(*members.values()) - orgs
    fresh = _own_rows_from_records(orgs, span)
    stored = RawRows(
        AirDayAggregate.objects.filter(span, organization_id__in=others, records__gt=0)
        .values_list("date", "organization_id", "records", *OWN_COLUMNS, "fingerprint_row")
        .order_by()
    ).raw
    # The fingerprint's row: (date, organization, SUM, COUNT, ...) as the database returned it.
    texts = {(row[1], row[0]): repr(row[:2] + row[3:]) for row in fresh}
    texts.update({(row[1], row[0]): row[-1] for row in stored})
    rows = fresh + [row[:-1] for row in stored]
    days = roll_up(own_sums(rows, date_at=0, org_at=1, records_at=2, sums_at=3), members)
    AirDayAggregate.objects.filter(span, organization_id__in=targets).delete()
    if not len(days):
        return 0
    own_by_key = {(row[1], row[0]): row[2:] for row in rows}
    no_own = (0, *([None, 0] * len(POLLUTANTS)))
    result = evaluate(days)
    values = [[None if v == MISSING else v for v in days.values[key].tolist()] for key in POLLUTANTS]
    aqi = [None if v == MISSING else v for v in result.aqi.tolist()]
    levels = [None if v == MISSING else _LEVELS[v] for v in result.category.tolist()]
    primaries = primary_texts(result.primary)
    dates = days.days.astype(object).tolist()
    out = []
    for i, (org, day) in enumerate(zip(days.orgs.tolist(), dates, strict=True)):
        own = own_by_key.get((org, day), no_own)
        text = texts.get((org, day), "")
        out.append((org, day, *own, *(column[i] for column in values), aqi[i], levels[i], primaries[i], text))
    _insert(out)
    return len(out)


def _own_rows_from_records(orgs: set[int], span: Q) -> list[tuple]:
    """(date, organization, records, SUM, COUNT of each pollutant) over each organization's own
    stations, raw from the database: the same expressions the fingerprinted rows always had."""
    sums = {}
    for key in POLLUTANTS:
        sums[f"{key}_sum"] = Sum(key)
        sums[f"{key}_n"] = Count(key)
    return RawRows(
        AirDailyRecord.objects.filter(span, station__organization_id__in=orgs)
        .values("date", "station__organization_id")
        .annotate(records=Count("id"), **sums)
        .order_by()
    ).raw


def _insert(rows: list[tuple]) -> None:
    """The rows into the aggregates table: COPY on PostgreSQL, executemany on SQLite."""
    table = connection.ops.quote_name(AirDayAggregate._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CSV: None is an empty field (NULL); the text columns read an empty field as "".
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            buffer.seek(0)
            texts = ", ".join(connection.ops.quote_name(column) for column in _TEXT_COLUMNS)
            copy = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({texts}))"
            cursor.cursor.copy_expert(copy, buffer)
        else:
            marks = ", ".join(["%s"] * len(_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


class _Tree:
    """The organization tree, read once per refresh: ancestors and subtrees by id."""

    def __init__(self) -> None:
        self.parent = dict(Organization.objects.values_list("pk", "parent_id"))
        self.children: dict[int, list[int]] = {}
        for org, parent in self.parent.items():
            if parent is not None:
                self.children.setdefault(parent, []).append(org)
        self._subtrees: dict[int, list[int]] = {}

    def with_ancestors(self, orgs: set[int]) -> set[int]:
        found = set()
        for org in orgs:
            while org is not None and org not in found:
                found.add(org)
                org = self.parent.get(org)
        return found

    def subtree(self, org: int) -> list[int]:
        if org not in self._subtrees:
            ids, stack = [], [org]
            while stack:
                node = stack.pop()
                ids.append(node)
                stack.extend(self.children.get(node, ()))
            self._subtrees[org] = ids
        return self._subtrees[org]
